// The escapes ausearch applies to text it prints (--escape raw|tty|shell|
// shell_quote, default tty): control bytes become octal `\ooo`; the shell
// modes also backslash the characters a shell would act on. Text is latin1
// (one char per byte), so bytes pass through unchanged otherwise.
export type EscapeMode = 'raw' | 'tty' | 'shell' | 'shell_quote';

const SHELL_SET = new Set(Array.from('"\'`$\\!()| ', (c) => c.charCodeAt(0)));
const SHELL_QUOTE_SET = new Set(Array.from('"\'`$\\!()| ;#&*?[]<>{}', (c) => c.charCodeAt(0)));

function octal(c: number): string {
  return `\\${(c >> 6) & 7}${(c >> 3) & 7}${c & 7}`;
}

/** Escapes `text` for the mode; returns it unchanged (same string) when nothing needs escaping. */
export function escapeForTerminal(text: string, mode: EscapeMode): string {
  if (mode === 'raw') return text;
  const special = mode === 'tty' ? undefined : mode === 'shell' ? SHELL_SET : SHELL_QUOTE_SET;
  let i = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || (special !== undefined && special.has(c))) break;
  }
  if (i === n) return text;
  let out = text.slice(0, i);
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) out += octal(c);
    else if (special !== undefined && special.has(c)) out += `\\${text[i]}`;
    else out += text[i];
  }
  return out;
}
