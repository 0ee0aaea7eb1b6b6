// An event's identity in the store: (node, sec, milli, serial) as logged,
// plus its shape — a 32-bit hash of each record's type and byte length. The
// id alone repeats: the kernel restarts serials at boot, logs of several
// machines without node= share them, and an event cut by the end-of-event
// timeout leaves two events of one id. The shape tells those apart while the
// same event read twice (the same log ingested again, a rotated copy) gets
// the same identity, and costs no pass over the bytes as a content hash would.
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

/**
 * A 30-bit hash of an identity (a small integer: sets of them allocate
 * nothing), for the set of identities appended in the open transaction: a
 * hit is confirmed against the rows themselves (a false one must not drop
 * an event), a miss is certain.
 */
export function identityHash(ms: number, serial: number, shape: number, node: Uint8Array | null): number {
  let a = (ms >>> 0) ^ Math.imul(serial >>> 0, 0x9e3779b1);
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a ^= shape;
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  a ^= a >>> 16;
  let b = Math.imul(Math.floor(ms / 4294967296) + 0x165667b1, 0x27d4eb2d) ^ Math.floor(serial / 4294967296) ^ Math.imul(shape, 0x9e3779b1);
  if (node !== null) for (const c of node) b = Math.imul(b ^ c, 0x01000193);
  b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
  b ^= b >>> 12;
  return (a ^ b) & 0x3fffffff;
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
