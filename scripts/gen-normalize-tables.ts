// Generates src/normalize/tables/record-types.gen.ts and syscall-actions.gen.ts:
// the vocabulary libauparse's event normaliser invents (event kind per record
// type, action per record type, action class per syscall name), learned from
// `ausearch --format csv` itself on probe logs. (libaudit's record type
// names, which auparse uses to read `type=` and print the EVENT column, are
// format/'s table: scripts/gen-interpret-libaudit.ts.)
//
//   npx tsc -p tsconfig.json && node dist/scripts/gen-normalize-tables.js
//
// Probes: one single-record event per type number 0..3100 (`type=UNKNOWN[n]`
// with pid/uid/auid/ses/res fields, so the simple path reaches its action
// lookup); an AVC record in its own prose form (ausearch drops an AVC without
// it); one failed single-record SYSCALL event per candidate syscall name, the
// name given as the ENRICHED interpretation (`SYSCALL=name`), which auparse
// takes instead of its own table. Candidate names: every machine's table in
// `ausyscall MACHINE --dump`, the kernel's <asm/unistd_*.h> and the functions
// <unistd.h> declares.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'src', 'normalize', 'tables');
const version = execFileSync('dpkg-query', ['-W', '-f', '${Package} ${Version}', 'auditd'], { encoding: 'utf8' }).trim();
const MAX_TYPE = 3100;


const tmp = mkdtempSync(join(tmpdir(), 'auspex-norm-'));

