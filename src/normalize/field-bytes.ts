// Byte-level helpers of the record splitter: latin1 text of a byte range
// (field names interned), C's strtol over bytes, and the name keys fields are
// found by. Module state: one intern table per process, bounded.
import type { Buffer } from 'node:buffer';

/** Buffer's own latin1 decoder, without toString's argument handling (hot: one call per value asked for). */
export interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

/** strtol base 10 over bytes, cut to a 32-bit int; NaN on overflow of a 64-bit long. */
export function parseCLong(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && (b[i] === 32 || ((b[i] as number) >= 9 && (b[i] as number) <= 13))) i++;
  let neg = false;
  if (i < end && (b[i] === 43 || b[i] === 45)) neg = b[i++] === 45;
  const first = i;
  let n = 0;
  while (i < end && (b[i] as number) >= 48 && (b[i] as number) <= 57 && i - first < 15) n = n * 10 + ((b[i++] as number) - 48);
  if (i < end && (b[i] as number) >= 48 && (b[i] as number) <= 57) {
    // Long digit strings: exact arithmetic for the C long range check.
    let big = BigInt(n);
    while (i < end && (b[i] as number) >= 48 && (b[i] as number) <= 57) big = big * 10n + BigInt((b[i++] as number) - 48);
    if (neg) big = -big;
    if (big > 0x7fffffffffffffffn || big < -0x8000000000000000n) return Number.NaN;
    return Number(BigInt.asIntN(32, big));
  }
  return (neg ? -n : n) | 0;
}

/** A name's key: its length and first three bytes (see AuRecord's #keys). */
export function nameKey(name: string): number {
  const n = name.length;
  return n | ((n > 0 ? name.charCodeAt(0) & 0xff : 0) << 8) | ((n > 1 ? name.charCodeAt(1) & 0xff : 0) << 16) | ((n > 2 ? name.charCodeAt(2) & 0xff : 0) << 24);
}

/** Longest text kept in the intern table; longer ones are decoded each time. */
const INTERN_MAX_LEN = 48;
/** Slots of the intern table (a power of two): a slot keeps the last text hashed to it. */
const INTERN_SLOTS = 8192;
const internSlots: Array<string | undefined> = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/**
 * The latin1 text of `b[start, end)`. Names and short values recur in every
 * event (field names, uids, sessions, `yes`, exe paths): a direct-mapped table
 * keyed by a hash of the bytes hands back the same string instead of decoding
 * a new one.
 */
export function internLatin1(b: Buffer, start: number, end: number): string {
  const len = end - start;
  if (len > INTERN_MAX_LEN) return (b as unknown as Latin1Slicer).latin1Slice(start, end);
  let h = len;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  const slot = (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
  const hit = internSlots[slot];
  if (hit !== undefined && hit.length === len) {
    let i = 0;
    while (i < len && hit.charCodeAt(i) === b[start + i]) i++;
    if (i === len) return hit;
  }
  const text = (b as unknown as Latin1Slicer).latin1Slice(start, end);
  internSlots[slot] = text;
  return text;
}
