// C's strchr and strstr over one record's bytes, bounded by the record's end:
// Buffer#indexOf cannot stop at a line's end, so a byte or field missing
// from a record that lies in a large chunk would cost a scan of the chunk's
// rest. Plain loops: records are short, and these run inside hot parsers.

/** The first byte `c` in b[from, to), or -1. */
export function indexOfByte(b: Uint8Array, c: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === c) return i;
  return -1;
}

/**
 * The first occurrence of `needle` (non-empty) wholly inside b[from, to), or
 * -1. The scan looks for the needle's last byte (mostly '=' in audit field
 * names, rarer than letters) and checks the bytes before it; matches come in
 * strstr's order, since each ends where its last byte is.
 */
export function indexOfBytes(b: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const n = needle.length;
  const lastByte = needle[n - 1];
  outer: for (let i = from + n - 1; i < to; i++) {
    if (b[i] !== lastByte) continue;
    const at = i - n + 1;
    for (let k = 0; k < n - 1; k++) if (b[at + k] !== needle[k]) continue outer;
    return at;
  }
  return -1;
}

/**
 * indexOfBytes, first trying the `near` places from `from` on: parsers
 * mostly look for the next field from just before it, where a check of a few
 * bytes beats a scan (the first place that holds the needle is the first
 * occurrence either way).
 */
export function indexOfBytesNear(b: Uint8Array, needle: Uint8Array, from: number, to: number, near: number): number {
  const n = needle.length;
  const first = needle[0];
  for (let at = from; at < from + near && at + n <= to; at++) {
    if (b[at] !== first) continue;
    let k = 1;
    while (k < n && b[at + k] === needle[k]) k++;
    if (k === n) return at;
  }
  return indexOfBytes(b, needle, from + near, to);
}

/** A search key's bytes (its characters taken as latin1). */
export function latin1Needle(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
