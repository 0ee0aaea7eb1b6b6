// Strings made from bytes, remembered so that a value seen before (the same
// exe, comm, key, tty or path, event after event) comes back without a new
// string: a direct-mapped cache keyed by a hash of the bytes, each slot
// checked byte for byte. Bounded: a new value takes its slot's place; values
// longer than MAX_BYTES are made afresh each time.
import type { Buffer } from 'node:buffer';

const SLOTS = 1024;
const MAX_BYTES = 128;

export class InternedStrings {
  #bytes: Uint8Array | undefined;
  readonly #lens = new Int32Array(SLOTS).fill(-1);
  readonly #texts: string[] = new Array<string>(SLOTS).fill('');

  /** b[from, to) as latin1 text. */
  text(b: Buffer, from: number, to: number): string {
    const n = to - from;
    if (n <= 0) return '';
    if (n > MAX_BYTES) return b.toString('latin1', from, to);
    let h = 0x811c9dc5 ^ n;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const bytes = (this.#bytes ??= new Uint8Array(SLOTS * MAX_BYTES));
    const at = slot * MAX_BYTES;
    if (this.#lens[slot] === n) {
      let i = 0;
      while (i < n && bytes[at + i] === b[from + i]) i++;
      if (i === n) return this.#texts[slot] as string;
    }
    const text = b.toString('latin1', from, to);
    for (let i = 0; i < n; i++) bytes[at + i] = b[from + i] as number;
    this.#lens[slot] = n;
    this.#texts[slot] = text;
    return text;
  }
}
