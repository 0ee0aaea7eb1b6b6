// Decoding of the kernel's untrusted-string encodings as auparse does it:
// `"quoted"`, upper-case hex (decoded up to the first non-hex byte, an odd last
// digit taken as a high nibble), and `(null)`-style parenthesised words. Text
// is latin1 (one char per byte); results are C strings (cut at the first NUL)
// unless said otherwise.
import { Buffer } from 'node:buffer';
import { hexDigit } from '../format/index.js';
import { isCXDigit } from './c-number.js';

/**
 * au_unescape from offset `start`: the decoded bytes of the leading hex digits
 * (NULs kept), the `(...)` word, or undefined where auparse returns NULL
 * (fewer than two hex digits, or `(` without `)`).
 */
export function unhex(val: string, start: number): string | undefined {
  if (val.charCodeAt(start) === 40) {
    const close = val.indexOf(')', start);
    return close < 0 ? undefined : val.slice(start, close + 1);
  }
  let end = start;
  while (end < val.length && isCXDigit(val.charCodeAt(end))) end++;
  const len = end - start;
  if (len < 2) return undefined;
  const even = len & ~1;
  let out = even >= 32 ? Buffer.from(val.slice(start, start + even), 'hex').toString('latin1') : '';
  if (even < 32) {
    for (let i = start; i < start + even; i += 2) out += String.fromCharCode((hexDigit(val.charCodeAt(i)) << 4) | hexDigit(val.charCodeAt(i + 1)));
  }
  if (len !== even) out += String.fromCharCode(hexDigit(val.charCodeAt(end - 1)) << 4);
  return out;
}

/** Cut at the first NUL, as printf("%s") would. */
export function cString(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/**
 * print_escaped: a quoted value without its quotes (a lone opening quote gives
 * " "), else the hex decoded (a leading "00" skipped: abstract socket names),
 * else the value itself.
 */
export function printEscaped(val: string): string {
  if (val.charCodeAt(0) === 34) {
    const close = val.indexOf('"', 1);
    return close < 0 ? ' ' : val.slice(1, close);
  }
  const out = unhex(val, val.startsWith('00') ? 2 : 0);
  return out === undefined ? val : cString(out);
}

/**
 * au_unescape's buffer past the decoded bytes, as auparse leaves it: NUL right
 * after them and up to strlen(val)/2, then the rest of the copied hex text,
 * then NUL. Readers that go past the decoded bytes (proctitle, sockaddr
 * fields at fixed offsets) see this.
 */
export class UnhexBuffer {
  readonly decoded: string;
  readonly #val: string;
  readonly #start: number;
  readonly #hexEnd: number;
  readonly #zeroTo: number;

  private constructor(decoded: string, val: string, start: number, hexEnd: number) {
    this.decoded = decoded;
    this.#val = val;
    this.#start = start;
    this.#hexEnd = hexEnd;
    this.#zeroTo = (val.length - start) >>> 1;
  }

  /** au_unescape(val + start) for hex; undefined where it returns NULL or a `(...)` word. */
  static of(val: string, start: number): UnhexBuffer | undefined {
    if (val.charCodeAt(start) === 40) return undefined;
    const decoded = unhex(val, start);
    if (decoded === undefined) return undefined;
    let end = start;
    while (end < val.length && isCXDigit(val.charCodeAt(end))) end++;
    return new UnhexBuffer(decoded, val, start, end - start);
  }

  /** The byte at offset i of auparse's buffer. */
  at(i: number): number {
    const k = this.decoded.length;
    if (i < k) return this.decoded.charCodeAt(i);
    if (i === k || i <= this.#zeroTo || i >= this.#hexEnd) return 0;
    return this.#val.charCodeAt(this.#start + i);
  }
}

/**
 * print_proctitle: like printEscaped, but for hex the NULs that separate the
 * arguments become spaces over the first strlen(val)/2 bytes of auparse's
 * buffer, and printing goes on to the next NUL there.
 */
export function printProctitle(val: string): string {
  if (val.charCodeAt(0) === 34) return printEscaped(val);
  const start = val.startsWith('00') ? 2 : 0;
  const buf = UnhexBuffer.of(val, start);
  // No hex: the value itself, or a `(...)` word (no NUL inside to replace).
  if (buf === undefined) return unhex(val, start) ?? val;
  const limit = val.length >>> 1;
  let out = '';
  for (let i = 0; ; i++) {
    const c = buf.at(i);
    if (i < limit) out += c === 0 ? ' ' : String.fromCharCode(c);
    else if (c === 0) return out;
    else out += String.fromCharCode(c);
  }
}
