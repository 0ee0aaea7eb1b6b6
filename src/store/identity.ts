// An event's identity in the store: (node, sec, milli, serial) as logged,
// plus its shape — a 32-bit hash of each record's type and byte length. The
// id alone repeats: the kernel restarts serials at boot, logs of several
// machines without node= share them, and an event cut by the end-of-event
// timeout leaves two events of one id. The shape tells those apart while the
// same event read twice (the same log ingested again, a rotated copy) gets
// the same identity, and costs no pass over the bytes as a content hash would.
import { Buffer } from 'node:buffer';
import type { AuditRecord } from '../format/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(h: number, v: number): number {
  let x = h;
  for (let i = 0; i < 4; i++) {
    x ^= (v >>> (8 * i)) & 0xff;
    x = Math.imul(x, FNV_PRIME);
  }
  return x;
}

export function recordsShape(records: readonly AuditRecord[]): number {
  let h = FNV_OFFSET;
  for (const r of records) {
    h = mix(h, r.type);
    h = mix(h, r.length);
  }
  return h >>> 0;
}

/** A 30-bit hash of an identity (its node numbered), to place it in OutOfOrder. */
function identityHash(ms: number, serial: number, shape: number, node: number): number {
  let a = (ms >>> 0) ^ Math.imul(serial >>> 0, 0x9e3779b1);
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a ^= shape;
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  a ^= a >>> 16;
  let b = Math.imul(Math.floor(ms / 4294967296) + 0x165667b1, 0x27d4eb2d) ^ Math.floor(serial / 4294967296) ^ Math.imul(shape, 0x9e3779b1);
  b = Math.imul(b ^ node, 0x01000193);
  b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
  b ^= b >>> 12;
  return (a ^ b) & 0x3fffffff;
}

/** Growable columns of identities (node names numbered). */
class IdentityColumns {
  ms = new Float64Array(1 << 11);
  serial = new Float64Array(1 << 11);
  shape = new Uint32Array(1 << 11);
  node = new Int32Array(1 << 11);
  count = 0;

  push(ms: number, serial: number, shape: number, node: number): number {
    const e = this.count++;
    if (e === this.ms.length) this.#grow();
    this.ms[e] = ms;
    this.serial[e] = serial;
    this.shape[e] = shape;
    this.node[e] = node;
    return e;
  }

  is(e: number, ms: number, serial: number, shape: number, node: number): boolean {
    return this.ms[e] === ms && this.serial[e] === serial && this.shape[e] === shape && this.node[e] === node;
  }

  #grow(): void {
    const n = this.ms.length * 2;
    const grow = <T extends Int32Array | Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.ms = grow(this.ms, (k) => new Float64Array(k));
    this.serial = grow(this.serial, (k) => new Float64Array(k));
    this.shape = grow(this.shape, (k) => new Uint32Array(k));
    this.node = grow(this.node, (k) => new Int32Array(k));
  }
}

/**
 * Identities that came older than one before them: an open-addressing
 * table over typed arrays, no object per identity.
 */
class OutOfOrder {
  /** Entry index + 1 per slot; 0 is empty. */
  #slots = new Int32Array(1 << 12);
  #hash = new Int32Array(1 << 11);
  readonly #ids = new IdentityColumns();

  /** Adds the identity; false when it was there already. */
  add(ms: number, serial: number, shape: number, node: number): boolean {
    const hash = identityHash(ms, serial, shape, node);
    const ids = this.#ids;
    const mask = this.#slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const e = (this.#slots[at] as number) - 1;
      if (e < 0) {
        const added = ids.push(ms, serial, shape, node);
        if (added === this.#hash.length) {
          const bigger = new Int32Array(this.#hash.length * 2);
          bigger.set(this.#hash);
          this.#hash = bigger;
        }
        this.#hash[added] = hash;
        this.#slots[at] = added + 1;
        // At most half full, so that probes stay short.
        if (ids.count * 2 > this.#slots.length) this.#rehash();
        return true;
      }
      if (this.#hash[e] === hash && ids.is(e, ms, serial, shape, node)) return false;
    }
  }

  get size(): number {
    return this.#ids.count;
  }

  clear(): void {
    this.#slots.fill(0);
    this.#ids.count = 0;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.#ids.count; e++) {
      let at = (this.#hash[e] as number) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = e + 1;
    }
    this.#slots = slots;
  }
}

/**
 * The identities appended in the open transaction, whole (not only hashed),
 * so that a repeat within it is found here without asking the database
 * (which would first have to take the appender's rows). Events come nearly
 * in time order: those not older than the newest so far are kept in a run
 * sorted by time, where one not seen before is found new by a comparison
 * with the last (a repeat has the same time), or with the few of the same
 * millisecond; only the others are looked up (a binary search of the run)
 * and kept in a hash table (a hash table over all of them cost more, mostly
 * in cache misses). Node names are numbered.
 */
export class PendingIdentities {
  readonly #run = new IdentityColumns();
  readonly #older = new OutOfOrder();
  readonly #nodeIds = new Map<string, number>();

  get size(): number {
    return this.#run.count + this.#older.size;
  }

  /** The number standing for a node name (bytes as logged), -1 for none. */
  nodeId(node: Uint8Array | null): number {
    if (node === null) return -1;
    const key = Buffer.from(node.buffer, node.byteOffset, node.length).toString('latin1');
    let id = this.#nodeIds.get(key);
    if (id === undefined) {
      id = this.#nodeIds.size;
      this.#nodeIds.set(key, id);
    }
    return id;
  }

  /** Adds the identity; false when it was there already. */
  add(ms: number, serial: number, shapeBits: number, node: number): boolean {
    const shape = shapeBits >>> 0; // as the Uint32Array keeps it
    const run = this.#run;
    const n = run.count;
    const last = n > 0 ? (run.ms[n - 1] as number) : -Infinity;
    if (ms >= last) {
      // Entries of the out-of-order table are older than the run's last.
      for (let e = n - 1; e >= 0 && run.ms[e] === ms; e--) if (run.is(e, ms, serial, shape, node)) return false;
      run.push(ms, serial, shape, node);
      return true;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((run.ms[mid] as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    for (let e = lo; e < n && run.ms[e] === ms; e++) if (run.is(e, ms, serial, shape, node)) return false;
    return this.#older.add(ms, serial, shape, node);
  }

  clear(): void {
    this.#run.count = 0;
    this.#older.clear();
  }
}

/** A set of identities, keyed by serial first (cheap: no string per event). */
export class IdentitySet {
  readonly #bySerial = new Map<number, { readonly ms: number; readonly shape: number; readonly node: string | null }[]>();

  get size(): number {
    return this.#bySerial.size;
  }

  /** Adds the identity; false when it was there already. */
  add(ms: number, serial: number, node: string | null, shape: number): boolean {
    const list = this.#bySerial.get(serial);
    if (list === undefined) {
      this.#bySerial.set(serial, [{ ms, shape, node }]);
      return true;
    }
    for (const e of list) if (e.ms === ms && e.shape === shape && e.node === node) return false;
    list.push({ ms, shape, node });
    return true;
  }

  has(ms: number, serial: number, node: string | null, shape: number): boolean {
    const list = this.#bySerial.get(serial);
    if (list === undefined) return false;
    for (const e of list) if (e.ms === ms && e.shape === shape && e.node === node) return true;
    return false;
  }
}
