// Record type numbers and names: lookups over the generated kernel/libaudit
// table, the `UNKNOWN[n]` spelling auditd writes for numbers it does not know,
// and the container-ID names that reuse numbers mainline gave to other types.
import { RECORD_TYPES } from './record-types.gen.js';

/** Type number used for a name nothing knows (as libaudit's audit_name_to_msg_type). */
export const UNKNOWN_TYPE = -1;

const byNumber = new Map<number, string>(RECORD_TYPES);
const byName = new Map<string, number>();
for (const [num, name] of RECORD_TYPES) byName.set(name, num);
// Names from the audit container ID series (not in mainline headers).
byName.set('CONTAINER', 1020);
byName.set('CONTAINER_ID', 1336);

export const RecordType = {
  LOGIN: 1006,
  CONTAINER_OP: 1020,
  FIRST_USER_MSG: 1100,
  USER_AVC: 1107,
  USER_TTY: 1124,
  LAST_USER_MSG: 1199,
  DAEMON_START: 1200,
  FIRST_EVENT: 1300,
  SYSCALL: 1300,
  PATH: 1302,
  IPC: 1303,
  SOCKETCALL: 1304,
  CONFIG_CHANGE: 1305,
  SOCKADDR: 1306,
  CWD: 1307,
  EXECVE: 1309,
  EOE: 1320,
  BPRM_FCAPS: 1321,
  PROCTITLE: 1327,
  SECCOMP: 1326,
  KERNEL: 2000,
  BPF: 1334,
  EVENT_LISTENER: 1335,
  URINGOP: 1336,
  AVC: 1400,
  MAC_UNLBL_ALLOW: 1406,
  MAC_CALIPSO_DEL: 1419,
  FIRST_KERN_ANOM_MSG: 1700,
  FIRST_ANOM_MSG: 2100,
  FIRST_USER_MSG2: 2100,
  LAST_USER_MSG2: 2999,
} as const;

/** The canonical name of a type number, or undefined when no table knows it. */
export function recordTypeName(type: number): string | undefined {
  return byNumber.get(type);
}

/** The name to print for a type number: the table's name or auditd's `UNKNOWN[n]`. */
export function recordTypeLabel(type: number): string {
  return byNumber.get(type) ?? `UNKNOWN[${type}]`;
}

/**
 * The number for a record type as written after `type=`: a name, `UNKNOWN[n]`
 * or a bare number; UNKNOWN_TYPE when it is none of those.
 */
export function recordTypeNumber(name: string): number {
  const known = byName.get(name);
  if (known !== undefined) return known;
  // libaudit reads type names in any case (a log written by hand or another
  // tool may say type=syscall); only a miss pays for the upper-casing.
  const upper = upperAscii(name);
  const folded = upper === name ? undefined : byName.get(upper);
  if (folded !== undefined) return folded;
  if (upper.startsWith('UNKNOWN[') && upper.endsWith(']')) return parseDecimal(upper.slice(8, -1));
  return parseDecimal(name);
}

/** Every known type as [number, name], ordered by number. */
export function allRecordTypes(): ReadonlyArray<readonly [number, string]> {
  return RECORD_TYPES;
}

function parseDecimal(s: string): number {
  if (s.length === 0 || s.length > 9) return UNKNOWN_TYPE;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return UNKNOWN_TYPE;
  }
  return Number(s);
}

/** strcasecmp in the C locale folds ASCII letters only (JS toUpperCase would turn ß into SS). */
export function upperAscii(s: string): string {
  return s.replace(/[a-z]+/g, (w) => w.toUpperCase());
}
