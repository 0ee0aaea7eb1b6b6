// C's strtol/strtoul(text, NULL, 0) as auditctl applies them to option values:
// base from the prefix (0x hex, 0 octal, else decimal), digits read as far as
// they go, the result stored in a u32 (so 4294967295 and -1 are the same).

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const ULONG_MAX = (1n << 64n) - 1n;

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** The value strtol (signed) or strtoul would return, as a BigInt, with C's saturation. */
export function cParse(text: string, signed: boolean, base = 0): bigint {
  let i = 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && digitValue(text[i + 2] ?? '') < 16) {
    b = 16;
    i += 2;
  } else if (b === 0) {
    b = text[i] === '0' ? 8 : 10;
  }
  let value = 0n;
  let overflow = false;
  for (; i < text.length; i++) {
    const d = digitValue(text[i] as string);
    if (d >= b) break;
    value = value * BigInt(b) + BigInt(d);
    if (value > ULONG_MAX) overflow = true;
  }
  if (signed) {
    if (negative) value = -value;
    if (overflow || value > LONG_MAX) return LONG_MAX;
    if (value < LONG_MIN) return LONG_MIN;
    return value;
  }
  if (overflow) return ULONG_MAX;
  return negative ? (ULONG_MAX + 1n - value) & ULONG_MAX : value;
}

/** strtol/strtoul result stored into a u32, as `rule->values[i] = strtoul(...)` does. */
export function cToU32(text: string, signed: boolean, base = 0): number {
  return Number(BigInt.asUintN(32, cParse(text, signed, base)));
}

/** The u32 read as a C int (what `%d` prints). */
export function asInt32(value: number): number {
  return value | 0;
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
