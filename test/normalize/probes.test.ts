// The normaliser's tables and type rules against ausearch 3.0.9 live, on
// probe logs that reach every branch a record type or a syscall name picks:
// one single-record event per type number 0..3100, and one failed SYSCALL
// event per syscall name (every name of every machine ausyscall knows, given
// as the ENRICHED interpretation so the name is taken as written), with and
// without PATH records. CSV rows and text lines must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { havePeer, runPeer } from '../helpers/run.js';
import { LIBAUDIT_RECORD_TYPES } from '../../src/format/index.js';
import { SYSCALL_ACTIONS } from '../../src/normalize/tables/syscall-actions.gen.js';
import { compareCsv, runFormat } from './harness.js';

function withLog(lines: readonly string[], check: (log: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-probe-'));
  try {
    const log = join(dir, 'probe.log');
    writeFileSync(log, `${lines.join('\n')}\n`, 'latin1');
    check(log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertSameCsv(log: string, flags: readonly string[] = []): void {
  const want = runPeer('ausearch', ['-if', log, '--format', 'csv', ...flags]);
  const got = runFormat('csv', log, flags);
  const cmp = compareCsv(want.stdout.toString('latin1'), got.stdout);
  assert.deepEqual(cmp.different.slice(0, 5), []);
  assert.equal(cmp.escaped.length, 0);
  assert.equal(got.stderr, want.stderr.replace('<no matches>\n', ''));
}

function assertSameText(log: string): void {
  const want = runPeer('ausearch', ['-if', log, '--format', 'text']);
  const got = runFormat('text', log);
  assert.equal(got.stdout, want.stdout.toString('latin1'));
}

const BODIES = [
  'pid=1 uid=0 auid=0 ses=1 res=success',
  "pid=7 uid=1001 auid=4294967295 ses=4294967295 msg='op=add id=1001 acct=\"auditee\" exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=pts/0 res=failed'",
];

for (const [i, body] of BODIES.entries()) {
  test(`every record type 0..3100 alone, body ${i + 1}: rows as ausearch's`, (t) => {
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    const lines: string[] = [];
    for (let n = 0; n <= 3100; n++) lines.push(`type=UNKNOWN[${n}] msg=audit(1700000000.${String(n % 1000).padStart(3, '0')}:${n + 1}): ${body}`);
    withLog(lines, (log) => {
      assertSameCsv(log);
      assertSameCsv(log, ['--extra-labels', '--extra-obj2', '--extra-keys']);
      assertSameText(log);
    });
  });
}

test('every libaudit type name in lower case, alone: rows as ausearch\'s (it reads names with strcasecmp)', (t) => {
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const lines = LIBAUDIT_RECORD_TYPES.map(([, name], i) => `type=${name.toLowerCase()} msg=audit(1700000000.${String(i % 1000).padStart(3, '0')}:${i + 1}): ${BODIES[0]}`);
  withLog(lines, (log) => {
    assertSameCsv(log);
    assertSameText(log);
  });
});

function syscallNames(): string[] {
  const names = new Set(SYSCALL_ACTIONS.map(([n]) => n));
  for (const mach of ['x86_64', 'i386', 'aarch64']) {
    const out = execFileSync('ausyscall', [mach, '--dump'], { encoding: 'utf8' });
    for (const l of out.split('\n').slice(1)) {
      const name = l.split('\t')[1];
      if (name !== undefined && name !== '') names.add(name);
    }
  }
  return [...names].sort();
}

const SYSCALL = (serial: number, name: string, success: 'yes' | 'no', items: number): string =>
  `type=SYSCALL msg=audit(1700000000.000:${serial}): arch=c000003e syscall=2 success=${success} exit=3 a0=ffffff9c a1=7ffd0 a2=1b6 a3=0 ` +
  `items=${items} ppid=1 pid=2 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="x" ` +
  `exe="/usr/bin/x" key=(null)\x1dARCH=x86_64 SYSCALL=${name} AUID="auditee" UID="root"`;
const PATHS = (serial: number): string[] => [
  `type=CWD msg=audit(1700000000.000:${serial}): cwd="/root"`,
  `type=PATH msg=audit(1700000000.000:${serial}): item=0 name="/tmp/" inode=2 dev=00:1f mode=041777 ouid=0 ogid=0 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0`,
  `type=PATH msg=audit(1700000000.000:${serial}): item=1 name="../tmp/f" inode=9 dev=00:1f mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0`,
  `type=PROCTITLE msg=audit(1700000000.000:${serial}): proctitle=78`,
];

test('every syscall name, failed and alone: rows as ausearch\'s', (t) => {
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const names = syscallNames();
  withLog(names.map((n, i) => SYSCALL(i + 1, n, 'no', 0)), (log) => {
    assertSameCsv(log, ['--extra-obj2']);
    assertSameText(log);
  });
});

test('every syscall name, succeeded, with cwd, parent and created PATH records: rows as ausearch\'s', (t) => {
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const lines: string[] = [];
  syscallNames().forEach((n, i) => lines.push(SYSCALL(i + 1, n, 'yes', 2), ...PATHS(i + 1)));
  withLog(lines, (log) => {
    assertSameCsv(log, ['--extra-obj2', '--extra-labels']);
    assertSameText(log);
  });
});