/** Runs `ausearch --format csv` over `lines` and returns its rows keyed by serial. */
function probe(name: string, lines: readonly string[]): Map<number, string[]> {
  const file = join(tmp, name);
  writeFileSync(file, lines.join('\n') + '\n', 'latin1');
  const out = execFileSync('ausearch', ['-if', file, '--format', 'csv'], {
    encoding: 'latin1',
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rows = new Map<number, string[]>();
  for (const line of out.split('\n').slice(1)) {
    if (line === '') continue;
    const cells = line.split(',');
    rows.set(Number(cells[4]), cells);
  }
  return rows;
}

const EVKIND = 5;
const ACTION = 10;

// --- record types -----------------------------------------------------------
const typeLines: string[] = [];
for (let n = 0; n <= MAX_TYPE; n++) {
  typeLines.push(`type=UNKNOWN[${n}] msg=audit(1700000000.000:${n + 1}): pid=1 uid=0 auid=0 ses=1 res=success`);
}
const typeRows = probe('types.log', typeLines);
const avcRows = probe('avc.log', [
  'type=AVC msg=audit(1700000000.000:1): avc:  denied  { read } for  pid=1 comm="x" scontext=a:b:c tcontext=d:e:f tclass=file permissive=0',
]);
const syscallProbe = (serial: number, name: string): string =>
  `type=SYSCALL msg=audit(1700000000.000:${serial}): arch=c000003e syscall=0 success=no exit=-1 a0=0 a1=0 a2=0 a3=0 items=0 ` +
  `ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key=(null)` +
  `\x1dARCH=x86_64 SYSCALL=${name} AUID="root" UID="root"`;

// Action of a type's plain lookup. Types whose single-record path never asks
// the lookup (their action comes from their fields) are left out.
const NOT_LOOKED_UP = new Set([1300, 1325, 1334, 1335, 1406]);
const kinds: string[] = [];
const actions: Array<[number, string]> = [];
for (let n = 0; n <= MAX_TYPE; n++) {
  let row = typeRows.get(n + 1);
  if (n === 1400) row = avcRows.get(1);
  kinds.push(row?.[EVKIND] ?? '');
  const act = row?.[ACTION];
  if (act !== undefined && act !== 'did-unknown' && !NOT_LOOKED_UP.has(n)) actions.push([n, act]);
}
// SYSCALL (a single SYSCALL record takes the compound path) and EOE (never
// the first record of an event auparse keeps) have no row of their own.
const sysRow = probe('syscall-kind.log', [syscallProbe(1, 'nosuchcall')]).get(1);
kinds[1300] = sysRow?.[EVKIND] ?? '';
const ranges: Array<[number, number, string]> = [];
for (let n = 0; n <= MAX_TYPE; n++) {
  const k = kinds[n] === '' ? (n > 0 ? (kinds[n - 1] as string) : 'unknown') : (kinds[n] as string);
  kinds[n] = k;
  const last = ranges[ranges.length - 1];
  if (last !== undefined && last[2] === k) last[1] = n;
  else ranges.push([n, n, k]);
}


// --- syscall names ----------------------------------------------------------
const candidates = new Set<string>();
for (const mach of ['x86_64', 'i386', 'aarch64', 'arm', 'ppc', 's390', 's390x']) {
  const out = execFileSync('ausyscall', [mach, '--dump'], { encoding: 'utf8' });
  for (const l of out.split('\n').slice(1)) {
    const name = l.split('\t')[1];
    if (name !== undefined && name !== '') candidates.add(name);
  }
}
for (const h of ['/usr/include/x86_64-linux-gnu/asm/unistd_64.h', '/usr/include/x86_64-linux-gnu/asm/unistd_32.h', '/usr/include/asm-generic/unistd.h']) {
  for (const m of readFileSync(h, 'utf8').matchAll(/^#define\s+__NR(?:3264)?_(\w+)\s/gm)) candidates.add(m[1] as string);
}
// libc's wrappers that are no syscall of their own (seteuid...) can still be
// named by an ENRICHED log.
for (const m of readFileSync('/usr/include/unistd.h', 'utf8').matchAll(/^extern \w+ (\w+) \(/gm)) candidates.add(m[1] as string);
const sorted = [...candidates].filter((n) => /^[a-z0-9_]+$/.test(n)).sort();
const sysRows = probe('syscalls.log', sorted.map((n, i) => syscallProbe(i + 1, n)));
const UNMAPPED = 'triggered-unknown-audit-rule';
const syscallActions: Array<[string, string]> = [];
sorted.forEach((n, i) => {
  const act = sysRows.get(i + 1)?.[ACTION];
  if (act === undefined) throw new Error(`no row for syscall probe ${n}`);
  if (act !== UNMAPPED) syscallActions.push([n, act]);
});
rmSync(tmp, { recursive: true });

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'record-types.gen.ts'), `// generated by scripts/gen-normalize-tables.ts from ${version} (ausearch --format csv on probe
// records) — do not edit.

/** EVENT_KIND by record type number: inclusive ranges [from, to, kind]; beyond the last, ${q(kinds[MAX_TYPE] as string)}. */
export const EVENT_KIND_RANGES: ReadonlyArray<readonly [number, number, string]> = [
${ranges.map(([a, b, k]) => `  [${a}, ${b}, ${q(k)}],`).join('\n')}
];

/** The action the normaliser looks up for a record type (types not listed have none). */
export const RECORD_ACTIONS: ReadonlyArray<readonly [number, string]> = [
${actions.map(([n, s]) => `  [${n}, ${q(s)}],`).join('\n')}
];
`);
writeFileSync(join(outDir, 'syscall-actions.gen.ts'), `// generated by scripts/gen-normalize-tables.ts from ${version} (ausearch --format csv on one
// failed SYSCALL record per name) — do not edit.

/**
 * Syscall names the normaliser classifies, with the action its class gives a
 * failed call that has no PATH or SOCKADDR record. The action names the class:
 * normalize-syscall.ts switches on it. Names not listed trigger the default
 * (an audit rule). ${sorted.length} names probed.
 */
export const SYSCALL_ACTIONS: ReadonlyArray<readonly [string, string]> = [
${syscallActions.map(([n, s]) => `  [${q(n)}, ${q(s)}],`).join('\n')}
];
`);
process.stdout.write(`record types: ${ranges.length} kind ranges, ${actions.length} actions; syscalls: ${syscallActions.length} of ${sorted.length}\n`);
