// Generates src/interpret/tables/auparse-names.gen.ts: the value → name tables
// `ausearch -i` (auditd 3.0.9) uses for syscall arguments and fields. Which
// names auparse knows, how it spells them and in which order it joins flag
// names are auparse's own choices, so they are learned from ausearch itself:
// the script logs made-up records (one per candidate value), runs `ausearch -i`
// on them and keeps what it printed. Candidate values are ranges, single bits,
// and the constants the kernel headers define (prctl options, ioctl requests).
//
//   node dist/scripts/gen-interpret-names.js
//
// Needs auditd 3.0.9 (ausearch, ausyscall), gcc and root (ausearch runs in a
// private mount namespace with /etc/protocols hidden).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argOut, fieldOut, fieldRecord, hex, probeAusearch, syscallRecord, type ProbeRecord } from './interpret-probe.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = execFileSync('dpkg-query', ['-W', '-f', '${Package} ${Version}', 'auditd'], { encoding: 'utf8' }).trim();

const x86Syscalls = new Map<string, number>();
for (const line of execFileSync('ausyscall', ['x86_64', '--dump'], { encoding: 'utf8' }).split('\n')) {
  const m = /^(\d+)\t(\S+)$/.exec(line);
  if (m !== null) x86Syscalls.set(m[2] as string, Number(m[1]));
}
function nr(name: string): number {
  const n = x86Syscalls.get(name);
  if (n === undefined) throw new Error(`no x86_64 syscall ${name}`);
  return n;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

type Args = [string, string, string, string];
function argsWith(pos: number, v: string, base: Args = ['0', '0', '0', '0']): Args {
  const a: Args = [...base];
  a[pos] = v;
  return a;
}

interface EnumSpec {
  readonly name: string;
  readonly comment: string;
  readonly values: readonly number[];
  readonly record: (v: number) => ProbeRecord;
  readonly read: (line: string) => string;
  /** Output that means "no name for this value". */
  readonly unknown: (out: string, v: number) => boolean;
}

const sys = (name: string, pos: 0 | 1 | 2 | 3, base?: Args) => ({
  record: (v: number) => syscallRecord(nr(name), argsWith(pos, hex(v), base)),
  read: (line: string) => argOut(line, pos),
});
const fld = (field: string) => ({
  record: (v: number) => fieldRecord(field, String(v)),
  read: (line: string) => fieldOut(line, field),
});
const prefixed = (p: string) => (out: string) => out.startsWith(p);

function headerConstants(file: string, prefix: RegExp): number[] {
  const out = new Set<number>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)\b/gm)) {
    if (prefix.test(m[1] as string)) out.add(Number(m[2]));
  }
  return [...out];
}

