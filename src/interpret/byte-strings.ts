// Field names turned into JS strings without allocating for the ones seen
// before: an open-addressing table keyed by a hash of the name's bytes, each
// entry checked byte for byte, remembering the kind the name has when no
// record-type exception applies (as a FieldKind and as its code) and whether
// it is one of the names the formatter treats apart. Bounded: past the limit
// a name is made afresh each time instead of remembered.
import type { Buffer } from 'node:buffer';
import { kindOfName, type FieldKind } from './field-kind.js';
import { kindCode } from './kind-codes.js';

/** `acct`: its value loses a trailing ':' and its kind depends on the value. */
export const NAME_ACCT = 1;
/** `key`: several keys print as `key=a key=b`. */
export const NAME_KEY = 2;

const SLOTS = 1 << 13;
const LIMIT = SLOTS >> 1;
/** Entries a FieldNameTable holds at most (ids are below it). */
export const NAME_LIMIT = LIMIT;
const MAX_NAME = 64;

export class FieldNameTable {
  readonly #slots = new Int32Array(SLOTS);
  readonly #bytes = new Uint8Array(LIMIT * 16);
  readonly #starts = new Int32Array(LIMIT);
  readonly #lens = new Int32Array(LIMIT);
  /** 1 where equalsAt may match (see there). */
  readonly #plainAt = new Uint8Array(LIMIT);
  /** The first four bytes of name + '=' as a little-endian int32, bytes past them masked off by #headMask. */
  readonly #head = new Int32Array(LIMIT);
  readonly #headMask = new Int32Array(LIMIT);
  readonly names: string[] = [];
  readonly kinds: FieldKind[] = [];
  readonly codes = new Uint8Array(LIMIT);
  /** NAME_ACCT, NAME_KEY or 0 per entry. */
  readonly flags = new Uint8Array(LIMIT);
  #used = 0;

  /** The entry of b[from, to): an index into names/kinds, or -1 (not remembered). */
  lookup(b: Buffer, from: number, to: number): number {
    const len = to - from;
    if (len > MAX_NAME) return -1;
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    let slot = h & (SLOTS - 1);
    for (;;) {
      const e = this.#slots[slot] as number;
      if (e === 0) break;
      const id = e - 1;
      if (this.#lens[id] === len && this.#same(id, b, from, len)) return id;
      slot = (slot + 1) & (SLOTS - 1);
    }
    const id = this.names.length;
    if (id >= LIMIT || this.#used + len > this.#bytes.length) return -1;
    this.#bytes.set(b.subarray(from, to), this.#used);
    this.#starts[id] = this.#used;
    this.#lens[id] = len;
    this.#used += len;
    let head = 0;
    let mask = 0;
    for (let k = 0; k < 4 && k <= len; k++) {
      head |= (k < len ? (b[from + k] as number) : 61) << (8 * k);
      mask |= 0xff << (8 * k);
    }
    this.#head[id] = head;
    this.#headMask[id] = mask;
    const name = b.toString('latin1', from, to);
    this.names.push(name);
    const kind = kindOfName(name);
    this.kinds.push(kind);
    this.codes[id] = kindCode(kind);
    this.flags[id] = nameFlags(name);
    this.#plainAt[id] = name !== 'msg' && name.charCodeAt(0) !== 39 ? 1 : 0;
    this.#slots[slot] = id + 1;
    return id;
  }

  /**
   * Where the '=' is when entry `id` followed by '=' starts at b[at] (before
   * `end`) and the name is one the tokenizer takes as it stands there: not
   * `msg` (skipped when it starts a field) and not starting with a quote
   * (dropped there); else -1. `view` is a DataView on b's bytes: the first
   * four bytes are compared at once.
   */
  equalsAt(id: number, b: Buffer, view: DataView, at: number, end: number): number {
    const len = this.#lens[id] as number;
    const eq = at + len;
    if (eq >= end || this.#plainAt[id] === 0) return -1;
    if (at + 4 > end) return b[eq] === 61 && this.#same(id, b, at, len) ? eq : -1;
    if ((view.getInt32(at, true) & (this.#headMask[id] as number)) !== this.#head[id]) return -1;
    if (len < 4) return eq;
    const bytes = this.#bytes;
    const start = (this.#starts[id] as number) - at;
    for (let i = at + 4; i < eq; i++) if (bytes[start + i] !== b[i]) return -1;
    return b[eq] === 61 ? eq : -1;
  }

  /** True when entry `id` is b[from, to) (a cheap check of a guess). */
  is(id: number, b: Buffer, from: number, to: number): boolean {
    return this.#lens[id] === to - from && this.#same(id, b, from, to - from);
  }

  #same(id: number, b: Buffer, from: number, len: number): boolean {
    const bytes = this.#bytes;
    const at = this.#starts[id] as number;
    for (let i = 0; i < len; i++) if (bytes[at + i] !== b[from + i]) return false;
    return true;
  }
}

/** NAME_ACCT, NAME_KEY or 0 for a name the table does not hold. */
export function nameFlags(name: string): number {
  return name === 'acct' ? NAME_ACCT : name === 'key' ? NAME_KEY : 0;
}

/** Bytes as latin1 text. */
export function latin1(b: Buffer, from: number, to: number): string {
  return b.toString('latin1', from, to);
}
