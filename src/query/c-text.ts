// C library behaviour ausearch's results depend on, over latin1 strings:
// glibc strtoul/strtol (whitespace, sign, base prefixes, ERANGE), integer
// truncation to the C field widths, and ausearch's hex unescape. Kept exact
// because `-p 12junk` is pid 12 and `pid=-1` is pid -1 to ausearch.

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

interface Scanned {
  readonly negative: boolean;
  /** The magnitude, or undefined when it does not fit in 64 bits. */
  readonly magnitude: bigint | undefined;
}

// The part strtoul and strtol share: spaces, sign, base prefix, digits.
function scan(s: string, from: number, end: number, base: number): Scanned {
  let i = from;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (i < end && (sign === 45 || sign === 43)) {
    negative = sign === 45;
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && i + 1 < end && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 && i + 2 < end && isHexCode(s.charCodeAt(i + 2))) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = s.charCodeAt(i) === 48 ? 8 : 10;
  }
  // Fast path: up to 15 decimal digits fit a double exactly.
  let small = 0;
  let n = 0;
  const start = i;
  while (i < end) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= b) break;
    if (n < 13) small = small * b + d;
    n++;
    i++;
  }
  if (n <= 13) return { negative, magnitude: BigInt(small) };
  let big = 0n;
  const bb = BigInt(b);
  for (let k = start; k < i; k++) {
    big = big * bb + BigInt(digitValue(s.charCodeAt(k)));
    if (big > U64_MAX) return { negative, magnitude: undefined };
  }
  return { negative, magnitude: big };
}

/** glibc strtoul over s[from, end): unsigned long (a '-' sign wraps), undefined on ERANGE. */
export function strtoul(s: string, from: number, end: number, base: number): bigint | undefined {
  const r = scan(s, from, end, base);
  if (r.magnitude === undefined) return undefined;
  return r.negative ? (-r.magnitude) & U64_MAX : r.magnitude;
}

/** glibc strtol / strtoll (64-bit long): undefined on ERANGE. */
export function strtol(s: string, from: number, end: number, base: number): bigint | undefined {
  const r = scan(s, from, end, base);
  if (r.magnitude === undefined) return undefined;
  if (r.negative) return r.magnitude > I64_MAX + 1n ? undefined : -r.magnitude;
  return r.magnitude > I64_MAX ? undefined : r.magnitude;
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
 * strtoul(s + from, NULL, 10) truncated to 32 bits, the way ausearch reads
 * most numeric fields; NaN on ERANGE. Plain short digit runs take a fast path.
 */
export function decimalU32(s: string, from: number, end: number): number {
  let v = 0;
  let i = from;
  while (i < end && i - from < 9) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  if (i > from && (i === end || !isDigitCode(s.charCodeAt(i)))) return v;
  const r = strtoul(s, from, end, 10);
  return r === undefined ? NaN : toU32(r);
}

/** Like decimalU32 but as a signed C int (pid_t, enum values). */
export function decimalI32(s: string, from: number, end: number): number {
  const v = decimalU32(s, from, end);
  return Number.isNaN(v) ? NaN : v | 0;
}

/**
 * ausearch's unescape(): a `(...)` value up to its ')' as is, else the leading
 * hex digits decoded (an odd last digit becomes a high nibble). Null when there
 * is nothing to decode. The result is cut at the first NUL, as a C string.
 */
export function unescapeHex(s: string, from: number): string | null {
  if (s.charCodeAt(from) === 40 /* ( */) {
    const close = s.indexOf(')', from);
    return close < 0 ? null : s.slice(from, close + 1);
  }
  let end = from;
  while (end < s.length && isHexCode(s.charCodeAt(end))) end++;
  const len = end - from;
  if (len < 2) return null;
  let out = '';
  for (let i = from; i < end; i += 2) {
    const hi = digitValue(s.charCodeAt(i));
    const lo = i + 1 < end ? digitValue(s.charCodeAt(i + 1)) : 0;
    const byte = (hi << 4) | lo;
    if (byte === 0) break;
    out += String.fromCharCode(byte);
  }
  return out;
}
