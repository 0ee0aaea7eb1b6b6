// Number → name lookups over the generated tables: what auparse 3.0.9 and
// libaudit print for signals, capabilities, families, machines, syscalls,
// errnos and the rest. Maps are built once at load; syscall maps lazily.
import * as A from './tables/auparse-names.gen.js';
import * as L from './tables/libaudit.gen.js';
import { MACHINE_SYSCALL_TABLE } from './tables/machine-syscall-tables.gen.js';
import { IO_URING_OPS, SYSCALL_TABLES } from '../rules/index.js';

export type NameTable = ReadonlyMap<number, string>;
const map = (rows: ReadonlyArray<readonly [number, string]>): NameTable => new Map(rows);

export const SIGNALS = map(A.SIGNALS);
export const CAPABILITIES = map(A.CAPABILITIES);
export const ADDRESS_FAMILIES = map(A.ADDRESS_FAMILIES);
export const SOCKET_TYPES = map(A.SOCKET_TYPES);
export const FCNTL_COMMANDS = map(A.FCNTL_COMMANDS);
export const EPOLL_CTL_OPS = map(A.EPOLL_CTL_OPS);
export const CLOCK_IDS = map(A.CLOCK_IDS);
export const PERSONALITIES = map(A.PERSONALITIES);
export const PTRACE_REQUESTS = map(A.PTRACE_REQUESTS);
export const PRCTL_OPTIONS = map(A.PRCTL_OPTIONS);
export const RLIMITS = map(A.RLIMITS);
export const SCHED_POLICIES = map(A.SCHED_POLICIES);
export const SOCKET_LEVELS = map(A.SOCKET_LEVELS);
export const SOCKET_OPTIONS = map(A.SOCKET_OPTIONS);
export const IP_OPTIONS = map(A.IP_OPTIONS);
export const IPV6_OPTIONS = map(A.IPV6_OPTIONS);
export const TCP_OPTIONS = map(A.TCP_OPTIONS);
export const PACKET_OPTIONS = map(A.PACKET_OPTIONS);
export const SEEK_WHENCE = map(A.SEEK_WHENCE);
export const BPF_COMMANDS = map(A.BPF_COMMANDS);
export const IOCTL_REQUESTS = map(A.IOCTL_REQUESTS);
export const SOCKETCALL_OPS = map(A.SOCKETCALL_OPS);
export const IPC_CALLS = map(A.IPC_CALLS);
export const NETFILTER_PROTOCOLS = map(A.NETFILTER_PROTOCOLS);
export const ICMP_TYPES = map(A.ICMP_TYPES);
export const INET_HOOKS = map(A.INET_HOOKS);
export const NET_ACTIONS = map(A.NET_ACTIONS);
export const SECCOMP_ACTIONS = map(A.SECCOMP_ACTIONS);
export const FILE_TYPES = map(L.FILE_TYPES);
export const FILTER_LISTS = map(L.FILTER_LISTS);
export const ERRNO_NAMES = map(L.ERRNO_NAMES);
const STRERROR = map(L.STRERROR);

/** Flag tables keep auparse's join order. */
export type FlagTable = ReadonlyArray<readonly [number, string]>;
export const CLONE_FLAGS: FlagTable = A.CLONE_FLAGS;
export const OPEN_FLAGS: FlagTable = A.OPEN_FLAGS;
export const PROT_FLAGS: FlagTable = A.PROT_FLAGS;
export const MMAP_FLAGS: FlagTable = A.MMAP_FLAGS;
export const MOUNT_FLAGS: FlagTable = A.MOUNT_FLAGS;
export const RECV_FLAGS: FlagTable = A.RECV_FLAGS;
export const ACCESS_MODES: FlagTable = A.ACCESS_MODES;
export const UMOUNT_FLAGS: FlagTable = A.UMOUNT_FLAGS;
export const SHMGET_FLAGS: FlagTable = A.SHMGET_FLAGS;
export const OPENAT2_RESOLVE: FlagTable = A.OPENAT2_RESOLVE;
export const PATH_FLAGS: FlagTable = A.PATH_FLAGS;
export const CAP_LAST = A.CAP_LAST;

/** Names of the bits of `flags` (unsigned 32-bit) that `table` knows, in table order. */
export function flagNames(table: FlagTable, flags: number, sep: string): string {
  let out = '';
  for (const [bit, name] of table) {
    if ((flags & bit) !== 0) out = out === '' ? name : out + sep + name;
  }
  return out;
}

/** glibc strerror() text in the C locale. */
export function strerrorText(n: number): string {
  return STRERROR.get(n) ?? `Unknown error ${n}`;
}

// Machines, as libaudit numbers them (MACH_X86 = 0, MACH_86_64 = 1, ...).
const MACHINE_NAMES = map(L.MACHINE_NAMES);
const ELF_TO_MACHINE = new Map<number, number>(L.ELF_MACHINES);
const UNAME_TO_MACHINE = new Map<string, number>();
for (const [m, s] of L.UNAME_MACHINES) if (!UNAME_TO_MACHINE.has(s)) UNAME_TO_MACHINE.set(s, m);
export const MACH_PPC64 = machineNumber('ppc64');
export const MACH_PPC = machineNumber('ppc');
/** libaudit MACH_AARCH64: print_arch re-derives the machine above it. */
export const MACH_AARCH64 = machineNumber('aarch64');

function machineNumber(name: string): number {
  const m = UNAME_TO_MACHINE.get(name);
  if (m === undefined) throw new Error(`libaudit table lacks machine ${name}`);
  return m;
}

// Records mostly share one arch: the last answer is kept.
let lastElf = -1;
let lastMachine = -1;

/** audit_elf_to_machine: the machine for an AUDIT_ARCH value (low 32 bits), or -1. */
export function elfToMachine(elf: number): number {
  const e = elf >>> 0;
  if (e !== lastElf) {
    lastElf = e;
    lastMachine = ELF_TO_MACHINE.get(e) ?? -1;
  }
  return lastMachine;
}

/** audit_machine_to_name. */
export function machineName(machine: number): string | undefined {
  return MACHINE_NAMES.get(machine);
}

/** audit_name_to_machine for a `uname -m` string, or -1. */
export function unameToMachine(name: string): number {
  return UNAME_TO_MACHINE.get(name) ?? -1;
}

const syscallMaps = new Map<number, NameTable | null>();
/** audit_syscall_to_name: undefined when the machine has no table or the number no name. */
export function syscallName(machine: number, nr: number): string | undefined {
  let m = syscallMaps.get(machine);
  if (m === undefined) {
    const key = MACHINE_SYSCALL_TABLE.find(([mach]) => mach === machine)?.[1];
    const rows = key === undefined ? undefined : SYSCALL_TABLES[key];
    m = rows === undefined ? null : map(rows);
    syscallMaps.set(machine, m);
  }
  return m === null ? undefined : m.get(nr);
}

/** io_uring op name (lower case, as auditd 4.x prints it), or undefined past Linux 6.18's ops. */
export function uringOpName(op: number): string | undefined {
  return IO_URING_OPS[op]?.name;
}
