// Field → kind: the name table plus the per-record-type exceptions auparse
// makes (auparse_interp_adjust_type), in one place. Total: anything unknown is
// 'unclassified', printed as logged.
import { isCXDigit, isHexString, isIntString } from './c-number.js';
import { FIELD_KIND_NAMES } from './field-kinds.table.js';
import { libauditTypeNumber } from '../format/index.js';

export type FieldKind = keyof typeof FIELD_KIND_NAMES | 'mode-short' | 'path-flags' | 'unclassified';

const BY_NAME = new Map<string, FieldKind>();
for (const [kind, names] of Object.entries(FIELD_KIND_NAMES) as Array<[FieldKind, readonly string[]]>) {
  for (const n of names) BY_NAME.set(n, kind);
}

function typeNumber(name: string): number {
  const n = libauditTypeNumber(name);
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

const EXECVE = T.EXECVE;
const PATH = T.PATH;
const TRUSTED_APP = T.TRUSTED_APP;
// Types with an exception for some field (apart from EXECVE, PATH, TRUSTED_APP).
const SPECIAL_TYPES = new Set<number>([T.AVC, T.USER_TTY, T.NETFILTER_PKT, T.MQ_OPEN, T.CRYPTO_KEY_USER, T.ADD_GROUP, T.GRP_MGMT, T.DEL_GROUP, T.KERN_MODULE]);

/** False when no field of this record type has a kind other than its name's (acct aside). */
export function typeHasExceptions(recordType: number): boolean {
  return recordType === EXECVE || recordType === PATH || recordType === TRUSTED_APP || SPECIAL_TYPES.has(recordType);
}

/**
 * auparse_interp_adjust_type: the kind of field `name` with raw value `val` in a
 * record of type `recordType` (3.0.9 numbering). `val` matters only for acct
 * and in TRUSTED_APP records.
 */
export function fieldKind(recordType: number, name: string, val: string): FieldKind {
  if (recordType === EXECVE) {
    if (name.charCodeAt(0) === 97 && name !== 'argc' && !name.includes('_len')) return 'escaped';
  } else if (recordType === PATH) {
    if (name === 'flags') return 'path-flags';
  } else if (recordType === TRUSTED_APP) {
    if (name !== 'acct') {
      if (val.charCodeAt(0) === 34) return 'escaped';
      if (isIntString(val)) return 'unclassified';
      return isHexString(val) ? 'escaped' : 'unclassified';
    }
  } else if (SPECIAL_TYPES.has(recordType)) {
    const k = specialKind(recordType, name);
    if (k !== undefined) return k;
  }
  if (name === 'acct') return val.charCodeAt(0) === 34 || isHexString(val) ? 'escaped' : 'unclassified';
  return BY_NAME.get(name) ?? 'unclassified';
}

/**
 * True when fieldKind(recordType, name, val) depends on `val` (acct outside
 * EXECVE records, every field of TRUSTED_APP): the formatter remembers the
 * kind per record type and name for all other fields.
 */
export function kindDependsOnValue(recordType: number, name: string): boolean {
  return recordType === TRUSTED_APP || (name === 'acct' && recordType !== EXECVE);
}

/** fieldKind's rule for `acct` (outside EXECVE), on the value's bytes b[from, to). */
export function acctKindOfBytes(b: Uint8Array, from: number, to: number): FieldKind {
  if (to > from && b[from] === 34) return 'escaped';
  for (let i = from; i < to; i++) if (!isCXDigit(b[i] as number)) return 'unclassified';
  return 'escaped';
}

function specialKind(recordType: number, name: string): FieldKind | undefined {
  if (recordType === T.AVC && name === 'saddr') return 'unclassified';
  if (recordType === T.USER_TTY && name === 'msg') return 'escaped';
  if (recordType === T.NETFILTER_PKT && name === 'saddr') return 'addr';
  if (recordType === T.MQ_OPEN && name === 'mode') return 'mode-short';
  if (recordType === T.CRYPTO_KEY_USER && name === 'fp') return 'unclassified';
  if (name === 'id' && (recordType === T.ADD_GROUP || recordType === T.GRP_MGMT || recordType === T.DEL_GROUP)) return 'gid';
  if (recordType === T.KERN_MODULE && name === 'name') return 'escaped';
  return undefined;
}
