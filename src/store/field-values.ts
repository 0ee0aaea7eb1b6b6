// Field values read from record bytes for the typed columns: decimal and hex
// numbers, and text — untrusted strings (exe, comm, key, acct) unquoted or
// hex-decoded, then read as UTF-8 as the JSON output reads them (bytes that
// are not UTF-8 become U+FFFD here; `raw` keeps them exactly). Repeated
// values come from a cache: the same exe and comm recur event after event.
import { Buffer } from 'node:buffer';

const QUOTE = 0x22;
const MAX_CACHED_BYTES = 256;
const MAX_CACHE_ENTRIES = 65536;

/** A decimal integer (optionally negative) in [s, e), or NaN; at most 19 digits. */
export function decimalAt(b: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  if (i >= e || e - i > 19) return Number.NaN;
  let v = 0;
  for (; i < e; i++) {
    const c = b[i] as number;
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** A hex integer in [s, e) of at most 8 digits (arch=), or NaN. */
export function hex32At(b: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 8) return Number.NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = hexDigit(b[i] as number);
    if (d < 0) return Number.NaN;
    v = v * 16 + d;
  }
  return v;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Decodes bytes as the UTF-8 text they spell (U+FFFD for bytes that are not UTF-8). */
function utf8Of(b: Buffer, s: number, e: number): string {
  for (let i = s; i < e; i++) if ((b[i] as number) > 0x7f) return b.toString('utf8', s, e);
  return b.toString('latin1', s, e);
}

export class FieldText {
  readonly #cache = new Map<number, { bytes: Uint8Array; text: string }[]>();
  #size = 0;

  /** A value as logged, double quotes removed. */
  plain(b: Buffer, s: number, e: number): string {
    if (e - s >= 2 && b[s] === QUOTE && b[e - 1] === QUOTE) return this.#text(b, s + 1, e - 1);
    return this.#text(b, s, e);
  }

  /**
   * An untrusted string (exe=, comm=, key=, acct=): "quoted" as is, upper-case
   * hex decoded, anything else (`(null)`, bare words) as logged.
   */
  untrusted(b: Buffer, s: number, e: number): string {
    if (b[s] === QUOTE) return this.plain(b, s, e);
    const n = e - s;
    if (n === 0 || n % 2 !== 0) return this.#text(b, s, e);
    for (let i = s; i < e; i++) if (hexDigit(b[i] as number) < 0) return this.#text(b, s, e);
    const out = Buffer.allocUnsafe(n / 2);
    for (let i = 0; i < n / 2; i++) out[i] = hexDigit(b[s + 2 * i] as number) * 16 + hexDigit(b[s + 2 * i + 1] as number);
    return this.#text(out, 0, out.length);
  }

  #text(b: Buffer, s: number, e: number): string {
    const n = e - s;
    if (n > MAX_CACHED_BYTES) return utf8Of(b, s, e);
    let h = n;
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + (b[i] as number)) | 0;
    const bucket = this.#cache.get(h);
    if (bucket !== undefined) {
      outer: for (const entry of bucket) {
        const bytes = entry.bytes;
        if (bytes.length !== n) continue;
        for (let i = 0; i < n; i++) if (bytes[i] !== b[s + i]) continue outer;
        return entry.text;
      }
    }
    const text = utf8Of(b, s, e);
    if (this.#size < MAX_CACHE_ENTRIES) {
      const entry = { bytes: Uint8Array.prototype.slice.call(b, s, e), text };
      if (bucket === undefined) this.#cache.set(h, [entry]);
      else bucket.push(entry);
      this.#size++;
    }
    return text;
  }
}
