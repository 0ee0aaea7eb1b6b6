// A bounded map from input byte spans to the bytes printed for them, for
// stretches of records whose printed text depends on their bytes alone (and
// on the ENRICHED names they were printed with, matched by identity, and a
// number the caller picks, such as the record type): a SYSCALL record's
// credentials, tty, session, comm, exe and key repeat from record to record
// of one process, whole CWD, PATH or PROCTITLE records repeat, and a hit
// costs a hash, a compare and a copy, four bytes at a time, instead of
// cutting and printing each field.
// Open addressing on the hash, every hit checked byte for byte; when full it
// starts over, so memory stays bounded without bookkeeping.
import { copyBytes, dataViewOf, sameBytes, type OutputBuffer } from './output-buffer.js';

const SLOTS = 1 << 12;
const MASK = SLOTS - 1;
const LIMIT = SLOTS >> 2;
const ARENA_BYTES = 1 << 20;
/** Longer spans (rare) are not remembered. */
const MAX_IN = 2048;
const MAX_OUT = 8192;

export class SpanMemo {
  /** Entry index + 1 per slot; 0 is empty. */
  readonly #slots = new Int32Array(SLOTS);
  readonly #hashes = new Int32Array(LIMIT);
  readonly #inAt = new Int32Array(LIMIT);
  readonly #inLen = new Int32Array(LIMIT);
  readonly #outAt = new Int32Array(LIMIT);
  readonly #outLen = new Int32Array(LIMIT);
  readonly #tags: Array<object | undefined> = [];
  readonly #keys = new Int32Array(LIMIT);
  /** Grown by doubling up to ARENA_BYTES: a short log does not pay for the whole of it. */
  #arena = new Uint8Array(ARENA_BYTES >> 6);
  #view = dataViewOf(this.#arena);
  #count = 0;
  #used = 0;
  /** Where the last missed lookup would go (-1: not to be stored), and its hash. */
  #slot = -1;
  #hash = 0;

  /** The entry for input[from, to) remembered with `tag` and `key`, or -1 (put() may then store it). */
  find(tag: object | undefined, key: number, input: DataView, from: number, to: number): number {
    const len = to - from;
    if (len > MAX_IN) {
      this.#slot = -1;
      return -1;
    }
    let h = len ^ Math.imul(key, 0x85ebca6b);
    let i = from;
    for (const last = to - 4; i <= last; i += 4) h = Math.imul(h ^ input.getInt32(i, true), 0x9e3779b1);
    for (; i < to; i++) h = Math.imul(h ^ input.getUint8(i), 0x01000193);
    h ^= h >>> 15;
    const slots = this.#slots;
    let slot = h & MASK;
    for (;;) {
      const e = slots[slot] as number;
      if (e === 0) break;
      const id = e - 1;
      if (this.#hashes[id] === h && this.#inLen[id] === len && this.#keys[id] === key && this.#tags[id] === tag && sameBytes(this.#view, this.#inAt[id] as number, input, from, len)) return id;
      slot = (slot + 1) & MASK;
    }
    this.#slot = slot;
    this.#hash = h;
    return -1;
  }

  /** Appends the output of entry `id`. */
  replay(id: number, out: OutputBuffer): void {
    const at = this.#outAt[id] as number;
    out.copy(this.#view, at, at + (this.#outLen[id] as number));
  }

  /** Remembers out.buf[outFrom, out.len) as the output of the span the last find() missed (same tag, key and input). */
  put(tag: object | undefined, key: number, input: DataView, from: number, to: number, out: OutputBuffer, outFrom: number): void {
    if (this.#slot < 0) return;
    const inLen = to - from;
    const outLen = out.len - outFrom;
    if (outLen > MAX_OUT) {
      this.#slot = -1;
      return;
    }
    const need = this.#used + inLen + outLen;
    if (need > this.#arena.length && need <= ARENA_BYTES) {
      let size = this.#arena.length * 2;
      while (size < need) size *= 2;
      const arena = new Uint8Array(size);
      arena.set(this.#arena.subarray(0, this.#used));
      this.#arena = arena;
      this.#view = dataViewOf(arena);
    }
    if (this.#count >= LIMIT || need > ARENA_BYTES) {
      this.#slots.fill(0);
      this.#tags.fill(undefined);
      this.#count = 0;
      this.#used = 0;
      this.#slot = this.#hash & MASK;
    }
    const id = this.#count++;
    const view = this.#view;
    const inAt = this.#used;
    copyBytes(input, from, view, inAt, inLen);
    const outAt = inAt + inLen;
    copyBytes(out.dataView, outFrom, view, outAt, outLen);
    this.#used = outAt + outLen;
    this.#hashes[id] = this.#hash;
    this.#inAt[id] = inAt;
    this.#inLen[id] = inLen;
    this.#outAt[id] = outAt;
    this.#outLen[id] = outLen;
    this.#tags[id] = tag;
    this.#keys[id] = key;
    this.#slots[this.#slot] = id + 1;
    this.#slot = -1;
  }
}
