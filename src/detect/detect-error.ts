// Errors of detect/: a Sigma rule that cannot be loaded (naming its file, the
// field at fault and the line), an io_uring profile file that is not one.
// Stable codes; callers branch on `code`.
import { AuspexError } from '../errors.js';

export type DetectErrorCode =
  | 'E_SIGMA_YAML'
  | 'E_SIGMA_FIELD'
  | 'E_SIGMA_MODIFIER'
  | 'E_SIGMA_VALUE'
  | 'E_SIGMA_CONDITION'
  | 'E_PROFILE';

export class DetectError extends AuspexError<DetectErrorCode> {
  /** The rule or profile file at fault. */
  readonly file: string;
  /** Where in the document: `detection.selection.a0|contains`; '' for the whole file. */
  readonly field: string;
  /** 1-based line of the field, 0 when not known. */
  readonly line: number;

  constructor(code: DetectErrorCode, where: { file: string; field: string; line: number }, reason: string) {
    const at = where.line > 0 ? `${where.file}:${where.line}` : where.file;
    super(code, `${at}: ${where.field === '' ? '' : `${where.field}: `}${reason}`);
    this.name = 'DetectError';
    this.file = where.file;
    this.field = where.field;
    this.line = where.line;
  }
}
