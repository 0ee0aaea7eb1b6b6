// Finds whether a line holds any of a few byte strings, scanning each chunk
// once per string: the last hit is remembered and reused while lines move
// forward through the same buffer (Buffer.indexOf cannot stop at a line's end).
// Search uses it to skip events that cannot match a string criterion.
import type { Buffer } from 'node:buffer';

/**
 * Buffer#indexOf looks for a short string's first byte and compares from
 * there: with a first byte that fills the log ("exec": 'e'; hex digits in
 * hex-heavy logs) it stops at every other byte and costs 10-15 times more
 * than one starting at a rare byte ("xec"). So the scan looks for the
 * needle's tail from its rarest byte (counted in the first chunk seen) and
 * checks the bytes before it.
 */
class Needle {
  readonly #bytes: Buffer;
  /** Where the searched tail starts in the needle (chosen on the first chunk). */
  #from = -1;
  #tail: Buffer | undefined;
  #buffer: Buffer | undefined;
  #searchedFrom = 0;
  /** Start of the needle's next occurrence at or after #searchedFrom, or -1. */
  #found = -1;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Whether the needle lies wholly within bytes[start, end). */
  within(bytes: Buffer, start: number, end: number): boolean {
    if (bytes !== this.#buffer || start < this.#searchedFrom || (this.#found >= 0 && this.#found < start)) {
      this.#buffer = bytes;
      this.#searchedFrom = start;
      this.#found = this.#next(bytes, start);
    }
    return this.#found >= 0 && this.#found + this.#bytes.length <= end;
  }

  /** The first occurrence of the needle starting at or after `from`. */
  #next(bytes: Buffer, from: number): number {
    if (this.#from < 0) this.#choose(bytes);
    const tail = this.#tail as Buffer;
    const skip = this.#from;
    const needle = this.#bytes;
    for (let at = from + skip; ; at++) {
      at = bytes.indexOf(tail, at);
      if (at < 0) return -1;
      const start = at - skip;
      if (start < from) continue;
      let k = 0;
      while (k < skip && bytes[start + k] === needle[k]) k++;
      if (k === skip) return start;
    }
  }

  #choose(sample: Buffer): void {
    const counts = new Uint32Array(256);
    const n = Math.min(sample.length, 256 * 1024);
    for (let i = 0; i < n; i++) {
      const b = sample[i] as number;
      counts[b] = (counts[b] as number) + 1;
    }
    const needle = this.#bytes;
    // Keep a tail of two bytes at least: one byte would stop at every copy of it.
    const last = Math.max(0, needle.length - 2);
    let best = 0;
    for (let i = 1; i <= last; i++) if ((counts[needle[i] as number] as number) < (counts[needle[best] as number] as number)) best = i;
    this.#from = best;
    this.#tail = needle.subarray(best);
  }
}

/**
 * One finder may serve several readers in turn (a parallel search's chunks):
 * a needle's last hit is kept per buffer object and dropped for another, so
 * only the choice of where to scan from, made on the first chunk, is shared.
 */
export class NeedleFinder {
  readonly #needles: Needle[];

  constructor(needles: readonly Buffer[]) {
    this.#needles = needles.filter((n) => n.length > 0).map((n) => new Needle(n));
  }

  /** True when some needle lies within bytes[start, end). Lines must come in order within a buffer. */
  anyWithin(bytes: Buffer, start: number, end: number): boolean {
    for (const n of this.#needles) if (n.within(bytes, start, end)) return true;
    return false;
  }
}
