// Byte-level printers for the values most records carry (quoted or hex
// strings, keys, proctitle), writing decoded and tty-escaped bytes straight
// into the output buffer. They give the same bytes as printEscaped /
// printProctitle followed by escapeText in 'tty' or 'raw' mode (checked in
// test/interpret/fast-path.test.ts); other modes take the string path.
import type { Buffer } from 'node:buffer';
import type { OutputBuffer } from './output-buffer.js';

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** One byte, as \ooo when tty escaping applies to it. */
function put(out: OutputBuffer, c: number, tty: boolean): void {
  const b = out.buf;
  if (tty && c < 32) {
    b[out.len++] = 92;
    b[out.len++] = 48;
    b[out.len++] = 48 + (c >> 3);
    b[out.len++] = 48 + (c & 7);
  } else b[out.len++] = c;
}

/** Bytes src[from, to), escaped; with `keySep`, 0x01 (a key separator) as " key=". */
export function putBytes(out: OutputBuffer, src: Buffer, from: number, to: number, tty: boolean, keySep = false): void {
  out.reserve((to - from) * 5);
  for (let i = from; i < to; i++) {
    const c = src[i] as number;
    if (c === 1 && keySep) out.latin1(' key=');
    else put(out, c, tty);
  }
}

/** The number of leading hex digits in b[from, to). */
function hexRun(b: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && hexVal(b[i] as number) >= 0) i++;
  return i - from;
}

function decodedAt(b: Buffer, start: number, hexLen: number, i: number): number {
  const hi = hexVal(b[start + 2 * i] as number);
  const lo = 2 * i + 1 < hexLen ? hexVal(b[start + 2 * i + 1] as number) : 0;
  return (hi << 4) | lo;
}

/**
 * print_escaped of b[from, to): quoted → inside the quotes (a lone quote → " "),
 * hex (after a leading "00") → decoded up to the first NUL, `(word)` → as is,
 * else the value itself. With `keySep`, 0x01 bytes (key separators) print as
 * " key=", as ausearch prints several keys.
 */
export function putEscaped(out: OutputBuffer, b: Buffer, from: number, to: number, tty: boolean, keySep: boolean): void {
  if (b[from] === 34) {
    let close = from + 1;
    while (close < to && b[close] !== 34) close++;
    if (close >= to) return out.byte(32);
    return putBytes(out, b, from + 1, close, tty, keySep);
  }
  const start = b[from] === 48 && from + 1 < to && b[from + 1] === 48 ? from + 2 : from;
  if (b[start] === 40) {
    let close = start + 1;
    while (close < to && b[close] !== 41) close++;
    return close >= to ? putBytes(out, b, from, to, tty, keySep) : putBytes(out, b, start, close + 1, tty, keySep);
  }
  const h = hexRun(b, start, to);
  if (h < 2) return putBytes(out, b, from, to, tty, keySep);
  const k = (h + 1) >> 1;
  out.reserve(k * 5);
  for (let i = 0; i < k; i++) {
    const c = decodedAt(b, start, h, i);
    if (c === 0) return;
    if (c === 1 && keySep) out.latin1(' key=');
    else put(out, c, tty);
  }
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
  const h = hexRun(b, start, to);
  if (h < 2) return putBytes(out, b, from, to, tty);
  const k = (h + 1) >> 1;
  const zeroTo = (to - start) >> 1;
  const limit = (to - from) >> 1;
  out.reserve(Math.max(h, limit) * 4 + 4);
  for (let i = 0; ; i++) {
    const c = i < k ? decodedAt(b, start, h, i) : i === k || i <= zeroTo || i >= h ? 0 : (b[start + i] as number);
    if (i < limit) put(out, c === 0 ? 32 : c, tty);
    else if (c === 0) return;
    else put(out, c, tty);
  }
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
    const d = hexVal(b[i] as number);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** True when some byte of b[from, to) is below 0x20 (tty escaping would change it). */
export function hasControl(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((b[i] as number) < 32) return true;
  return false;
}
