// The escapes ausearch applies to text it prints (--escape raw|tty|shell|
// shell_quote, default tty) are interpret/'s escapeText; this file adds the
// check on bytes the formatters run on every record before making a string.
import { escapeText } from '../interpret/index.js';
import type { EscapeMode } from '../interpret/index.js';

export { escapeText as escapeForTerminal };
export type { EscapeMode };

/** Per byte: 1 when the mode escapes it (index 0 tty, 1 shell, 2 shell_quote), taken from escapeText itself. */
const ESCAPED: readonly Uint8Array[] = (['tty', 'shell', 'shell_quote'] as const).map((mode) => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    const s = String.fromCharCode(c);
    if (escapeText(s, mode) !== s) t[c] = 1;
  }
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
