// Byte-level printers for the values most records carry (quoted or hex
// strings, keys, proctitle), writing decoded and tty-escaped bytes straight
// into the output buffer. They give the same bytes as printEscaped /
// printProctitle followed by escapeText in 'tty' or 'raw' mode (checked over
// the corpus in test/interpret/corpus.test.ts); other modes take the string
// path. Each writes into the buffer through a local cursor after one reserve:
// these loops run over most of the output's bytes.
import type { Buffer } from 'node:buffer';
import type { OutputBuffer } from './output-buffer.js';

/** Hex digit values by byte, -1 for the rest. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) HEX[97 + c] = HEX[65 + c] = 10 + c;

/**
 * Two hex digits at once: the byte they encode, by the pair's bytes as
 * first | second << 8; -1 where either is not a hex digit. One lookup per
 * decoded byte for the long hex values (proctitle, paths, arguments).
 */
const HEX2 = new Int16Array(65536).fill(-1);
for (let hi = 0; hi < 256; hi++) {
  const h = HEX[hi] as number;
  if (h < 0) continue;
  for (let lo = 0; lo < 256; lo++) {
    const l = HEX[lo] as number;
    if (l >= 0) HEX2[hi | (lo << 8)] = (h << 4) | l;
  }
}

/** At most this many output bytes per input byte (\ooo, or ' key=' for 0x01). */
const MAX_GROWTH = 5;

/**
 * Writes byte `c` at o[p] (as \ooo when tty escaping applies to it) and returns
 * the next position. ' key=' for 0x01 when `keySep`.
 */
function putAt(o: Buffer, p: number, c: number, tty: boolean, keySep: boolean): number {
  if (c >= 32) {
    o[p] = c;
    return p + 1;
  }
  if (c === 1 && keySep) {
    o[p] = 32;
    o[p + 1] = 107;
    o[p + 2] = 101;
    o[p + 3] = 121;
    o[p + 4] = 61;
    return p + 5;
  }
  if (!tty) {
    o[p] = c;
    return p + 1;
  }
  o[p] = 92;
  o[p + 1] = 48;
  o[p + 2] = 48 + (c >> 3);
  o[p + 3] = 48 + (c & 7);
  return p + 4;
}

/** Bytes src[from, to), escaped; with `keySep`, 0x01 (a key separator) as " key=". */
export function putBytes(out: OutputBuffer, src: Buffer, from: number, to: number, tty: boolean, keySep = false): void {
  if (to <= from) return;
  out.reserve((to - from) * MAX_GROWTH);
  const o = out.buf;
  let p = out.len;
  for (let i = from; i < to; i++) {
    const c = src[i] as number;
    if (c >= 32) o[p++] = c;
    else p = putAt(o, p, c, tty, keySep);
  }
  out.len = p;
}

/** The number of leading hex digits in b[from, to). */
function hexRun(b: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && HEX[b[i] as number] !== -1) i++;
  return i - from;
}

/**
 * print_escaped of b[from, to): quoted → inside the quotes (a lone quote → " "),
 * hex (after a leading "00") → decoded up to the first NUL, `(word)` → as is,
 * else the value itself. With `keySep`, 0x01 bytes (key separators) print as
 * " key=", as ausearch prints several keys.
 */
export function putEscaped(out: OutputBuffer, b: Buffer, from: number, to: number, tty: boolean, keySep: boolean): void {
  if (b[from] === 34) return putQuoted(out, b, from, to, tty, keySep);
  const start = b[from] === 48 && from + 1 < to && b[from + 1] === 48 ? from + 2 : from;
  if (b[start] === 40) {
    let close = start + 1;
    while (close < to && b[close] !== 41) close++;
    return close >= to ? putBytes(out, b, from, to, tty, keySep) : putBytes(out, b, start, close + 1, tty, keySep);
  }
  // Fewer than two hex digits: not hex, the value as it is.
  if (!(start + 1 < to && HEX[b[start] as number] !== -1 && HEX[b[start + 1] as number] !== -1)) return putBytes(out, b, from, to, tty, keySep);
  putHex(out, b, start, to, tty, keySep);
}

/** Inside the quotes of b[from, to) (b[from] is '"'); a lone quote prints " ". One pass: copied while looking for the close. */
function putQuoted(out: OutputBuffer, b: Buffer, from: number, to: number, tty: boolean, keySep: boolean): void {
  out.reserve((to - from) * MAX_GROWTH + 1);
  const o = out.buf;
  const begin = out.len;
  let p = begin;
  for (let i = from + 1; i < to; i++) {
    const c = b[i] as number;
    if (c === 34) {
      out.len = p;
      return;
    }
    if (c >= 32) o[p++] = c;
    else p = putAt(o, p, c, tty, keySep);
  }
  o[begin] = 32;
  out.len = begin + 1;
}

