// Record types as ausearch 3.0.9 numbers them: from each record's type= name
// with libaudit 3.0.9's table (format/'s libauditTypeNumber), so a name it does
// not know (one newer than 3.0.9) is type -1 to it: -m and the per-type parsers
// follow that numbering, not the kernel-header one.
import { LIBAUDIT_RECORD_TYPES, libauditTypeNumber } from '../format/index.js';

const cache = new Map<string, number>();

/** The type ausearch gives a record written as `type=NAME` (cached: names repeat). */
export function ausearchRecordType(typeName: string): number {
  let t = cache.get(typeName);
  if (t === undefined) {
    t = libauditTypeNumber(typeName);
    if (cache.size < 4096) cache.set(typeName, t);
  }
  return t;
}

/**
 * The list ausearch prints after a bad -m value: libaudit's names of the
 * numbers from AUDIT_USER to AUDIT_LAST_VIRT_MSG in order, skipping
 * AUDIT_WATCH_INS up to AUDIT_FIRST_USER_MSG (ausearch-options.c).
 */
export function validMessageTypesText(): string {
  let names = '';
  for (const [num, name] of LIBAUDIT_RECORD_TYPES) {
    if (num >= 1005 && num <= 2599 && !(num >= 1007 && num < 1100)) names += `${name} `;
  }
  return `Valid message types are: ALL ${names}\n`;
}
