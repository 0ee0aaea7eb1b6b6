// Record type names and numbers as ausearch 3.0.9 knows them. ausearch numbers
// each record from its type= name with this table, so a name it does not know
// (one newer than 3.0.9) is type -1 to it: -m and the per-type parsers follow
// that numbering, not format/'s newer one.
import { strtol, toI32 } from './c-text.js';
import { LISTED_MSG_TYPES, UNLISTED_MSG_TYPES } from './msg-types.gen.js';

const byName = new Map<string, number>();
for (const [name, num] of [...LISTED_MSG_TYPES, ...UNLISTED_MSG_TYPES]) byName.set(name, num);

const cache = new Map<string, number>();
let byNumber: Map<number, string> | undefined;

/** libaudit 3.0.9's audit_msg_type_to_name: the name of a type number, if it has one. */
export function msgTypeName(type: number): string | undefined {
  if (byNumber === undefined) {
    byNumber = new Map();
    for (const [name, num] of [...LISTED_MSG_TYPES, ...UNLISTED_MSG_TYPES]) if (!byNumber.has(num)) byNumber.set(num, name);
  }
  return byNumber.get(type);
}

function upperAscii(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/**
 * libaudit 3.0.9's audit_name_to_msg_type: a known name (any case),
 * `UNKNOWN[n]`, or leading digits; -1 otherwise.
 */
export function msgTypeByName(name: string): number {
  const known = byName.get(upperAscii(name));
  if (known !== undefined) return known;
  if (name.startsWith('UNKNOWN[')) {
    const end = name.indexOf(']', 8);
    if (end < 0) return -1;
    const digits = name.slice(8, Math.min(end, 8 + 7));
    return toI32(strtol(digits, 0, digits.length, 10) ?? 0n);
  }
  const c = name.charCodeAt(0);
  // strtol clamps to LONG_MAX on overflow, which an int holds as -1.
  if (c >= 48 && c <= 57) return toI32(strtol(name, 0, name.length, 10) ?? (1n << 63n) - 1n);
  return -1;
}

/** The type ausearch gives a record written as `type=NAME` (cached: names repeat). */
export function ausearchRecordType(typeName: string): number {
  let t = cache.get(typeName);
  if (t === undefined) {
    t = msgTypeByName(typeName);
    if (cache.size < 4096) cache.set(typeName, t);
  }
  return t;
}

/** The list ausearch prints after a bad -m value. */
export function validMessageTypesText(): string {
  return `Valid message types are: ALL ${LISTED_MSG_TYPES.map(([n]) => `${n} `).join('')}\n`;
}
