// C library behaviour ausearch's results depend on: glibc strtoul/strtol
// (whitespace, sign, base prefixes, ERANGE), integer truncation to the C
// field widths, and ausearch's hex unescape. Kept exact because `-p 12junk`
// is pid 12 and `pid=-1` is pid -1 to ausearch. One implementation over
// bytes (records are read in place); option values, which are strings, are
// turned into bytes first.
import type { Buffer } from 'node:buffer';

const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

// The last scan's result, kept here so reading a number allocates nothing:
// the sign and the magnitude, as a double when it has at most 13 digits
// (exact), else as a BigInt.
let scanNegative = false;
let scanSmall = 0;
let scanBig: bigint | undefined;

const MAX_SMALL_DIGITS = 13;

// The part strtoul and strtol share: spaces, sign, base prefix, digits.
// False when the magnitude does not fit in 64 bits (ERANGE).
function scan(s: Uint8Array, from: number, end: number, base: number): boolean {
  let i = from;
  while (i < end && isSpaceCode(s[i] as number)) i++;
  let negative = false;
  const sign = s[i];
  if (i < end && (sign === 45 || sign === 43)) {
    negative = sign === 45;
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && i + 2 < end && s[i] === 48 && ((s[i + 1] as number) | 0x20) === 120 && isHexCode(s[i + 2] as number)) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = i < end && s[i] === 48 ? 8 : 10;
  }
  scanNegative = negative;
  let small = 0;
  const start = i;
  while (i < end) {
    const d = digitValue(s[i] as number);
    if (d >= b) break;
    if (i - start < MAX_SMALL_DIGITS) small = small * b + d;
    i++;
  }
  if (i - start <= MAX_SMALL_DIGITS) {
    scanSmall = small;
    scanBig = undefined;
    return true;
  }
  let big = 0n;
  const bb = BigInt(b);
  for (let k = start; k < i; k++) {
    big = big * bb + BigInt(digitValue(s[k] as number));
    if (big > U64_MAX) return false;
  }
  scanBig = big;
  return true;
}

/** strtoul over s[from, end) cast to a C uint32_t (uid_t, unsigned int); NaN on ERANGE. */
export function u32OfBytes(s: Uint8Array, from: number, end: number, base: number): number {
  if (!scan(s, from, end, base)) return NaN;
  if (scanBig === undefined) return (scanNegative ? -scanSmall : scanSmall) >>> 0;
  return Number(BigInt.asUintN(32, scanNegative ? -scanBig : scanBig));
}

/** strtoul over s[from, end) cast to a C int (pid_t, int, enum); NaN on ERANGE. */
export function i32OfBytes(s: Uint8Array, from: number, end: number, base: number): number {
  if (!scan(s, from, end, base)) return NaN;
  if (scanBig === undefined) return (scanNegative ? -scanSmall : scanSmall) | 0;
  return Number(BigInt.asIntN(32, scanNegative ? -scanBig : scanBig));
}

/** glibc strtoul over s[from, end): unsigned long (a '-' sign wraps), undefined on ERANGE. */
export function strtoulBytes(s: Uint8Array, from: number, end: number, base: number): bigint | undefined {
  if (!scan(s, from, end, base)) return undefined;
  const m = scanBig ?? BigInt(scanSmall);
  return scanNegative ? (-m) & U64_MAX : m;
}

/** glibc strtol / strtoll (64-bit long) over s[from, end): undefined on ERANGE. */
export function strtolBytes(s: Uint8Array, from: number, end: number, base: number): bigint | undefined {
  if (!scan(s, from, end, base)) return undefined;
  const m = scanBig ?? BigInt(scanSmall);
  if (scanNegative) return m > I64_MAX + 1n ? undefined : -m;
  return m > I64_MAX ? undefined : m;
}

/** Whether strtoull would set ERANGE for s[from, end) (a0=, a1=): never for 16 bytes or fewer. */
export function overflowsU64Bytes(s: Uint8Array, from: number, end: number, base: number): boolean {
  let i = from;
  while (i < end && s[i] === 48) i++;
  if (end - i <= 16) return false;
  return !scan(s, from, end, base);
}

// Option values are strings; characters past latin1 (from UTF-8 argv) are no
// digit, space or sign to strtoul, and become a byte that is none either.
function bytesOfOption(s: string, from: number, end: number): Uint8Array {
  const out = new Uint8Array(end - from);
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    out[i - from] = c > 0xff ? 0x80 : c;
  }
  return out;
}

/** glibc strtoul over s[from, end): unsigned long (a '-' sign wraps), undefined on ERANGE. */
export function strtoul(s: string, from: number, end: number, base: number): bigint | undefined {
  return strtoulBytes(bytesOfOption(s, from, end), 0, end - from, base);
}

/** glibc strtol / strtoll (64-bit long): undefined on ERANGE. */
export function strtol(s: string, from: number, end: number, base: number): bigint | undefined {
  return strtolBytes(bytesOfOption(s, from, end), 0, end - from, base);
}

/** The value as a C uint32_t (uid_t, gid_t, unsigned int) would hold it. */
export function toU32(v: bigint): number {
  return Number(BigInt.asUintN(32, v));
}

/** The value as a C int / pid_t would hold it. */
export function toI32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/**
 * ausearch's unescape() over s[from, end): a `(...)` value up to its ')' as
 * is, else the leading hex digits decoded (an odd last digit becomes a high
 * nibble). Null when there is nothing to decode. The result is cut at the
 * first NUL, as a C string.
 */
export function unescapeBytes(s: Buffer, from: number, end: number): string | null {
  if (from < end && s[from] === 40 /* ( */) {
    let close = from + 1;
    while (close < end && s[close] !== 41) close++;
    return close < end ? s.toString('latin1', from, close + 1) : null;
  }
  let stop = from;
  while (stop < end && isHexCode(s[stop] as number)) stop++;
  if (stop - from < 2) return null;
  let out = '';
  for (let i = from; i < stop; i += 2) {
    const hi = digitValue(s[i] as number);
    const lo = i + 1 < stop ? digitValue(s[i + 1] as number) : 0;
    const byte = (hi << 4) | lo;
    if (byte === 0) break;
    out += String.fromCharCode(byte);
  }
  return out;
}
