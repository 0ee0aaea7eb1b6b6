// C library number parsing as auparse relies on it (strtoul/strtol/strtoll on
// LP64): leading blanks and a sign are accepted, parsing stops at the first
// byte that is not a digit, no digits means 0, and only overflow is an error.
// Results land in module-level scratch (hi/lo 32-bit halves) so the hot path
// allocates nothing; read them right after the call.
import { hexDigit } from '../format/index.js';

/** High and low unsigned 32-bit halves of the last parsed 64-bit value. */
export let parsedHi = 0;
export let parsedLo = 0;

const TWO32 = 4294967296;

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * strtoul/strtoull: the value modulo 2^64 in parsedHi/parsedLo. Returns false
 * (and ULONG_MAX) when the magnitude does not fit in 64 bits, as errno=ERANGE.
 */
export function parseUnsigned(s: string, base: number): boolean {
  return parseC(s, base, false);
}

/** strtol/strtoll: false on overflow past LONG_MIN/LONG_MAX (value clamped). */
export function parseSigned(s: string, base: number): boolean {
  return parseC(s, base, true);
}

function parseC(s: string, base: number, signed: boolean): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sign = s.charCodeAt(i);
  if (sign === 45 || sign === 43) {
    neg = sign === 45;
    i++;
  }
  if (base === 16 && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120 && hexDigit(s.charCodeAt(i + 2)) >= 0) i += 2;
  let hi = 0;
  let lo = 0;
  let overflow = false;
  for (; i < n; i++) {
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0 || d >= base) break;
    if (overflow) continue;
    const l = lo * base + d;
    const carry = Math.floor(l / TWO32);
    lo = l - carry * TWO32;
    hi = hi * base + carry;
    if (hi >= TWO32) overflow = true;
  }
  if (overflow) {
    if (signed) setSignedLimit(neg);
    else {
      parsedHi = 0xffffffff;
      parsedLo = 0xffffffff;
    }
    return false;
  }
  if (signed) {
    // Magnitude limits: LONG_MAX = 2^63-1, |LONG_MIN| = 2^63.
    if (hi > 0x7fffffff && !(neg && hi === 0x80000000 && lo === 0)) {
      setSignedLimit(neg);
      return false;
    }
  }
  if (neg && (hi !== 0 || lo !== 0)) {
    // Two's complement negation modulo 2^64.
    lo = TWO32 - lo;
    hi = 0xffffffff - hi;
    if (lo === TWO32) {
      lo = 0;
      hi = (hi + 1) % TWO32;
    }
  }
  parsedHi = hi;
  parsedLo = lo;
  return true;
}

function setSignedLimit(neg: boolean): void {
  parsedHi = neg ? 0x80000000 : 0x7fffffff;
  parsedLo = neg ? 0 : 0xffffffff;
}

/** Stores a value as if parsed (for callers that read digits themselves). */
export function setParsed(hi: number, lo: number): void {
  parsedHi = hi;
  parsedLo = lo;
}

/** The last parsed value cast to a C int (low 32 bits, signed). */
export function parsedInt(): number {
  return parsedLo | 0;
}

/** The last parsed value as a signed 64-bit BigInt (for exit codes). */
export function parsedBigSigned(): bigint {
  return BigInt.asIntN(64, (BigInt(parsedHi) << 32n) | BigInt(parsedLo));
}

/** True when the last parsed value, read as unsigned 64-bit, equals `v` (small non-negative). */
export function parsedEquals(v: number): boolean {
  return parsedHi === 0 && parsedLo === v;
}

export function isCDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isCXDigit(c: number): boolean {
  return hexDigit(c) >= 0;
}

/** auparse is_hex_string: every byte a hex digit (true for ""). */
export function isHexString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isCXDigit(s.charCodeAt(i))) return false;
  return true;
}

/** auparse is_int_string: every byte a decimal digit (true for ""). */
export function isIntString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isCDigit(s.charCodeAt(i))) return false;
  return true;
}

/** printf("%o") of a non-negative integer, zero-padded to `width`. */
export function octal(n: number, width: number): string {
  return n.toString(8).padStart(width, '0');
}
