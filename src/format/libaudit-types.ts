// Record type names as libaudit 3.0.9 has them (what ausearch, auparse and
// aureport use to number a `type=` word and to print a number), both ways.
// Not the kernel-header names of record-types.ts: 1500 is APPARMOR here.
import { LIBAUDIT_RECORD_TYPES } from './libaudit-types.gen.js';
import { upperAscii } from './record-types.js';

// Built on first use: a tool that never names a type does not pay for them.
let byNumber: Map<number, string> | undefined;
let byName: Map<string, number> | undefined;

/** audit_msg_type_to_name: the name of a type number, if libaudit 3.0.9 has one. */
export function libauditTypeName(type: number): string | undefined {
  if (byNumber === undefined) byNumber = new Map(LIBAUDIT_RECORD_TYPES);
  return byNumber.get(type);
}

/**
 * audit_name_to_msg_type: a name libaudit knows, in any case (its table is
 * matched with strcasecmp), `UNKNOWN[n]`, or leading digits (strtol); -1
 * otherwise.
 */
export function libauditTypeNumber(name: string): number {
  if (byName === undefined) {
    byName = new Map();
    for (const [num, n] of LIBAUDIT_RECORD_TYPES) byName.set(n, num);
  }
  // Logs write the names upper case: the exact look-up is the common one.
  const known = byName.get(name) ?? byName.get(upperAscii(name));
  if (known !== undefined) return known;
  if (name.startsWith('UNKNOWN[')) {
    const end = name.indexOf(']', 8);
    if (end < 0) return -1;
    // libaudit copies at most 7 characters into its buffer before strtol.
    return cLongAsInt(name.slice(8, Math.min(end, 8 + 7)));
  }
  const c = name.charCodeAt(0);
  if (c >= 48 && c <= 57) return cLongAsInt(name);
  return -1;
}

const LONG_MAX = (1n << 63n) - 1n;

/**
 * strtol(s, NULL, 10) returned as an int: spaces and a sign, then digits;
 * a value past a 64-bit long clamps to LONG_MIN/LONG_MAX (ERANGE), and the
 * int keeps the low 32 bits (so LONG_MAX reads -1).
 */
function cLongAsInt(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13)) i++;
  let negative = false;
  if (s[i] === '-' || s[i] === '+') negative = s[i++] === '-';
  const start = i;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start) return 0;
  if (i - start <= 9) {
    const v = Number(s.slice(start, i));
    return negative ? -v | 0 : v;
  }
  let v = BigInt(s.slice(start, i));
  if (negative) v = v > LONG_MAX + 1n ? -(LONG_MAX + 1n) : -v;
  else if (v > LONG_MAX) v = LONG_MAX;
  return Number(BigInt.asIntN(32, v));
}
