// Lookups over the generated normaliser tables: the event kind and action of a
// record type, the action class of a syscall name; and the record type numbers
// the normaliser names, checked against libaudit 3.0.9's names (format/).
import { EVENT_KIND_RANGES, RECORD_ACTIONS } from './tables/record-types.gen.js';
import { SYSCALL_ACTIONS } from './tables/syscall-actions.gen.js';
import { libauditTypeName, libauditTypeNumber } from '../format/index.js';

/** The number libaudit 3.0.9 gives a record type name; throws for a name it does not know. */
export function named(name: string): number {
  const n = libauditTypeNumber(name);
  if (n < 0 || libauditTypeName(n) !== name) throw new Error(`record type ${name} unknown to libaudit 3.0.9's table`);
  return n;
}

/** Record type numbers the normaliser's code names (libaudit 3.0.9 numbering). */
export const T = {
  USER: named('USER'),
  LOGIN: named('LOGIN'),
  USER_AVC: named('USER_AVC'),
  USER_START: named('USER_START'),
  USER_END: named('USER_END'),
  USER_ERR: named('USER_ERR'),
  USER_LOGIN: named('USER_LOGIN'),
  USER_DEVICE: named('USER_DEVICE'),
  SOFTWARE_UPDATE: named('SOFTWARE_UPDATE'),
  SYSTEM_BOOT: named('SYSTEM_BOOT'),
  SYSTEM_SHUTDOWN: named('SYSTEM_SHUTDOWN'),
  DAEMON_START: named('DAEMON_START'),
  DAEMON_ABORT: named('DAEMON_ABORT'),
  DAEMON_ACCEPT: named('DAEMON_ACCEPT'),
  SYSCALL: named('SYSCALL'),
  PATH: named('PATH'),
  CONFIG_CHANGE: named('CONFIG_CHANGE'),
  SOCKADDR: named('SOCKADDR'),
  CWD: named('CWD'),
  EOE: named('EOE'),
  NETFILTER_CFG: named('NETFILTER_CFG'),
  SECCOMP: named('SECCOMP'),
  PROCTITLE: named('PROCTITLE'),
  FEATURE_CHANGE: named('FEATURE_CHANGE'),
  KERN_MODULE: named('KERN_MODULE'),
  FANOTIFY: named('FANOTIFY'),
  TIME_INJOFFSET: named('TIME_INJOFFSET'),
  TIME_ADJNTPVAL: named('TIME_ADJNTPVAL'),
  BPF: named('BPF'),
  EVENT_LISTENER: named('EVENT_LISTENER'),
  AVC: named('AVC'),
  SELINUX_ERR: named('SELINUX_ERR'),
  MAC_POLICY_LOAD: named('MAC_POLICY_LOAD'),
  MAC_STATUS: named('MAC_STATUS'),
  MAC_CONFIG_CHANGE: named('MAC_CONFIG_CHANGE'),
  MAC_UNLBL_ALLOW: named('MAC_UNLBL_ALLOW'),
  MAC_MAP_ADD: named('MAC_MAP_ADD'),
  MAC_MAP_DEL: named('MAC_MAP_DEL'),
  MAC_CALIPSO_DEL: named('MAC_CALIPSO_DEL'),
  ANOM_PROMISCUOUS: named('ANOM_PROMISCUOUS'),
  ANOM_ABEND: named('ANOM_ABEND'),
  ANOM_LINK: named('ANOM_LINK'),
  ANOM_EXEC: named('ANOM_EXEC'),
  KERNEL: named('KERNEL'),
  TTY: named('TTY'),
  // Range bounds of libaudit.h / <linux/audit.h> (no record carries these names).
  FIRST_EVENT: 1300,
  FIRST_USER_MSG: 1100,
  LAST_USER_MSG: 1199,
  FIRST_DAEMON: 1200,
  LAST_DAEMON: 1299,
  LAST_SELINUX: 1499,
  FIRST_ANOM_MSG: 2100,
  FIRST_USER_MSG2: 2100,
  LAST_USER_MSG2: 2999,
} as const;

const ACTION_OF = new Map<number, string>(RECORD_ACTIONS);
const SYSCALL_ACTION_OF = new Map<string, string>(SYSCALL_ACTIONS);
const LAST_KIND = EVENT_KIND_RANGES[EVENT_KIND_RANGES.length - 1];
const KIND_BY_TYPE: string[] = [];
for (const [from, to, kind] of EVENT_KIND_RANGES) for (let n = from; n <= to; n++) KIND_BY_TYPE[n] = kind;

/** The EVENT_KIND of an event whose first record has this type. */
export function eventKindOf(type: number): string {
  if (type < 0) return 'unknown';
  return KIND_BY_TYPE[type] ?? (LAST_KIND?.[2] as string);
}

/** The action looked up for a record type, if it has one. */
export function recordActionOf(type: number): string | undefined {
  return ACTION_OF.get(type);
}

/** The action class of a syscall name (see syscall-actions.gen.ts), if it has one. */
export function syscallActionOf(name: string): string | undefined {
  return SYSCALL_ACTION_OF.get(name);
}
