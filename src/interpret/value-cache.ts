// A bounded cache of printed values keyed by (kind code, the value's bytes),
// for values whose printed text depends on nothing else: modes, capability
// sets, flags, socket addresses and the like repeat all through a log, and a
// hit costs a hash and a compare of the bytes instead of a string, a parse and
// a print. Open addressing on an FNV-1a hash, every hit checked byte for byte;
// when full it starts over, so memory stays bounded without bookkeeping.
import type { Buffer } from 'node:buffer';

const SLOTS = 1 << 14;
const MASK = SLOTS - 1;
const LIMIT = SLOTS >> 2;
const ARENA_BYTES = 1 << 18;
/** Longer values (rare: long socket paths) are not remembered. */
const MAX_KEY = 256;

export class ValueCache {
  /** Entry index + 1 per slot; 0 is empty. */
  readonly #slots = new Int32Array(SLOTS);
  readonly #hashes = new Int32Array(LIMIT);
  readonly #codes = new Int32Array(LIMIT);
  readonly #starts = new Int32Array(LIMIT);
  readonly #lens = new Int32Array(LIMIT);
  readonly #arena = new Uint8Array(ARENA_BYTES);
  readonly #texts: Array<string | undefined> = [];
  #count = 0;
  #used = 0;
  /** Where the last missed lookup would go (-1: not to be stored), and its hash. */
  #slot = -1;
  #hash = 0;

  /** The entry for the value b[from, to) of kind `code`, or -1 (put() may then store it). */
  find(code: number, b: Buffer, from: number, to: number): number {
    const len = to - from;
    if (len > MAX_KEY) {
      this.#slot = -1;
      return -1;
    }
    let h = 0x811c9dc5 ^ code;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    const slots = this.#slots;
    let slot = h & MASK;
    for (;;) {
      const e = slots[slot] as number;
      if (e === 0) break;
      const id = e - 1;
      if (this.#hashes[id] === h && this.#lens[id] === len && this.#codes[id] === code && this.#same(id, b, from, len)) return id;
      slot = (slot + 1) & MASK;
    }
    this.#slot = slot;
    this.#hash = h;
    return -1;
  }

  /** The printed text of entry `id` (undefined where the printer gave none). */
  text(id: number): string | undefined {
    return this.#texts[id];
  }

  /** Remembers `text` for the value the last find() missed (same arguments). */
  put(code: number, b: Buffer, from: number, to: number, text: string | undefined): void {
    if (this.#slot < 0) return;
    const len = to - from;
    if (this.#count >= LIMIT || this.#used + len > ARENA_BYTES) {
      this.#slots.fill(0);
      this.#count = 0;
      this.#used = 0;
      this.#slot = this.#hash & MASK;
    }
    const id = this.#count++;
    const arena = this.#arena;
    const at = this.#used;
    for (let i = 0; i < len; i++) arena[at + i] = b[from + i] as number;
    this.#used += len;
    this.#hashes[id] = this.#hash;
    this.#codes[id] = code;
    this.#starts[id] = at;
    this.#lens[id] = len;
    this.#texts[id] = text;
    this.#slots[this.#slot] = id + 1;
    this.#slot = -1;
  }

  #same(id: number, b: Buffer, from: number, len: number): boolean {
    const arena = this.#arena;
    const at = this.#starts[id] as number;
    for (let i = 0; i < len; i++) if (arena[at + i] !== b[from + i]) return false;
    return true;
  }
}
