// The syscall name and the a0..a3 arguments of a SYSCALL record, read by the
// syscall's name through syscall-args.table.ts. Context (machine, syscall
// number, the record's a0 and a1) lives in a mutable SyscallContext the caller
// reuses, so nothing is allocated per field.
import { parseSigned, parseUnsigned, parsedInt, parsedLo } from './c-number.js';
import type { IdNamer } from './format-ids.js';
import * as V from './format-values.js';
import type { ProtocolDb } from './host-names.js';
import * as N from './names.js';
import { ARG_TABLES, type ArgKind } from './syscall-args.table.js';

export interface SyscallContext {
  /** libaudit machine number, -1 for none. */
  machine: number;
  /** The syscall number as a C int. */
  syscall: number;
  /** The record's a0 and a1 as unsigned 64-bit halves. */
  a0Hi: number;
  a0Lo: number;
  a1Hi: number;
  a1Lo: number;
}

const ARG_MAPS = ARG_TABLES.map((t) => new Map<string, ArgKind>(Object.entries(t)));
// access() looks at the first three access modes, mprotect at three protections, mmap at four.
const ACCESS3 = N.ACCESS_MODES.slice(0, 3);
const PROT3 = N.PROT_FLAGS.slice(0, 3);
const PROT4 = N.PROT_FLAGS.slice(0, 4);

/** print_syscall: `hostMachine` stands in for a record with no machine. */
export function printSyscall(val: string, ctx: SyscallContext, hostMachine: number): string {
  const machine = ctx.machine < 0 ? hostMachine : ctx.machine;
  if (machine < 0) return val;
  const sys = N.syscallName(machine, ctx.syscall);
  if (sys === undefined) return `unknown-syscall(${ctx.syscall})`;
  if (sys === 'socketcall' || sys === 'ipc') {
    // Only when a0 fits in an int.
    const fits = (ctx.a0Hi === 0 && ctx.a0Lo < 0x80000000) || (ctx.a0Hi === 0xffffffff && ctx.a0Lo >= 0x80000000);
    const func = fits ? (sys === 'ipc' ? N.IPC_CALLS : N.SOCKETCALL_OPS).get(ctx.a0Lo | 0) : undefined;
    if (func !== undefined) return `${sys}(${func})`;
  }
  return sys;
}

const is = (hi: number, lo: number, v: number): boolean => hi === 0 && lo === v;

/** Argument kinds whose printed text reads more than the value (the record's a0 or a1, or its machine). */
export const CONTEXT_ARG_KINDS: ReadonlySet<ArgKind> = new Set<ArgKind>(['prctl-arg', 'open-mode', 'fcntl-arg', 'sockopt-name']);

/** How argument `pos` of the context's syscall is read; undefined: as 0x<hex>. */
export function argKind(pos: 0 | 1 | 2 | 3, ctx: SyscallContext): ArgKind | undefined {
  const sys = N.syscallName(ctx.machine, ctx.syscall);
  return sys === undefined ? undefined : ARG_MAPS[pos]?.get(sys);
}

export function printArg(pos: 0 | 1 | 2 | 3, val: string, ctx: SyscallContext, ids: IdNamer, protocols: ProtocolDb): string {
  const kind = argKind(pos, ctx);
  return kind === undefined ? `0x${val}` : printArgKind(kind, val, ctx, ids, protocols);
}

