// aureport 3.0.9's safe_print_string escaping (--escape raw|tty|shell|
// shell_quote, default tty): bytes below 0x20 become octal `\ooo`; the shell
// modes also backslash the characters a shell acts on. It looks at no more
// than MAX_AUDIT_MESSAGE_LENGTH bytes: a longer string that needs escaping is
// cut there. Text is latin1 (one char per byte). Kept here rather than taken
// from output/ so the summaries load no output formatter.
export type EscapeMode = 'raw' | 'tty' | 'shell' | 'shell_quote';

const MAX_AUDIT_MESSAGE_LENGTH = 8970;
const SHELL = new Set(Array.from('"\'`$\\!()| ', (c) => c.charCodeAt(0)));
const SHELL_QUOTE = new Set(Array.from('"\'`$\\!()| ;#&*?[]<>{}', (c) => c.charCodeAt(0)));

function octal(c: number): string {
  return `\\${(c >> 6) & 7}${(c >> 3) & 7}${c & 7}`;
}

/** The text as aureport prints it; the same string when nothing needs escaping. */
export function escapeText(text: string, mode: EscapeMode): string {
  if (mode === 'raw') return text;
  const special = mode === 'tty' ? undefined : mode === 'shell' ? SHELL : SHELL_QUOTE;
  const n = Math.min(text.length, MAX_AUDIT_MESSAGE_LENGTH);
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    // The shell modes test a signed char: bytes past 0x7f take the escaping path (and its cut), printed as they are.
    if (c < 32 || (special !== undefined && (c > 0x7f || special.has(c)))) break;
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
