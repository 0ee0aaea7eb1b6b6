// Printers for the value kinds that need no syscall context, each as auparse
// 3.0.9 prints it, total: a value they cannot read gives auparse's own
// fallback text (`conversion error(v)`, `unknown-signal(v)`...), never a throw.
import { isCDigit, isIntString, octal, parseSigned, parseUnsigned, parsedBigSigned, parsedHi, parsedInt, parsedLo } from './c-number.js';
import * as N from './names.js';
import type { ProtocolDb } from './host-names.js';

export const convError = (val: string): string => `conversion error(${val})`;

export function printSuccess(val: string): string {
  if (!isCDigit(val.charCodeAt(0))) return val;
  if (!parseUnsigned(val, 10)) return convError(val);
  const s = parsedInt();
  return s === 0 ? 'no' : s === 1 ? 'yes' : 'unset';
}

export function printSession(val: string): string {
  return val === '4294967295' ? 'unset' : val;
}

export function printExit(val: string): string {
  if (!parseSigned(val, 10)) return convError(val);
  if (parsedHi < 0x80000000) return val;
  // -ival, then cast to int for the errno table and strerror.
  const err = Number(BigInt.asIntN(32, -parsedBigSigned()));
  const name = err < 0 ? undefined : N.ERRNO_NAMES.get(err);
  return `${name ?? '(null)'}(${N.strerrorText(err)})`;
}

const PERM_BITS: ReadonlyArray<readonly [number, string]> = [
  [4, 'read'],
  [2, 'write'],
  [1, 'exec'],
  [8, 'attr'],
];

export function printPerm(val: string): string {
  if (!parseSigned(val, 10)) return convError(val);
  let v = parsedInt();
  // The kernel treats no permission as all of them.
  if (v === 0) v = 0x0f;
  let out = '';
  for (const [bit, name] of PERM_BITS) if ((v & bit) !== 0) out = out === '' ? name : `${out},${name}`;
  return out;
}

const S_IFMT = 0o170000;

export function printMode(val: string, base: number): string {
  if (!parseUnsigned(val, base)) return convError(val);
  const v = parsedLo;
  let out = N.FILE_TYPES.get(v & S_IFMT) ?? octal((v & S_IFMT) >>> 12, 3);
  if ((v & 0o4000) !== 0) out += ',suid';
  if ((v & 0o2000) !== 0) out += ',sgid';
  if ((v & 0o1000) !== 0) out += ',sticky';
  return `${out},${octal(v & 0o777, 3)}`;
}

/** print_mode_short_int: special bits by name, then the permission bits as 0ooo. */
export function modeShort(v: number): string {
  let out = '';
  if ((v & 0o4000) !== 0) out = 'suid';
  if ((v & 0o2000) !== 0) out = out === '' ? 'sgid' : `${out},sgid`;
  if ((v & 0o1000) !== 0) out = out === '' ? 'sticky' : `${out},sticky`;
  const perms = `0${octal(v & 0o777, 3)}`;
  return out === '' ? perms : `${out},${perms}`;
}

export function printModeShort(val: string, base: number): string {
  if (!parseUnsigned(val, base)) return convError(val);
  return modeShort(parsedLo);
}

export function printCapability(val: string, base: number): string {
  if (!parseUnsigned(val, base)) return convError(val);
  return N.CAPABILITIES.get(parsedInt()) ?? `unknown-capability(${base === 16 ? '0x' : ''}${val})`;
}

export function printCapBitmap(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  const lo = parsedLo;
  const hi = parsedHi;
  let out = '';
  let found = false;
  for (let i = 0; i <= N.CAP_LAST; i++) {
    const word = i < 32 ? lo : hi;
    if ((word & (1 << (i & 31))) === 0) continue;
    // A set bit without a name still adds its comma, as auparse does.
    if (found) out += ',';
    out += N.CAPABILITIES.get(i) ?? '';
    found = true;
  }
  return found ? out : 'none';
}

export function printSignal(val: string, base: number): string {
  if (!parseUnsigned(val, base)) return convError(val);
  const i = parsedInt();
  const name = i < 32 ? N.SIGNALS.get(i) : undefined;
  return name ?? `unknown-signal(${base === 16 ? '0x' : ''}${val})`;
}

export function printList(val: string): string {
  if (!parseUnsigned(val, 10)) return convError(val);
  return N.FILTER_LISTS.get(parsedInt()) ?? `unknown-list(${val})`;
}