function printArgKind(kind: ArgKind, val: string, ctx: SyscallContext, ids: IdNamer, protocols: ProtocolDb): string {
  const hex = `0x${val}`;
  switch (kind) {
    case 'signal':
      return V.printSignal(val, 16);
    case 'dirfd':
      if (!parseUnsigned(val, 16)) return V.convError(val);
      return parsedLo === 0xffffff9c ? 'AT_FDCWD' : hex;
    case 'clock': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const i = parsedInt();
      return (i < 7 ? N.CLOCK_IDS.get(i) : undefined) ?? `unknown-clk_id(0x${val})`;
    }
    case 'personality':
      return V.printPersonality(val);
    case 'ptrace':
      return V.printEnum(val, 16, N.PTRACE_REQUESTS, (v) => `unknown-ptrace(0x${v})`);
    case 'prctl-option':
      return V.printEnum(val, 16, N.PRCTL_OPTIONS, (v) => `unknown-prctl-option(0x${v})`);
    case 'prctl-arg':
      // PR_CAPBSET_READ, PR_CAPBSET_DROP, PR_SET_PDEATHSIG
      if (is(ctx.a0Hi, ctx.a0Lo, 23) || is(ctx.a0Hi, ctx.a0Lo, 24)) return V.printCapability(val, 16);
      if (is(ctx.a0Hi, ctx.a0Lo, 1)) return V.printSignal(val, 16);
      return hex;
    case 'clone-flags':
      return printCloneFlags(val);
    case 'rlimit': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const i = parsedInt();
      return (i < 17 ? N.RLIMITS.get(i) : undefined) ?? `unknown-rlimit(0x${val})`;
    }
    case 'uid':
      return ids.uid(val, 16);
    case 'gid':
      return ids.gid(val, 16);
    case 'socket-domain':
      return V.printEnum(val, 16, N.ADDRESS_FAMILIES, (v) => `unknown-family(0x${v})`);
    case 'socket-type':
      if (!parseUnsigned(val, 16)) return V.convError(val);
      return N.SOCKET_TYPES.get(parsedLo & 0xff) ?? `unknown-type(${val})`;
    case 'socket-proto': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const p = parsedInt();
      return (p >= 0 ? protocols.protocolName(p) : undefined) ?? `unknown-proto(${val})`;
    }
    case 'socketcall':
      if (!parseSigned(val, 16)) return V.convError(val);
      return N.SOCKETCALL_OPS.get(parsedInt()) ?? `unknown-socketcall(${val})`;
    case 'exit-status':
      return val === '0' ? 'EXIT_SUCCESS' : val === '1' ? 'EXIT_FAILURE' : 'UNKNOWN';
    case 'bpf-cmd':
      return V.printEnum(val, 16, N.BPF_COMMANDS, (v) => `unknown-bpf-cmd(${v})`);
    case 'mode':
      return V.printMode(val, 16);
    case 'mode-short':
      return V.printModeShort(val, 16);
    case 'open-mode':
      // O_CREAT in a1
      return (ctx.a1Lo & 0o100) !== 0 ? V.printModeShort(val, 16) : hex;
    case 'fcntl-cmd':
      return V.printEnum(val, 16, N.FCNTL_COMMANDS, (_v, n) => `unknown-fcntl-command(${n})`);
    case 'fcntl-arg': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const ival = parsedInt();
      if (is(ctx.a1Hi, ctx.a1Lo, 8)) return ids.uid(val, 16); // F_SETOWN
      if (is(ctx.a1Hi, ctx.a1Lo, 2) && ival === 1) return 'FD_CLOEXEC'; // F_SETFD
      return hex;
    }
    case 'sockopt-level': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const lvl = parsedInt();
      if (lvl === 1) return 'SOL_SOCKET';
      return (lvl >= 0 ? protocols.protocolName(lvl) : undefined) ?? N.SOCKET_LEVELS.get(lvl) ?? `unknown-sockopt-level(0x${val})`;
    }
    case 'sockopt-name':
      return printSockoptName(val, ctx);
    case 'sched': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const pol = parsedLo;
      const name = N.SCHED_POLICIES.get(pol & 0x0f);
      if (name === undefined) return `unknown-scheduler-policy(0x${val})`;
      return (pol & 0x40000000) !== 0 ? `${name}|SCHED_RESET_ON_FORK` : name;
    }
    case 'open-flags':
      return V.printOpenFlags(val);
    case 'access': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      if ((parsedLo & 0x0f) === 0) return 'F_OK';
      const out = N.flagNames(ACCESS3, parsedLo, '|');
      return out === '' ? hex : out;
    }
    case 'epoll-ctl':
      return V.printEnum(val, 16, N.EPOLL_CTL_OPS, (_v, n) => `unknown-epoll_ctl-operation(${n})`);
    case 'umount':
      return V.printFlags(val, N.UMOUNT_FLAGS, '|');
    case 'ioctl-req':
      return V.printIoctlReq(val);
    case 'recv':
      return V.printFlags(val, N.RECV_FLAGS, '|');
    case 'shm-flags': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const f = parsedLo;
      const names = N.flagNames(N.SHMGET_FLAGS, f & 0o17000, '|');
      const mode = V.modeShort(f & 0o777);
      return names === '' ? mode : `${names}|${mode}`;
    }
    case 'prot':
    case 'prot-mmap': {
      if (!parseUnsigned(val, 16)) return V.convError(val);
      if ((parsedLo & 7) === 0) return 'PROT_NONE';
      const out = N.flagNames(kind === 'prot' ? PROT3 : PROT4, parsedLo, '|');
      return out === '' ? hex : out;
    }
    case 'seek':
      if (!parseUnsigned(val, 16)) return V.convError(val);
      return N.SEEK_WHENCE.get(parsedLo & 0xff) ?? `unknown-whence(${val})`;
    case 'mmap':
      return V.printMmapFlags(val);
    case 'mount':
      return V.printFlags(val, N.MOUNT_FLAGS, '|');
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function printCloneFlags(val: string): string {
  if (!parseUnsigned(val, 16)) return V.convError(val);
  const flags = parsedLo;
  let out = N.flagNames(N.CLONE_FLAGS, flags, '|');
  const sig = flags & 0xff;
  if (sig !== 0 && sig < 32) {
    const s = N.SIGNALS.get(sig);
    if (s !== undefined) out = out === '' ? s : `${out}|${s}`;
  }
  return out === '' ? `0x${flags.toString(16)}` : out;
}

function printSockoptName(val: string, ctx: SyscallContext): string {
  if (ctx.a1Hi !== 0) return `0x${val}`;
  switch (ctx.a1Lo) {
    case 0: // IPPROTO_IP
      return V.printEnum(val, 16, N.IP_OPTIONS, (v) => `unknown-ipopt-name(0x${v})`);
    case 1: {
      // SOL_SOCKET: ppc numbers 16-21 differently, the table holds them at +100.
      if (!parseUnsigned(val, 16)) return V.convError(val);
      let opt = parsedInt();
      if ((ctx.machine === N.MACH_PPC64 || ctx.machine === N.MACH_PPC) && opt >= 16 && opt <= 21) opt += 100;
      return N.SOCKET_OPTIONS.get(opt) ?? `unknown-sockopt-name(0x${val})`;
    }
    case 6: // IPPROTO_TCP
      return V.printEnum(val, 16, N.TCP_OPTIONS, (v) => `unknown-tcpopt-name(0x${v})`);
    case 17: {
      // IPPROTO_UDP
      if (!parseUnsigned(val, 16)) return V.convError(val);
      const opt = parsedInt();
      return opt === 1 ? 'UDP_CORK' : opt === 100 ? 'UDP_ENCAP' : `unknown-udpopt-name(0x${val})`;
    }
    case 41: // IPPROTO_IPV6
      return V.printEnum(val, 16, N.IPV6_OPTIONS, (v) => `unknown-ip6opt-name(0x${v})`);
    case 263: // SOL_PACKET
      return V.printEnum(val, 16, N.PACKET_OPTIONS, (v) => `unknown-pktopt-name(0x${v})`);
    default:
      return `0x${val}`;
  }
}