/**
 * The leading hex digits of b[start, to) decoded (an odd last digit as a high
 * nibble), up to the first NUL. The caller checked there are two or more.
 */
function putHex(out: OutputBuffer, b: Buffer, start: number, to: number, tty: boolean, keySep: boolean): void {
  out.reserve(((to - start + 1) >> 1) * MAX_GROWTH);
  const o = out.buf;
  let p = out.len;
  let i = start;
  for (const last = to - 2; i <= last; i += 2) {
    const c = HEX2[(b[i] as number) | ((b[i + 1] as number) << 8)] as number;
    if (c === 0) {
      // A NUL ends the string.
      out.len = p;
      return;
    }
    if (c < 0) break;
    if (c >= 32) o[p++] = c;
    else p = putAt(o, p, c, tty, keySep);
  }
  // A lone hex digit where the pairs stop (the last, or one before a byte
  // that is not hex) counts as a high nibble; 0 would be the NUL.
  if (i < to) {
    const hi = HEX[b[i] as number] as number;
    if (hi > 0) p = putAt(o, p, hi << 4, tty, keySep);
  }
  out.len = p;
}

/**
 * print_proctitle of b[from, to): over the first strlen/2 bytes of auparse's
 * buffer NULs read as spaces, then printing goes on to the next NUL (past the
 * decoded bytes the buffer holds NULs up to strlen/2 of the hex, then the
 * rest of the copied hex text; see UnhexBuffer).
 */
export function putProctitle(out: OutputBuffer, b: Buffer, from: number, to: number, tty: boolean): void {
  const start = b[from] === 48 && from + 1 < to && b[from + 1] === 48 ? from + 2 : from;
  if (b[from] === 34 || b[start] === 40) return putEscaped(out, b, from, to, tty, false);
  if (start === from && ((to - from) & 1) === 0 && putProctitleHex(out, b, from, to, tty)) return;
  const h = hexRun(b, start, to);
  if (h < 2) return putBytes(out, b, from, to, tty);
  const k = (h + 1) >> 1;
  const zeroTo = (to - start) >> 1;
  const limit = (to - from) >> 1;
  out.reserve(Math.max(h, limit) * 4 + 4);
  const o = out.buf;
  let p = out.len;
  for (let i = 0; ; i++) {
    let c: number;
    if (i < k) {
      const hi = HEX[b[start + 2 * i] as number] as number;
      const lo = 2 * i + 1 < h ? (HEX[b[start + 2 * i + 1] as number] as number) : 0;
      c = (hi << 4) | lo;
    } else c = i === k || i <= zeroTo || i >= h ? 0 : (b[start + i] as number);
    if (i < limit) p = putAt(o, p, c === 0 ? 32 : c, tty, false);
    else if (c === 0) break;
    else p = putAt(o, p, c, tty, false);
  }
  out.len = p;
}

/**
 * The usual proctitle: an even number of hex digits and nothing else, no
 * leading "00". Then auparse's loop prints exactly the decoded bytes with
 * NULs as spaces and stops at the NUL just past them. False (nothing
 * written) when the value is not all hex.
 */
function putProctitleHex(out: OutputBuffer, b: Buffer, from: number, to: number, tty: boolean): boolean {
  out.reserve(((to - from) >> 1) * 4);
  const o = out.buf;
  let p = out.len;
  for (let i = from; i < to; i += 2) {
    const c = HEX2[(b[i] as number) | ((b[i + 1] as number) << 8)] as number;
    if (c < 0) return false;
    if (c >= 32) o[p++] = c;
    else p = putAt(o, p, c === 0 ? 32 : c, tty, false);
  }
  out.len = p;
  return true;
}

/** True when every byte of b[from, to) is a decimal digit (and there is one). */
export function allDigits(b: Buffer, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Decimal digits b[from, to) as a number (call allDigits first; at most 15 digits stay exact). */
export function digitsValue(b: Buffer, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + ((b[i] as number) - 48);
  return v;
}

/** Hex digits b[from, to) as a number, or -1 when not all hex or longer than 8. */
export function hex32(b: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 8) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = HEX[b[i] as number] as number;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** True when b[from, to) holds exactly the bytes of `ascii`. */
export function bytesEqual(b: Buffer, from: number, to: number, ascii: string): boolean {
  if (to - from !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (b[from + i] !== ascii.charCodeAt(i)) return false;
  return true;
}
