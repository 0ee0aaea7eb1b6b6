// Machines as libaudit 3.0.9 names them for --arch and -sc: uname names,
// the kernel's AUDIT_ARCH_* value each one logs as `arch=` (linux/audit.h,
// linux/elf-em.h), and the syscall table ausyscall keeps for it.
import { SYSCALL_TABLES } from '../rules/index.js';

export type Machine = 'i386' | 'x86_64' | 'ia64' | 'ppc64' | 'ppc64le' | 'ppc' | 's390x' | 's390' | 'alpha' | 'arm' | 'aarch64';

const LE = 0x40000000;
const B64 = 0x80000000;

/** `arch=` values (AUDIT_ARCH_*) for the machines libaudit maps; ia64 and alpha have none there. */
const ELF_ARCH: ReadonlyArray<readonly [Machine, number]> = [
  ['i386', (3 | LE) >>> 0], // EM_386
  ['x86_64', (62 | B64 | LE) >>> 0], // EM_X86_64
  ['ppc64', (21 | B64) >>> 0], // EM_PPC64
  ['ppc64le', (21 | B64 | LE) >>> 0],
  ['ppc', 20], // EM_PPC
  ['s390x', (22 | B64) >>> 0], // EM_S390
  ['s390', 22],
  ['arm', (40 | LE) >>> 0], // EM_ARM
  ['aarch64', (183 | B64 | LE) >>> 0], // EM_AARCH64
];

/** uname -m spellings libaudit accepts (case-insensitive). */
const MACHINE_NAMES: Readonly<Record<string, Machine>> = {
  i386: 'i386', i486: 'i386', i586: 'i386', i686: 'i386',
  x86_64: 'x86_64',
  ppc64: 'ppc64', ppc64le: 'ppc64le', ppc: 'ppc',
  s390x: 's390x', s390: 's390',
  armeb: 'arm', arm: 'arm', armv5tejl: 'arm', armv5tel: 'arm', armv6l: 'arm', armv7l: 'arm',
  aarch64: 'aarch64', armv8l: 'aarch64',
};

const TABLE_OF: Readonly<Record<Machine, string | undefined>> = {
  i386: 'i386', x86_64: 'x86_64', ia64: undefined, ppc64: 'ppc', ppc64le: 'ppc', ppc: 'ppc',
  s390x: 's390x', s390: 's390', alpha: undefined, arm: 'arm', aarch64: 'aarch64',
};

const syscallMaps = new Map<string, Map<string, number>>();

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** libaudit's audit_name_to_machine (uname spelling, any case). */
export function machineByName(name: string): Machine | undefined {
  const m = MACHINE_NAMES[lowerAscii(name)];
  return m;
}

/** libaudit's audit_elf_to_machine: the machine an `arch=` value belongs to. */
export function machineOfArch(arch: number): Machine | undefined {
  const a = arch >>> 0;
  for (const [m, v] of ELF_ARCH) if (v === a) return m;
  return undefined;
}

/** The syscall number of a name on a machine (any case), as audit_name_to_syscall. */
export function syscallByName(name: string, machine: Machine): number | undefined {
  const table = TABLE_OF[machine];
  if (table === undefined) return undefined;
  let map = syscallMaps.get(table);
  if (map === undefined) {
    map = new Map();
    for (const [num, n] of SYSCALL_TABLES[table] ?? []) map.set(n, num);
    syscallMaps.set(table, map);
  }
  return map.get(lowerAscii(name));
}

const syscallNames = new Map<string, Map<number, string>>();

/** The name of a syscall number on a machine, as audit_syscall_to_name gives it. */
export function syscallName(num: number, machine: Machine): string | undefined {
  const table = TABLE_OF[machine];
  if (table === undefined) return undefined;
  let map = syscallNames.get(table);
  if (map === undefined) {
    map = new Map();
    for (const [n, name] of SYSCALL_TABLES[table] ?? []) if (!map.has(n)) map.set(n, name);
    syscallNames.set(table, map);
  }
  return map.get(num);
}

/**
 * libaudit's audit_determine_machine for --arch: b64/b32 relative to the
 * running machine, a uname name, or a hex AUDIT_ARCH value. Undefined when
 * libaudit would refuse it (it then says "Unknown arch").
 */
export function determineMachine(arg: string, running: Machine | undefined, parseHexArch: (s: string) => number | undefined): Machine | undefined {
  let bits: 'any' | '64' | '32' = 'any';
  let machine: Machine | undefined;
  const lower = lowerAscii(arg);
  if (lower === 'b64') {
    bits = '64';
    machine = running;
  } else if (lower === 'b32') {
    bits = '32';
    machine = running;
  } else {
    machine = machineByName(arg);
    if (machine === undefined) {
      const v = parseHexArch(arg);
      if (v === undefined) return undefined;
      machine = machineOfArch(v);
    }
  }
  if (machine === undefined) return undefined;
  if (bits === '32') {
    if (machine === 'x86_64') machine = 'i386';
    else if (machine === 'ppc64') machine = 'ppc';
    else if (machine === 's390x') machine = 's390';
    else if (machine === 'aarch64') machine = 'arm';
  }
  switch (machine) {
    case 'i386':
    case 'ppc':
    case 's390':
    case 'arm':
      return bits === '64' ? undefined : machine;
    case 'aarch64':
    case 'ppc64le':
      return bits === '32' ? undefined : machine;
    case 'x86_64':
    case 'ppc64':
    case 's390x':
      return machine;
    case 'ia64':
    case 'alpha':
      return undefined;
    default: {
      const never: never = machine;
      return never;
    }
  }
}