export function printPromisc(val: string): string {
  if (!parseSigned(val, 10)) return convError(val);
  return parsedInt() === 0 ? 'no' : 'yes';
}

const PER_MASK = 0xff;
const ADDR_NO_RANDOMIZE = 0x0040000;

export function printPersonality(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  const p = parsedInt();
  const name = N.PERSONALITIES.get(p & PER_MASK);
  if (name === undefined) return `unknown-personality(0x${val})`;
  return (p & ADDR_NO_RANDOMIZE) !== 0 ? `${name}|~ADDR_NO_RANDOMIZE` : name;
}

const SECCOMP_RET_ACTION = 0x7fff0000;

export function printSeccomp(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  return N.SECCOMP_ACTIONS.get(parsedLo & SECCOMP_RET_ACTION) ?? `unknown-seccomp-code(${val})`;
}

/** A table lookup of strtoul(val, base) cast to int, with auparse's fallback. */
export function printEnum(val: string, base: number, table: N.NameTable, unknown: (val: string, n: number) => string): string {
  if (!parseUnsigned(val, base)) return convError(val);
  const n = parsedInt();
  return table.get(n) ?? unknown(val, n);
}

export function printFlags(val: string, table: N.FlagTable, sep: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  const out = N.flagNames(table, parsedLo, sep);
  return out === '' ? `0x${val}` : out;
}

export function printPathFlags(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  if (parsedLo === 0) return 'none';
  const out = N.flagNames(N.PATH_FLAGS, parsedLo, ',');
  return out === '' ? `0x${val}` : out;
}

const O_ACCMODE = 3;

export function printOpenFlags(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  const f = parsedLo;
  const names = N.flagNames(N.OPEN_FLAGS, f, '|');
  if ((f & O_ACCMODE) === 0) return names === '' ? 'O_RDONLY' : `O_RDONLY|${names}`;
  return names === '' ? `0x${val}` : names;
}

export function printMmapFlags(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  const f = parsedLo;
  const names = N.flagNames(N.MMAP_FLAGS, f, '|');
  if ((f & 0x0f) === 0) return names === '' ? 'MAP_FILE' : `MAP_FILE|${names}`;
  return names === '' ? `0x${val}` : names;
}

export function printIoctlReq(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  return N.IOCTL_REQUESTS.get(parsedInt()) ?? `0x${parsedLo.toString(16)}`;
}

export function printMacProto(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  const t = parsedInt();
  return t === 0x0800 ? 'IP' : t === 0x0806 ? 'ARP' : 'UNKNOWN';
}

export function printFanotify(val: string): string {
  if (!isCDigit(val.charCodeAt(0))) return val;
  if (!parseUnsigned(val, 10)) return convError(val);
  const r = parsedInt();
  return r === 1 ? 'allow' : r === 2 ? 'deny' : 'unknown';
}

/** AUDIT_NLGRP_READLOG is the one multicast group audit has. */
export function printNlMcGroup(val: string): string {
  if (!parseUnsigned(val, 16)) return convError(val);
  return parsedHi === 0 && parsedLo === 1 ? 'audit-netlink-multicast' : 'audit-none';
}

export function printProtocol(val: string, protocols: ProtocolDb): string {
  if (!parseUnsigned(val, 10)) return convError(val);
  const n = parsedInt();
  return (n >= 0 ? protocols.protocolName(n) : undefined) ?? 'undefined protocol';
}

/**
 * print_arch. `machine` is the record's machine as an unsigned int: values
 * above MACH_AARCH64 (including "none") make auparse derive it from the value.
 */
export function printArch(val: string, machine: number): string {
  let m = machine;
  if (m < 0 || m > N.MACH_AARCH64) {
    if (!parseUnsigned(val, 16)) return `conversion error(${val}) `;
    m = N.elfToMachine(parsedLo);
  }
  if (m < 0) return `unknown-elf-type(${val})`;
  return N.machineName(m) ?? `unknown-machine-type(${m >>> 0})`;
}

/** What the io_uring op number names (auspex: auditd 3.0.9 leaves it numeric). */
export function printUringOp(val: string): string {
  if (val === '' || !isIntString(val) || !parseUnsigned(val, 10) || parsedHi !== 0) return val;
  return N.uringOpName(parsedInt()) ?? val;
}
