// The escapes ausearch applies to text it prints (--escape raw|tty|shell|
// shell_quote, default tty): control bytes become octal `\ooo`; the shell
// modes also backslash the characters a shell would act on. Text is latin1
// (one char per byte), so bytes pass through unchanged otherwise.
export type EscapeMode = 'raw' | 'tty' | 'shell' | 'shell_quote';

const SHELL_SET = new Set(Array.from('"\'`$\\!()| ', (c) => c.charCodeAt(0)));
const SHELL_QUOTE_SET = new Set(Array.from('"\'`$\\!()| ;#&*?[]<>{}', (c) => c.charCodeAt(0)));

/** Per byte: 1 when the mode escapes it (index 0 tty, 1 shell, 2 shell_quote). */
const ESCAPED: readonly Uint8Array[] = [undefined, SHELL_SET, SHELL_QUOTE_SET].map((set) => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 32; c++) t[c] = 1;
  if (set !== undefined) for (const c of set) t[c] = 1;
  return t;
});

/** The DataView of the buffer needsEscape read last (records come from a few large buffers). */
let viewOf: Uint8Array | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));

/** Whether escapeForTerminal would change the latin1 text of bytes b[start, end) (the byte path of the formatters). */
export function needsEscape(b: Uint8Array, start: number, end: number, mode: EscapeMode): boolean {
  if (mode === 'raw') return false;
  let i = start;
  if (mode === 'tty') {
    // Four bytes at a time: (w - 0x20202020) & ~w & 0x80808080 is nonzero
    // exactly when some byte of w is below 0x20 ("Bit Twiddling Hacks", hasless).
    if (b !== viewOf) {
      viewOf = b;
      view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    for (const last = end - 4; i <= last; i += 4) {
      const w = view.getInt32(i, true);
      if (((w - 0x20202020) & ~w & 0x80808080) !== 0) return true;
    }
  }
  const t = ESCAPED[mode === 'tty' ? 0 : mode === 'shell' ? 1 : 2] as Uint8Array;
  for (; i < end; i++) if (t[b[i] as number] === 1) return true;
  return false;
}

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
