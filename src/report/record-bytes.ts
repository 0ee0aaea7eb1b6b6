// Byte-level pieces shared by the in-place record readers: interned strings,
// numbers and the untrusted-string values (quoted, hex or `(null)`) as
// ausearch reads them.
import type { Buffer } from 'node:buffer';
import { hexDigit } from '../format/index.js';
import type { SearchItems } from '../query/index.js';

export const SPACE = 0x20;
export const EQ = 0x3d;
export const QUOTE = 0x22;

/** Interns strings read from bytes: the same exe/comm/tty repeat event after event. */
export class ByteStrings {
  readonly #table = new Map<number, { bytes: Uint8Array; text: string }[]>();
  #size = 0;

  text(b: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n > 256) return b.toString('latin1', start, end);
    let h = n;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + (b[i] as number)) | 0;
    const bucket = this.#table.get(h);
    if (bucket !== undefined) {
      outer: for (const e of bucket) {
        const bytes = e.bytes;
        if (bytes.length !== n) continue;
        for (let i = 0; i < n; i++) if (bytes[i] !== b[start + i]) continue outer;
        return e.text;
      }
    }
    const text = b.toString('latin1', start, end);
    if (this.#size < 65536) {
      const entry = { bytes: Uint8Array.prototype.slice.call(b, start, end), text };
      if (bucket === undefined) this.#table.set(h, [entry]);
      else bucket.push(entry);
      this.#size++;
    }
    return text;
  }
}

/** Unsigned decimal of at most `maxDigits` digits, or -1. */
export function decimal(b: Buffer, s: number, e: number, maxDigits: number): number {
  if (e <= s || e - s > maxDigits) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = b[i] as number;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Whether [s, e) is 1..16 significant hex digits (a0=/a1= fit in 64 bits). */
export function hex64(b: Buffer, s: number, e: number): boolean {
  if (e <= s) return false;
  let i = s;
  for (let k = s; k < e; k++) if (hexDigit(b[k] as number) < 0) return false;
  while (i < e && b[i] === 48) i++;
  return e - i <= 16;
}

/**
 * An untrusted string value (comm=, exe=, key=): "quoted" (the text inside),
 * `(null)`, or upper-case hex of even length (decoded up to its first NUL, as
 * ausearch's unescape leaves a C string there: `0100AA` is "\x01"). undefined
 * otherwise.
 */
export function stringValue(b: Buffer, s: number, e: number, strings: ByteStrings): string | undefined {
  if (b[s] === QUOTE) return e - s >= 2 && b[e - 1] === QUOTE ? strings.text(b, s + 1, e - 1) : undefined;
  if (e - s === 6 && b[s] === 0x28 && b.toString('latin1', s, e) === '(null)') return '(null)';
  if ((e - s) % 2 !== 0 || e === s) return undefined;
  let out = '';
  for (let i = s; i < e; i += 2) {
    const hi = hexDigit(b[i] as number);
    const lo = hexDigit(b[i + 1] as number);
    if (hi < 0 || lo < 0) return undefined;
    const byte = hi * 16 + lo;
    if (byte === 0) {
      // The rest must still be hex, or the value is not one this path reads.
      for (let k = i + 2; k < e; k++) if (hexDigit(b[k] as number) < 0) return undefined;
      break;
    }
    out += String.fromCharCode(byte);
  }
  return out;
}

/** key= as parseSyscall adds it: a quoted key as is, a hex one split at 0x01 (an empty list if nothing is left). */
export function addKeys(s: SearchItems, text: string, quoted: boolean): void {
  if (quoted) {
    s.addKey(text);
    return;
  }
  for (const k of text.split('\x01')) if (k.length > 0) s.addKey(k);
  if (s.keys === null) s.keys = [];
}
