// auditctl's spellings of kernel rule constants: field names, lists, actions,
// operators, file types, file system types and machine names. Hand-kept (the
// names are libaudit's, not the kernel's); the numbers come from the generated
// kernel tables. Where a number has several names, the first one is printed.
import { AUDIT_ACTION, AUDIT_ARCH, AUDIT_FIELD as F, AUDIT_LIST, AUDIT_OPERATOR as OP } from './audit-constants.gen.js';

/** `-F name=...` names as libaudit's fieldtab spells them (3.0.9 and 4.x). */
export const FIELD_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['pid', F.PID], ['uid', F.UID], ['euid', F.EUID], ['suid', F.SUID], ['fsuid', F.FSUID],
  ['gid', F.GID], ['egid', F.EGID], ['sgid', F.SGID], ['fsgid', F.FSGID],
  ['auid', F.LOGINUID], ['loginuid', F.LOGINUID], ['pers', F.PERS], ['arch', F.ARCH],
  ['msgtype', F.MSGTYPE], ['subj_user', F.SUBJ_USER], ['subj_role', F.SUBJ_ROLE],
  ['subj_type', F.SUBJ_TYPE], ['subj_sen', F.SUBJ_SEN], ['subj_clr', F.SUBJ_CLR],
  ['ppid', F.PPID], ['obj_user', F.OBJ_USER], ['obj_role', F.OBJ_ROLE], ['obj_type', F.OBJ_TYPE],
  ['obj_lev_low', F.OBJ_LEV_LOW], ['obj_lev_high', F.OBJ_LEV_HIGH], ['sessionid', F.SESSIONID],
  ['devmajor', F.DEVMAJOR], ['devminor', F.DEVMINOR], ['inode', F.INODE], ['exit', F.EXIT],
  ['success', F.SUCCESS], ['path', F.WATCH], ['perm', F.PERM], ['dir', F.DIR],
  ['filetype', F.FILETYPE], ['fstype', F.FSTYPE], ['obj_uid', F.OBJ_UID], ['obj_gid', F.OBJ_GID],
  ['field_compare', F.FIELD_COMPARE], ['a0', F.ARG0], ['a1', F.ARG1], ['a2', F.ARG2], ['a3', F.ARG3],
  ['key', F.FILTERKEY], ['exe', F.EXE], ['saddr_fam', F.SADDR_FAM],
];

/** Filter lists by their auditctl names; `io_uring` as auditctl 4.x spells it. */
export const LIST_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['task', AUDIT_LIST.TASK], ['exit', AUDIT_LIST.EXIT], ['user', AUDIT_LIST.USER],
  ['exclude', AUDIT_LIST.EXCLUDE], ['filesystem', AUDIT_LIST.FS], ['io_uring', AUDIT_LIST.URING_EXIT],
];

export const ACTION_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['never', AUDIT_ACTION.NEVER], ['possible', AUDIT_ACTION.POSSIBLE], ['always', AUDIT_ACTION.ALWAYS],
];

/**
 * Operators in the order auditctl looks for them in `field<op>value`: the
 * two-character ones first, so `a>=1` is not read as `a>` `=1`.
 */
export const OPERATOR_SYMBOLS: ReadonlyArray<readonly [string, number]> = [
  ['!=', OP.NOT_EQUAL], ['>=', OP.GREATER_THAN_OR_EQUAL], ['<=', OP.LESS_THAN_OR_EQUAL],
  ['&=', OP.BIT_TEST], ['=', OP.EQUAL], ['>', OP.GREATER_THAN], ['<', OP.LESS_THAN], ['&', OP.BIT_MASK],
];

/** `-F filetype=` names: S_IF* bits of the inode mode (sys/stat.h). */
export const FILE_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['socket', 0o140000], ['link', 0o120000], ['file', 0o100000], ['block', 0o060000],
  ['dir', 0o040000], ['character', 0o020000], ['fifo', 0o010000],
];

/** `-F fstype=` names auditctl knows: super block magic numbers (linux/magic.h). */
export const FS_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['tracefs', 0x74726163], ['debugfs', 0x64626720],
];

/** Syscall tables auspex carries (generated from ausyscall). */
export type SyscallTableName = 'x86_64' | 'i386' | 'aarch64';

export interface MachineInfo {
  readonly machine: string;
  readonly elf: number;
  /** The 32-bit companion for `arch=b32` (x86_64 → i386); undefined when there is none. */
  readonly compat32?: string;
  readonly table?: SyscallTableName;
}

/** Machines by canonical name (the name `-l -i` prints), as libaudit's machinetab/elftab. */
export const MACHINES: ReadonlyArray<MachineInfo> = [
  { machine: 'i386', elf: AUDIT_ARCH.I386, table: 'i386' },
  { machine: 'x86_64', elf: AUDIT_ARCH.X86_64, compat32: 'i386', table: 'x86_64' },
  { machine: 'ppc64', elf: AUDIT_ARCH.PPC64, compat32: 'ppc' },
  { machine: 'ppc64le', elf: AUDIT_ARCH.PPC64LE },
  { machine: 'ppc', elf: AUDIT_ARCH.PPC },
  { machine: 's390x', elf: AUDIT_ARCH.S390X, compat32: 's390' },
  { machine: 's390', elf: AUDIT_ARCH.S390 },
  { machine: 'armeb', elf: AUDIT_ARCH.ARM },
  { machine: 'aarch64', elf: AUDIT_ARCH.AARCH64, compat32: 'armeb', table: 'aarch64' },
];

/** Other spellings of a machine name (`uname -m` variants libaudit accepts). */
export const MACHINE_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['i486', 'i386'], ['i586', 'i386'], ['i686', 'i386'], ['arm', 'armeb'], ['armv5tejl', 'armeb'],
  ['armv5tel', 'armeb'], ['armv6l', 'armeb'], ['armv7l', 'armeb'], ['armv8l', 'aarch64'],
];

/** Message type names libaudit spells differently from the kernel/libaudit.h macro. */
export const MSG_TYPE_ALIASES: ReadonlyArray<readonly [string, number]> = [
  // libaudit's msg_typetab names AUDIT_AA (1500) "APPARMOR".
  ['APPARMOR', 1500],
];
