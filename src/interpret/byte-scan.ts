// Byte searches in a record, bounded (Buffer#indexOf cannot stop at a line's
// end). The tokenizer's scans to a value's end read four bytes at a time
// through a DataView on the same bytes: a word with none of the bytes looked
// for is passed in one step (the zero-byte test of "Bit Twiddling Hacks":
// (x - 0x01010101) & ~x & 0x80808080 is nonzero exactly when some byte of x
// is zero). The last bytes go one at a time.
import type { Buffer } from 'node:buffer';

const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;

/** Nonzero when some byte of `x` is zero. */
function zeroByte(x: number): number {
  return (x - ONES) & ~x & HIGHS;
}

// The bounded strchr is format/'s, shared with query/'s record parsers.
export { indexOfByte } from '../format/index.js';

/** The first space or comma in b[from, to) (`view` over b's bytes), or `to`. */
export function spaceOrComma(b: Buffer, view: DataView, from: number, to: number): number {
  let i = from;
  for (const last = to - 4; i <= last; i += 4) {
    const w = view.getInt32(i, true);
    if (zeroByte(w ^ 0x20202020) !== 0 || zeroByte(w ^ 0x2c2c2c2c) !== 0) break;
  }
  for (; i < to; i++) {
    const c = b[i] as number;
    if (c === 32 || c === 44) return i;
  }
  return to;
}

/** The first byte `c` in b[from, to) (`view` over b's bytes), or `to`. */
export function byteAt(b: Buffer, view: DataView, c: number, from: number, to: number): number {
  const pattern = Math.imul(c, ONES);
  let i = from;
  for (const last = to - 4; i <= last; i += 4) if (zeroByte(view.getInt32(i, true) ^ pattern) !== 0) break;
  for (; i < to; i++) if (b[i] === c) return i;
  return to;
}
