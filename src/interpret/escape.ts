// ausearch's --escape modes for interpreted values: raw (as is), tty (bytes
// below 0x20 as \ooo, the default), shell (also \ before "'`$\!()| and space)
// and shell_quote (also ;#&*?[]<>{}). Bytes from 0x80 up are never changed.

export type EscapeMode = 'raw' | 'tty' | 'shell' | 'shell_quote';

const SHELL = new Uint8Array(128);
const SHELL_QUOTE = new Uint8Array(128);
for (const c of '"\'`$\\!()| ') SHELL[c.charCodeAt(0)] = 1;
for (const c of '"\'`$\\!()| ;#&*?[]<>{}') SHELL_QUOTE[c.charCodeAt(0)] = 1;

function setFor(mode: EscapeMode): Uint8Array | undefined {
  return mode === 'shell' ? SHELL : mode === 'shell_quote' ? SHELL_QUOTE : undefined;
}

/** True when `escapeText` would change `s` (auparse need_escaping). */
export function needsEscape(s: string, mode: EscapeMode): boolean {
  if (mode === 'raw') return false;
  const set = setFor(mode);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || (set !== undefined && c < 128 && set[c] === 1)) return true;
  }
  return false;
}

const OCT = '01234567';

/** Escape `s` for `mode` (auparse tty_escape / shell_escape / shell_quote_escape). */
export function escapeText(s: string, mode: EscapeMode): string {
  if (!needsEscape(s, mode)) return s;
  const set = setFor(mode);
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) {
      out += s.slice(from, i) + '\\0' + OCT[c >> 3] + OCT[c & 7];
      from = i + 1;
    } else if (set !== undefined && c < 128 && set[c] === 1) {
      out += s.slice(from, i) + '\\';
      from = i;
    }
  }
  return out + s.slice(from);
}

/** A key value may hold several keys split by 0x01: each is escaped alone. */
export function escapeKey(s: string, mode: EscapeMode): string {
  if (mode === 'raw' || s.indexOf('\x01') < 0) return escapeText(s, mode);
  return s
    .split('\x01')
    .map((k) => escapeText(k, mode))
    .join('\x01');
}

/** ausearch's limit on what safe_print_string escapes (MAX_AUDIT_MESSAGE_LENGTH). */
const MAX_MESSAGE = 8970;

/**
 * safe_print_string(s, 1) as ausearch's -i output uses it for the rest of a
 * record it could not split: printed whole when nothing needs escaping, else
 * only its first 8970 bytes, escaped; a newline follows either way. In shell
 * mode ausearch's own check also counts bytes from 0x80 up.
 */
export function safePrintLine(s: string, mode: EscapeMode): string {
  if (mode === 'raw') return s + '\n';
  const set = setFor(mode);
  const n = Math.min(s.length, MAX_MESSAGE);
  let need = false;
  for (let i = 0; i < n && !need; i++) {
    const c = s.charCodeAt(i);
    need = c < 32 || (set !== undefined && (c >= 128 ? mode === 'shell' : set[c] === 1));
  }
  if (!need) return s + '\n';
  return escapeText(s.slice(0, n), mode) + '\n';
}
