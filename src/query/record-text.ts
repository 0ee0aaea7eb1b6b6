// One record as ausearch 3.0.9's parsers see it — the C string n->message:
// the line up to its ENRICHED separator, ending at a NUL if one comes first —
// read in place from the buffer the record lies in. Positions are offsets
// from the line's first byte and -1 plays C's NULL, so the parsers read as
// they did over a string; a string is made only for a value a criterion needs.
import { Buffer } from 'node:buffer';
import { InternedStrings, indexOfByte, indexOfBytesNear, latin1Needle } from '../format/index.js';
import { i32OfBytes, overflowsU64Bytes, strtolBytes, u32OfBytes, unescapeBytes } from './c-text.js';

/** A field name or other text the parsers look for (see needle()). */
export type Needle = Uint8Array;

export const needle = latin1Needle;

const EMPTY = Buffer.alloc(0);

export class RecordText {
  #b: Buffer = EMPTY;
  #base = 0;
  readonly #strings = new InternedStrings();
  /** Bytes in the C string: where its terminating NUL would be. */
  length = 0;
  /**
   * Where ausearch's parser left a NUL in the record when it gave up on a
   * number out of range (it cuts a value there to read it), else -1: its
   * --debug line prints the record up to there.
   */
  cut = -1;
  /**
   * Where a search for `arch=` or `syscall=` from the start may begin
   * instead: past the header when its node and type name hold neither (the
   * rest of a header cannot), else 0.
   */
  bodyAt = 0;

  /** Points at b[start, end); `end` is the ENRICHED separator or the line's end, which the caller has cut at a NUL. */
  reset(b: Buffer, start: number, end: number): void {
    this.#b = b;
    this.#base = start;
    this.length = end - start;
    this.cut = -1;
    this.bodyAt = 0;
  }

  /** The byte at `i`, or -1 outside the string (where C would read its NUL, or before it). */
  at(i: number): number {
    return i >= 0 && i < this.length ? (this.#b[this.#base + i] as number) : -1;
  }

  /** strstr(m + from, needle), as an offset or -1. */
  find(n: Needle, from: number): number {
    if (from >= this.length) return -1;
    const b = this.#b;
    const start = this.#base + (from < 0 ? 0 : from);
    const end = this.#base + this.length;
    // Parsers mostly look for the next field from the space before it.
    const at = indexOfBytesNear(b, n, start, end, 2);
    return at < 0 ? -1 : at - this.#base;
  }

  /** strchr(m + from, c), as an offset or -1. */
  indexOf(c: number, from: number): number {
    const at = indexOfByte(this.#b, c, this.#base + (from < 0 ? 0 : from), this.#base + this.length);
    return at < 0 ? -1 : at - this.#base;
  }

  /** Whether `n` is written at `at` (strncmp(m + at, n, len) == 0). */
  startsWith(n: Needle, at: number): boolean {
    if (at < 0 || at + n.length > this.length) return false;
    const b = this.#b;
    const p = this.#base + at;
    for (let k = 0; k < n.length; k++) if (b[p + k] !== n[k]) return false;
    return true;
  }

  /** Whether [from, to) is exactly `n`. */
  equals(from: number, to: number, n: Needle): boolean {
    return to - from === n.length && this.startsWith(n, from);
  }

  /** Whether [from, to) is `n` ignoring ASCII case (strcasecmp; `n` in lower case). */
  equalsIgnoreCase(from: number, to: number, n: Needle): boolean {
    if (to - from !== n.length || from < 0 || to > this.length) return false;
    const b = this.#b;
    const p = this.#base + from;
    for (let k = 0; k < n.length; k++) {
      const c = b[p + k] as number;
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== n[k]) return false;
    }
    return true;
  }

  /** [from, to) as latin1 text; `to` < 0 means to the end. Values repeat: they are interned. */
  text(from: number, to: number): string {
    const end = to < 0 ? this.length : to;
    return this.#strings.text(this.#b, this.#base + from, this.#base + end);
  }

  /** strtoul(m + from) with the value cut at `end` (-1: not cut), as a uint32_t; NaN on ERANGE. */
  u32(from: number, end: number, base = 10): number {
    const v = u32OfBytes(this.#b, this.#base + from, this.#base + (end < 0 ? this.length : end), base);
    if (v !== v) this.cut = end; // NaN
    return v;
  }

  /** As u32 but stored in a C int (pid_t, int, enum). */
  i32(from: number, end: number, base = 10): number {
    const v = i32OfBytes(this.#b, this.#base + from, this.#base + (end < 0 ? this.length : end), base);
    if (v !== v) this.cut = end;
    return v;
  }

  /** strtoll(m + from) cut at `end`; undefined on ERANGE. */
  strtol(from: number, end: number, base: number): bigint | undefined {
    const v = strtolBytes(this.#b, this.#base + from, this.#base + (end < 0 ? this.length : end), base);
    if (v === undefined) this.cut = end;
    return v;
  }

  /** Whether strtoull(m + from) cut at `end` would set ERANGE. */
  overflowsU64(from: number, end: number, base: number): boolean {
    if (!overflowsU64Bytes(this.#b, this.#base + from, this.#base + end, base)) return false;
    this.cut = end;
    return true;
  }

  /** ausearch's unescape(m + at). */
  unescape(at: number): string | null {
    if (at >= this.length) return null;
    return unescapeBytes(this.#b, this.#base + at, this.#base + this.length);
  }

  /** The string as ausearch's --debug prints it after a parser gave up (see cut). */
  toString(): string {
    return this.text(0, this.cut < 0 ? this.length : this.cut);
  }
}
