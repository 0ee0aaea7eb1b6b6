// The total function kind → printed value (auparse_do_interpretation as
// ausearch -i uses it): a name the writing machine recorded (ENRICHED) wins
// unless it reads `unknown-...`; otherwise the kind's printer runs and its
// output is escaped for the chosen --escape mode.
import { escapeKey, escapeText, type EscapeMode } from './escape.js';
import { lookupInterp, type InterpList } from './enriched.js';
import type { FieldKind } from './field-kind.js';
import { printSockaddr, printTtyData } from './format-bytes.js';
import type { IdNamer } from './format-ids.js';
import { printArg, printSyscall, type SyscallContext } from './format-syscall.js';
import * as V from './format-values.js';
import { printEscaped, printProctitle } from './hex-text.js';
import type { InterfaceDb, ProtocolDb } from './host-names.js';
import * as N from './names.js';

export interface ValueEnv {
  readonly ids: IdNamer;
  readonly protocols: ProtocolDb;
  readonly interfaces: InterfaceDb;
  readonly escape: EscapeMode;
  /** libaudit machine number of the reading host, -1 if unknown. */
  readonly hostMachine: number;
  /** Print uring_op as the op's name (else as logged, as 3.0.9 does). */
  readonly uringOpNames: boolean;
}

/**
 * The printed value of a field; undefined only where auparse yields NULL
 * (TTY data of under two hex digits), which ausearch prints as "(null)".
 */
export function interpretValue(
  kind: FieldKind,
  name: string,
  val: string,
  ctx: SyscallContext,
  interp: InterpList | undefined,
  env: ValueEnv,
): string | undefined {
  if (interp !== undefined) {
    const recorded = lookupInterp(interp, name);
    if (recorded !== undefined && !recorded.startsWith('unknown-')) {
      return kind === 'uid' || kind === 'gid' ? printEscaped(recorded) : recorded;
    }
  }
  const out = printKind(kind, val, ctx, env);
  if (out === undefined || env.escape === 'raw') return out;
  return kind === 'escaped-key' ? escapeKey(out, env.escape) : escapeText(out, env.escape);
}

function printKind(kind: FieldKind, val: string, ctx: SyscallContext, env: ValueEnv): string | undefined {
  switch (kind) {
    case 'uid':
      return env.ids.uid(val, 10);
    case 'gid':
      return env.ids.gid(val, 10);
    case 'syscall':
      return printSyscall(val, ctx, env.hostMachine);
    case 'uring-op':
      return env.uringOpNames ? V.printUringOp(val) : val;
    case 'arch':
      return V.printArch(val, ctx.machine);
    case 'exit':
      return V.printExit(val);
    case 'escaped':
    case 'escaped-file':
    case 'escaped-key':
      return printEscaped(val);
    case 'perm':
      return V.printPerm(val);
    case 'mode':
      return V.printMode(val, 8);
    case 'mode-short':
      return V.printModeShort(val, 8);
    case 'sockaddr':
      return printSockaddr(val, env.interfaces);
    case 'path-flags':
      return V.printPathFlags(val);
    case 'promisc':
      return V.printPromisc(val);
    case 'capability':
      return V.printCapability(val, 10);
    case 'success':
      return V.printSuccess(val);
    case 'a0':
      return printArg(0, val, ctx, env.ids, env.protocols);
    case 'a1':
      return printArg(1, val, ctx, env.ids, env.protocols);
    case 'a2':
      return printArg(2, val, ctx, env.ids, env.protocols);
    case 'a3':
      return printArg(3, val, ctx, env.ids, env.protocols);
    case 'signal':
      return V.printSignal(val, 10);
    case 'list':
      return V.printList(val);
    case 'tty-data':
      return printTtyData(val);
    case 'session':
      return V.printSession(val);
    case 'cap-bitmap':
      return V.printCapBitmap(val);
    case 'nfproto':
      return V.printEnum(val, 10, N.NETFILTER_PROTOCOLS, (v) => `unknown-netfilter-protocol(${v})`);
    case 'icmptype':
      return V.printEnum(val, 10, N.ICMP_TYPES, (v) => `unknown-icmp-type(${v})`);
    case 'protocol':
      return V.printProtocol(val, env.protocols);
    case 'personality':
      return V.printPersonality(val);
    case 'seccomp':
      return V.printSeccomp(val);
    case 'oflag':
      return V.printOpenFlags(val);
    case 'mmap':
      return V.printMmapFlags(val);
    case 'proctitle':
      return printProctitle(val);
    case 'hook':
      return V.printEnum(val, 16, N.INET_HOOKS, (v) => `unknown-hook(${v})`);
    case 'netaction':
      return V.printEnum(val, 16, N.NET_ACTIONS, (v) => `unknown-action(${v})`);
    case 'macproto':
      return V.printMacProto(val);
    case 'ioctl-req':
      return V.printIoctlReq(val);
    case 'fanotify':
      return V.printFanotify(val);
    case 'nlmcgrp':
      return V.printNlMcGroup(val);
    case 'resolve':
      return V.printFlags(val, N.OPENAT2_RESOLVE, '|');
    case 'addr':
    case 'mac-label':
    case 'unclassified':
      return val;
    default: {
      const never: never = kind;
      return never;
    }
  }
}
