// The one error base of auspex. Each concern declares its own string-literal
// union of codes; callers branch on `code`, never on message text.
export class AuspexError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuspexError';
    this.code = code;
  }
}
