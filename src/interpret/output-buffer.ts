// A growable byte buffer that formatted records are appended to: the hot path
// copies input bytes straight into it instead of building strings. The caller
// writes `view()` out when it likes and calls `clear()`.
import { Buffer } from 'node:buffer';

export class OutputBuffer {
  buf: Buffer;
  len = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** The bytes appended since the last clear() (a view: valid until the next append). */
  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** The appended bytes as latin1 text. */
  text(): string {
    return this.buf.toString('latin1', 0, this.len);
  }

  clear(): void {
    this.len = 0;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Appends latin1 text (one byte per char). */
  latin1(s: string): void {
    const n = s.length;
    this.reserve(n);
    if (n < 24) {
      const b = this.buf;
      let p = this.len;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.len = p;
    } else {
      this.len += this.buf.write(s, this.len, n, 'latin1');
    }
  }

  /** Appends bytes src[from, to). */
  bytes(src: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.reserve(n);
    if (n < 24) {
      const b = this.buf;
      let p = this.len;
      for (let i = from; i < to; i++) b[p++] = src[i] as number;
      this.len = p;
    } else {
      this.len += src.copy(this.buf, this.len, from, to);
    }
  }

  /** Appends a non-negative integer in decimal, at least `width` digits (zero-padded). */
  decimal(n: number, width = 1): void {
    if (!Number.isSafeInteger(n) || n < 0) return this.latin1(String(n));
    let digits = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
    if (digits < width) digits = width;
    this.reserve(digits);
    const b = this.buf;
    let p = this.len + digits;
    this.len = p;
    let v = n;
    for (let i = 0; i < digits; i++) {
      const q = Math.floor(v / 10);
      b[--p] = 48 + (v - q * 10);
      v = q;
    }
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.len++] = c;
  }
}
