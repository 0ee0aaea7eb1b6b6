// Field → kind: the name table plus the per-record-type exceptions auparse
// makes (auparse_interp_adjust_type), in one place. Total: anything unknown is
// 'unclassified', printed as logged.
import { isHexString, isIntString } from './c-number.js';
import { FIELD_KIND_NAMES } from './field-kinds.table.js';
import { recordTypeNumber3 } from './names.js';

export type FieldKind = keyof typeof FIELD_KIND_NAMES | 'mode-short' | 'path-flags' | 'unclassified';

const BY_NAME = new Map<string, FieldKind>();
for (const [kind, names] of Object.entries(FIELD_KIND_NAMES) as Array<[FieldKind, readonly string[]]>) {
  for (const n of names) BY_NAME.set(n, kind);
}

function typeNumber(name: string): number {
  const n = recordTypeNumber3(name);
  if (n < 0) throw new Error(`record type ${name} unknown to the 3.0.9 table`);
  return n;
}

/** Record type numbers (as auditd 3.0.9 numbers them) that change a field's kind. */
export const T = {
  SYSCALL: typeNumber('SYSCALL'),
  SECCOMP: typeNumber('SECCOMP'),
  EXECVE: typeNumber('EXECVE'),
  AVC: typeNumber('AVC'),
  USER_TTY: typeNumber('USER_TTY'),
  NETFILTER_PKT: typeNumber('NETFILTER_PKT'),
  PATH: typeNumber('PATH'),
  MQ_OPEN: typeNumber('MQ_OPEN'),
  CRYPTO_KEY_USER: typeNumber('CRYPTO_KEY_USER'),
  ADD_GROUP: typeNumber('ADD_GROUP'),
  GRP_MGMT: typeNumber('GRP_MGMT'),
  DEL_GROUP: typeNumber('DEL_GROUP'),
  TRUSTED_APP: typeNumber('TRUSTED_APP'),
  KERN_MODULE: typeNumber('KERN_MODULE'),
  URINGOP: typeNumber('URINGOP'),
} as const;

/** The kind a field name has with no record-type exception. */
export function kindOfName(name: string): FieldKind {
  return BY_NAME.get(name) ?? 'unclassified';
}

/**
 * auparse_interp_adjust_type: the kind of field `name` with raw value `val` in a
 * record of type `recordType` (3.0.9 numbering).
 */
export function fieldKind(recordType: number, name: string, val: string): FieldKind {
  if (recordType === T.EXECVE && name.charCodeAt(0) === 97 && name !== 'argc' && !name.includes('_len')) return 'escaped';
  if (recordType === T.AVC && name === 'saddr') return 'unclassified';
  if (recordType === T.USER_TTY && name === 'msg') return 'escaped';
  if (recordType === T.NETFILTER_PKT && name === 'saddr') return 'addr';
  if (name === 'acct') return val.charCodeAt(0) === 34 || isHexString(val) ? 'escaped' : 'unclassified';
  if (recordType === T.PATH && name === 'flags') return 'path-flags';
  if (recordType === T.MQ_OPEN && name === 'mode') return 'mode-short';
  if (recordType === T.CRYPTO_KEY_USER && name === 'fp') return 'unclassified';
  if (name === 'id' && (recordType === T.ADD_GROUP || recordType === T.GRP_MGMT || recordType === T.DEL_GROUP)) return 'gid';
  if (recordType === T.TRUSTED_APP) {
    if (val.charCodeAt(0) === 34) return 'escaped';
    if (isIntString(val)) return 'unclassified';
    return isHexString(val) ? 'escaped' : 'unclassified';
  }
  if (recordType === T.KERN_MODULE && name === 'name') return 'escaped';
  return BY_NAME.get(name) ?? 'unclassified';
}
