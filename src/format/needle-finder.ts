// Finds whether a line holds any of a few byte strings, scanning each chunk
// once per string: the last hit is remembered and reused while lines move
// forward through the same buffer (Buffer.indexOf cannot stop at a line's end).
// Search uses it to skip events that cannot match a string criterion.
import type { Buffer } from 'node:buffer';

class Needle {
  readonly #bytes: Buffer;
  #buffer: Buffer | undefined;
  #from = 0;
  #found = -1;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Whether the needle lies wholly within bytes[start, end). */
  within(bytes: Buffer, start: number, end: number): boolean {
    if (bytes !== this.#buffer || start < this.#from || (this.#found >= 0 && this.#found < start)) {
      this.#buffer = bytes;
      this.#from = start;
      this.#found = bytes.indexOf(this.#bytes, start);
    }
    return this.#found >= 0 && this.#found + this.#bytes.length <= end;
  }
}

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