/** Values of every ioctl request macro (_IO/_IOR/_IOW/_IOWR) the uapi headers define, evaluated by the C compiler. */
function headerIoctls(): number[] {
  const dirs = ['/usr/include/linux', '/usr/include/asm-generic', '/usr/include/x86_64-linux-gnu/asm'];
  const tmp = mkdtempSync(join(tmpdir(), 'auspex-ioctl-'));
  const values = new Set<number>();
  try {
    for (const dir of dirs) {
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.h')) continue;
        const text = readFileSync(join(dir, f), 'utf8');
        const names = [...text.matchAll(/^#define\s+(\w+)\s+_IO[RW]{0,2}\(/gm)].map((m) => m[1] as string);
        if (names.length === 0) continue;
        const include = join(dir, f).replace('/usr/include/', '').replace('x86_64-linux-gnu/', '');
        const compile = (some: readonly string[]): boolean => {
          const body = some.map((n) => `#ifdef ${n}\nprintf("%lu\\n", (unsigned long)(unsigned int)(${n}));\n#endif`).join('\n');
          writeFileSync(join(tmp, 'x.c'), `#include <stdio.h>\n#include <${include}>\nint main(void){\n${body}\nreturn 0;}\n`);
          try {
            execFileSync('gcc', ['-w', '-o', join(tmp, 'x'), join(tmp, 'x.c')], { stdio: 'ignore' });
          } catch {
            return false;
          }
          for (const v of execFileSync(join(tmp, 'x'), { encoding: 'utf8' }).split('\n')) if (v !== '') values.add(Number(v));
          return true;
        };
        // A header whose macros need types from elsewhere is retried one macro at a time.
        if (!compile(names)) for (const n of names) compile([n]);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true });
  }
  // The same request numbers with every direction bit pattern (tables name some both ways).
  for (const v of [...values]) for (const dir of [0, 1, 2, 3]) values.add(((v & 0x3fffffff) | (dir << 30)) >>> 0);
  // DRM uapi headers are not installed here: enumerate the DRM request space ('d').
  for (const dir of [1, 2, 3]) for (let size = 0; size <= 0x100; size++) for (let n = 0; n < 256; n++) values.add(((dir << 30) | (size << 16) | (0x64 << 8) | n) >>> 0);
  for (let v = 0; v <= 0xffff; v++) values.add(v);
  return [...values].sort((a, b) => a - b);
}

const enums: EnumSpec[] = [
  { name: 'SIGNALS', comment: 'signal numbers (kill a1, sig=)', values: range(0, 64), ...sys('kill', 1), unknown: prefixed('unknown-signal(') },
  { name: 'CAPABILITIES', comment: 'capability numbers (prctl PR_CAPBSET_READ a1, capability=)', values: range(0, 80), ...sys('prctl', 1, ['17', '0', '0', '0']), unknown: prefixed('unknown-capability(') },
  { name: 'ADDRESS_FAMILIES', comment: 'socket address families (socket a0, saddr)', values: range(0, 80), ...sys('socket', 0), unknown: prefixed('unknown-family(') },
  { name: 'SOCKET_TYPES', comment: 'socket types (socket a1, low byte)', values: range(0, 255), ...sys('socket', 1), unknown: prefixed('unknown-type(') },
  { name: 'FCNTL_COMMANDS', comment: 'fcntl commands (fcntl a1)', values: range(0, 2100), ...sys('fcntl', 1), unknown: prefixed('unknown-fcntl-command(') },
  { name: 'EPOLL_CTL_OPS', comment: 'epoll_ctl operations (epoll_ctl a1)', values: range(0, 16), ...sys('epoll_ctl', 1), unknown: prefixed('unknown-epoll_ctl-operation(') },
  { name: 'CLOCK_IDS', comment: 'clock ids (clock_settime a0; only 0-6 are looked up)', values: range(0, 6), ...sys('clock_settime', 0), unknown: prefixed('unknown-clk_id(') },
  { name: 'PERSONALITIES', comment: 'personalities (personality a0, low byte)', values: range(0, 255), ...sys('personality', 0), unknown: prefixed('unknown-personality(') },
  { name: 'PTRACE_REQUESTS', comment: 'ptrace requests (ptrace a0)', values: [...range(0, 0x100), ...range(0x4200, 0x4300)], ...sys('ptrace', 0), unknown: prefixed('unknown-ptrace(') },
  {
    name: 'PRCTL_OPTIONS',
    comment: 'prctl options (prctl a0)',
    values: [...new Set([...range(0, 100), ...headerConstants('/usr/include/linux/prctl.h', /^PR_/)])],
    ...sys('prctl', 0),
    unknown: prefixed('unknown-prctl-option('),
  },
  { name: 'RLIMITS', comment: 'resource limits (getrlimit/setrlimit a0; only 0-16 are looked up)', values: range(0, 16), ...sys('getrlimit', 0), unknown: prefixed('unknown-rlimit(') },
  { name: 'SCHED_POLICIES', comment: 'scheduler policies (sched_setscheduler a1, low 4 bits)', values: range(0, 15), ...sys('sched_setscheduler', 1), unknown: prefixed('unknown-scheduler-policy(') },
  {
    name: 'SOCKET_LEVELS',
    comment: 'socket option levels not named by /etc/protocols (setsockopt a1; SOL_SOCKET is handled apart)',
    values: range(0, 600).filter((v) => v !== 1),
    ...sys('setsockopt', 1),
    unknown: prefixed('unknown-sockopt-level('),
  },
  { name: 'SOCKET_OPTIONS', comment: 'SOL_SOCKET option names (setsockopt a2; ppc numbers 16-21 looked up +100)', values: range(0, 300), ...sys('setsockopt', 2, ['0', '1', '0', '0']), unknown: prefixed('unknown-sockopt-name(') },
  { name: 'IP_OPTIONS', comment: 'IPPROTO_IP option names (setsockopt a2)', values: range(0, 300), ...sys('setsockopt', 2, ['0', '0', '0', '0']), unknown: prefixed('unknown-ipopt-name(') },
  { name: 'IPV6_OPTIONS', comment: 'IPPROTO_IPV6 option names (setsockopt a2)', values: range(0, 300), ...sys('setsockopt', 2, ['0', '29', '0', '0']), unknown: prefixed('unknown-ip6opt-name(') },
  { name: 'TCP_OPTIONS', comment: 'IPPROTO_TCP option names (setsockopt a2)', values: range(0, 300), ...sys('setsockopt', 2, ['0', '6', '0', '0']), unknown: prefixed('unknown-tcpopt-name(') },
  { name: 'PACKET_OPTIONS', comment: 'SOL_PACKET option names (setsockopt a2)', values: range(0, 300), ...sys('setsockopt', 2, ['0', '107', '0', '0']), unknown: prefixed('unknown-pktopt-name(') },
  { name: 'SEEK_WHENCE', comment: 'lseek whence (lseek a2, low byte)', values: range(0, 255), ...sys('lseek', 2), unknown: prefixed('unknown-whence(') },
  { name: 'BPF_COMMANDS', comment: 'bpf commands (bpf a0)', values: range(0, 200), ...sys('bpf', 0), unknown: prefixed('unknown-bpf-cmd(') },
  { name: 'IOCTL_REQUESTS', comment: 'ioctl requests (ioctl a1, ioctlcmd=), as signed 32-bit', values: headerIoctls(), ...fldHex('ioctlcmd'), unknown: (out) => out.startsWith('0x') },
  {
    name: 'SOCKETCALL_OPS',
    comment: 'socketcall operations (i386 socketcall a0)',
    values: range(0, 64),
    record: (v) => syscallRecord(102, [hex(v), '0', '0', '0'], '40000003'),
    read: (line) => argOut(line, 0),
    unknown: prefixed('unknown-socketcall('),
  },
  {
    name: 'IPC_CALLS',
    comment: 'ipc operations (i386 ipc syscall, printed as ipc(name))',
    values: range(0, 64),
    record: (v) => syscallRecord(117, [hex(v), '0', '0', '0'], '40000003'),
    read: (line) => /syscall=(\S+)/.exec(line)?.[1]?.replace(/^ipc\((.*)\)$/, '$1') ?? '',
    unknown: (out) => out === 'ipc',
  },
  { name: 'NETFILTER_PROTOCOLS', comment: 'netfilter protocol families (family=)', values: range(0, 255), ...fld('family'), unknown: prefixed('unknown-netfilter-protocol(') },
  { name: 'ICMP_TYPES', comment: 'icmp types (icmptype=)', values: range(0, 300), ...fld('icmptype'), unknown: prefixed('unknown-icmp-type(') },
  { name: 'INET_HOOKS', comment: 'netfilter inet hooks (hook=)', values: range(0, 64), ...fldHex('hook'), unknown: prefixed('unknown-hook(') },
  { name: 'NET_ACTIONS', comment: 'netfilter verdicts (action=)', values: range(0, 64), ...fldHex('action'), unknown: prefixed('unknown-action(') },
  { name: 'SECCOMP_ACTIONS', comment: 'seccomp return actions (code=, masked with 0x7fff0000)', values: range(0, 0x7fff).map((v) => v * 0x10000), ...fldHex('code'), unknown: prefixed('unknown-seccomp-code(') },
];

function fldHex(field: string) {
  return { record: (v: number) => fieldRecord(field, hex(v)), read: (line: string) => fieldOut(line, field) };
}

interface FlagSpec {
  readonly name: string;
  readonly comment: string;
  readonly bits: readonly number[];
  readonly record: (v: bigint) => ProbeRecord;
  readonly read: (line: string) => string;
  /** Names printed for a value regardless of the flag bits (O_RDONLY, MAP_FILE, the mode of shmget). */
  readonly strip: (out: string, v: bigint) => string[];
  /** Bits set in every probe (PROT_NONE hides the other bits when none of the low three is set). */
  readonly base?: bigint;
}

const split = (out: string): string[] => (out.startsWith('0x') ? [] : out.split('|'));
const sysB = (name: string, pos: 0 | 1 | 2 | 3) => ({
  record: (v: bigint) => syscallRecord(nr(name), argsWith(pos, hex(v))),
  read: (line: string) => argOut(line, pos),
});

const flags: FlagSpec[] = [
  { name: 'CLONE_FLAGS', comment: 'clone flags (unshare a0, setns a1, clone a2; the low byte is a signal)', bits: range(8, 31), ...sysB('unshare', 0), strip: (o) => split(o) },
  { name: 'OPEN_FLAGS', comment: 'open flags (open a1, openat a2, oflag=; O_RDONLY is printed when the access mode is 0)', bits: range(0, 31), ...sysB('open', 1), strip: (o) => split(o).filter((n) => n !== 'O_RDONLY') },
  { name: 'PROT_FLAGS', comment: 'memory protection (mmap a2 uses all four, mprotect a2 the first three)', bits: range(0, 31), ...sysB('mmap', 2), strip: (o) => (o === 'PROT_NONE' ? [] : split(o)), base: 1n },
  { name: 'MMAP_FLAGS', comment: 'mmap flags (mmap a3, flags=; MAP_FILE is printed when the low nibble is 0)', bits: range(0, 31), ...sysB('mmap', 3), strip: (o, v) => split(o).filter((n, i) => !(i === 0 && n === 'MAP_FILE' && (v & 0xfn) === 0n)) },
  { name: 'MOUNT_FLAGS', comment: 'mount flags (mount a3)', bits: range(0, 31), ...sysB('mount', 3), strip: (o) => split(o) },
  { name: 'RECV_FLAGS', comment: 'send/recv flags (recv*, send* a3, sendmsg/recvmsg a2)', bits: range(0, 31), ...sysB('recvfrom', 3), strip: (o) => split(o) },
  { name: 'ACCESS_MODES', comment: 'access modes (access a1, faccessat a2; F_OK when the low nibble is 0)', bits: range(0, 3), ...sysB('access', 1), strip: (o) => (o === 'F_OK' ? [] : split(o)) },
  { name: 'UMOUNT_FLAGS', comment: 'umount2 flags (umount2 a1)', bits: range(0, 31), ...sysB('umount2', 1), strip: (o) => split(o) },
  {
    name: 'SHMGET_FLAGS',
    comment: 'shmget flags (shmget a2; IPC bits of 03000, then SHM bits of 014000, then the mode)',
    bits: range(9, 12),
    ...sysB('shmget', 2),
    strip: (o) => o.split('|').slice(0, -1),
  },
  {
    name: 'OPENAT2_RESOLVE',
    comment: 'openat2 resolve flags (resolve=)',
    bits: range(0, 63),
    record: (v) => fieldRecord('resolve', hex(v)),
    read: (line) => fieldOut(line, 'resolve'),
    strip: (o) => split(o),
  },
  {
    name: 'PATH_FLAGS',
    comment: 'PATH record lookup flags (flags= in PATH records), joined with commas',
    bits: range(0, 31),
    record: (v) => ({ type: 'PATH', body: `item=0 name="/p" inode=1 dev=00:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 flags=${hex(v)}` }),
    read: (line) => /flags=(\S*)/.exec(line)?.[1] ?? '',
    strip: (o) => (o === 'none' || o.startsWith('0x') ? [] : o.split(',')),
  },
];

function genEnum(spec: EnumSpec): string {
  const outs = probeAusearch(spec.values.map(spec.record));
  const rows: string[] = [];
  spec.values.forEach((v, i) => {
    const out = spec.read(outs[i] as string);
    if (out === '') throw new Error(`${spec.name}: no output for ${v}`);
    if (!spec.unknown(out, v)) rows.push(`  [${v | 0}, '${out}'],`);
  });
  if (rows.length === 0) throw new Error(`${spec.name}: no names found`);
  return `// ${spec.comment}\nexport const ${spec.name}: ReadonlyArray<readonly [number, string]> = [\n${rows.join('\n')}\n];\n`;
}

function genFlags(spec: FlagSpec): string {
  const base = spec.base ?? 0n;
  const values = spec.bits.map((b) => 1n << BigInt(b));
  const all = values.reduce((a, b) => a | b, 0n);
  const outs = probeAusearch([...values.map((v) => v | base), all, base].map(spec.record));
  const baseNames = new Set(base === 0n ? [] : spec.strip(spec.read(outs[values.length + 1] as string), base));
  const byName = new Map<string, bigint>();
  values.forEach((v, i) => {
    const got = spec.strip(spec.read(outs[i] as string), v | base);
    const names = (v & base) !== 0n ? got : got.filter((n) => !baseNames.has(n));
    if (names.length > 1) throw new Error(`${spec.name}: bit ${v} gave ${names.join('|')}`);
    if (names[0] !== undefined) byName.set(names[0], v);
  });
  const order = spec.strip(spec.read(outs[values.length] as string), all);
  if (order.length !== byName.size || order.some((n) => !byName.has(n))) throw new Error(`${spec.name}: all-bits output ${order.join('|')} does not match single bits`);
  const rows = order.map((n) => {
    const v = byName.get(n) as bigint;
    if (v > 0xffffffffn) throw new Error(`${spec.name}: ${n} is above 32 bits`);
    return `  [0x${v.toString(16)}, '${n}'],`;
  });
  return `// ${spec.comment}; in the order auparse joins them\nexport const ${spec.name}: ReadonlyArray<readonly [number, string]> = [\n${rows.join('\n')}\n];\n`;
}

function genCapLast(): string {
  const [line] = probeAusearch([fieldRecord('pp', 'ffffffffffffffff')]);
  const n = fieldOut(line as string, 'pp').split(',').length - 1;
  return `// highest capability number auparse prints in capability sets (CAP_LAST_CAP when it was built)\nexport const CAP_LAST = ${n};\n`;
}

const parts = [...enums.map(genEnum), ...flags.map(genFlags), genCapLast()];
const out = `// generated by scripts/gen-interpret-names.ts from the output of \`ausearch -i\` (${version})
// on probe records — do not edit.
${parts.join('\n')}`;
writeFileSync(join(root, 'src', 'interpret', 'tables', 'auparse-names.gen.ts'), out);
process.stdout.write(`wrote ${enums.length + flags.length} tables\n`);
