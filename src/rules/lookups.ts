// Name ⇄ number lookups over the rule tables, with libaudit's matching rules:
// field, syscall and machine names match case-insensitively (lowercased),
// message types and errno names upper-cased; for a number with several names
// the first listed is the one printed.
import { recordTypeName, recordTypeNumber } from '../format/index.js';
import { AUDIT_COMPARE, AUDIT_FIELD } from './audit-constants.gen.js';
import { ERRNOS } from './errnos.gen.js';
import { IO_URING_OPS } from './io-uring-ops.gen.js';
import {
  ACTION_NAMES, FIELD_NAMES, FILE_TYPES, FS_TYPES, LIST_NAMES, MACHINE_ALIASES, MACHINES,
  MSG_TYPE_ALIASES, OPERATOR_SYMBOLS,
} from './names.table.js';
import type { MachineInfo } from './names.table.js';
import { SYSCALL_TABLES } from './syscalls.gen.js';

interface TwoWay {
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, string>;
}

function twoWay(rows: ReadonlyArray<readonly [string, number]>): TwoWay {
  const byName = new Map<string, number>();
  const byNumber = new Map<number, string>();
  for (const [name, n] of rows) {
    if (!byName.has(name)) byName.set(name, n);
    if (!byNumber.has(n)) byNumber.set(n, name);
  }
  return { byName, byNumber };
}

const fields = twoWay(FIELD_NAMES);
const lists = twoWay(LIST_NAMES);
const actions = twoWay(ACTION_NAMES);
const operators = twoWay(OPERATOR_SYMBOLS);
const fileTypes = twoWay(FILE_TYPES);
const fsTypes = twoWay(FS_TYPES);
const errnos = twoWay(ERRNOS);
const uringOps = twoWay(IO_URING_OPS.map((o) => [o.name, o.op] as const));
const uringAudited = new Set(IO_URING_OPS.filter((o) => o.audited).map((o) => o.op));
const syscalls = new Map<string, TwoWay>(Object.entries(SYSCALL_TABLES).map(([m, rows]) => [m, twoWay(rows.map(([n, s]) => [s, n] as const))]));
const machineByName = new Map<string, MachineInfo>(MACHINES.map((m) => [m.machine, m]));
for (const [alias, name] of MACHINE_ALIASES) machineByName.set(alias, machineByName.get(name) as MachineInfo);
const machineByElf = new Map<number, MachineInfo>(MACHINES.map((m) => [m.elf, m]));

export const fieldNumber = (name: string): number | undefined => fields.byName.get(name.toLowerCase());
export const fieldName = (field: number): string | undefined => fields.byNumber.get(field);
export const listNumber = (name: string): number | undefined => lists.byName.get(name);
export const listName = (list: number): string | undefined => lists.byNumber.get(list);
export const actionNumber = (name: string): number | undefined => actions.byName.get(name);
export const actionName = (action: number): string | undefined => actions.byNumber.get(action);
export const operatorSymbol = (op: number): string | undefined => operators.byNumber.get(op);
export const OPERATOR_SEARCH_ORDER = OPERATOR_SYMBOLS;
export const fileTypeNumber = (name: string): number | undefined => fileTypes.byName.get(name.toLowerCase());
export const fsTypeNumber = (name: string): number | undefined => fsTypes.byName.get(name.toLowerCase());
export const fsTypeName = (magic: number): string | undefined => fsTypes.byNumber.get(magic);
export const errnoNumber = (name: string): number | undefined => errnos.byName.get(name.toUpperCase());
export const errnoName = (n: number): string | undefined => errnos.byNumber.get(n);
export const uringOpNumber = (name: string): number | undefined => uringOps.byName.get(name.toLowerCase());
export const uringOpName = (op: number): string | undefined => uringOps.byNumber.get(op);
/** Whether the kernel can emit URINGOP for this op (no audit_skip in io_uring/opdef.c). */
export const uringOpAudited = (op: number): boolean => uringAudited.has(op);

export function machineInfo(name: string): MachineInfo | undefined {
  return machineByName.get(name.toLowerCase());
}

export function machineForElf(elf: number): MachineInfo | undefined {
  return machineByElf.get(elf >>> 0);
}

export function syscallNumber(machine: MachineInfo, name: string): number | undefined {
  return machine.table === undefined ? undefined : syscalls.get(machine.table)?.byName.get(name.toLowerCase());
}

export function syscallName(machine: MachineInfo, n: number): string | undefined {
  return machine.table === undefined ? undefined : syscalls.get(machine.table)?.byNumber.get(n);
}

/** Message type by name (libaudit spelling, case-insensitive), `UNKNOWN[n]` or a number. */
export function msgTypeNumber(text: string): number | undefined {
  const upper = text.toUpperCase();
  const alias = MSG_TYPE_ALIASES.find(([name]) => name === upper);
  if (alias !== undefined) return alias[1];
  const n = recordTypeNumber(upper);
  if (n !== undefined && n >= 0) return n;
  const unknown = /^UNKNOWN\[(\d{1,7})/.exec(text);
  if (unknown !== null) return Number(unknown[1]);
  return undefined;
}

export function msgTypeName(type: number): string | undefined {
  const alias = MSG_TYPE_ALIASES.find(([, n]) => n === type);
  return alias !== undefined ? alias[0] : recordTypeName(type);
}

// -C pairs: AUDIT_COMPARE_<A>_TO_<B> names the two fields it compares, so the
// constant for `-C a=b` is the one naming {a, b} in either order.
const COMPARE_FIELD_NAMES: Readonly<Record<string, number>> = {
  UID: AUDIT_FIELD.UID, EUID: AUDIT_FIELD.EUID, SUID: AUDIT_FIELD.SUID, FSUID: AUDIT_FIELD.FSUID,
  AUID: AUDIT_FIELD.LOGINUID, OBJ_UID: AUDIT_FIELD.OBJ_UID, GID: AUDIT_FIELD.GID, EGID: AUDIT_FIELD.EGID,
  SGID: AUDIT_FIELD.SGID, FSGID: AUDIT_FIELD.FSGID, OBJ_GID: AUDIT_FIELD.OBJ_GID,
};
const compares = Object.entries(AUDIT_COMPARE).map(([name, value]) => {
  const [a, b] = name.split('_TO_') as [string, string];
  return { value, a, b, fa: COMPARE_FIELD_NAMES[a], fb: COMPARE_FIELD_NAMES[b] };
});

export function compareValue(fieldA: number, fieldB: number): number | undefined {
  return compares.find((c) => (c.fa === fieldA && c.fb === fieldB) || (c.fa === fieldB && c.fb === fieldA))?.value;
}

/** The two auditctl field names a comparison value prints as (`uid`, `obj_uid`). */
export function compareFieldNames(value: number): readonly [string, string] | undefined {
  const c = compares.find((x) => x.value === value);
  return c === undefined ? undefined : [c.a.toLowerCase(), c.b.toLowerCase()];
}
