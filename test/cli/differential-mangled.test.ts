// Mangled logs through auspex and through ausearch / aureport 3.0.9, live:
// the corpus, sample and auparse test logs with lines swapped, repeated and
// dropped, serials and times moved, types changed or re-cased, garbage lines,
// fields dropped or repeated, odd values, node= prefixes and cut bodies, each
// case from a fixed seed (so a failure names a case that can be run again).
// Search's text formats and report -if must print what the peers print, apart
// from the documented differences (docs/compatibility.md): io_uring op names,
// CSV cells made safe, and stderr (auspex names the lines it skips).
//
// A longer hunt: AUSPEX_DIFF_CASES=2000 AUSPEX_DIFF_SEED=1 node --test
// dist/test/cli/differential-mangled.test.js (a failure names its seed; the
// same seed as AUSPEX_DIFF_SEED with AUSPEX_DIFF_CASES=1 makes that case again;
// AUSPEX_DIFF_KEEP=1 keeps the logs and says where).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_LOGS } from '../helpers/report-logs.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import { compareCsv } from '../normalize/harness.js';

process.env.TZ = 'UTC';

const CASES = Number(process.env['AUSPEX_DIFF_CASES'] ?? 40);
const FIRST_SEED = Number(process.env['AUSPEX_DIFF_SEED'] ?? 20261129);

/** A small linear congruential generator: the same cases on every machine. */
class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed;
  }
  below(n: number): number {
    this.#state = (Math.imul(this.#state, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((this.#state / 0x80000000) * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

const TYPES = ['SYSCALL', 'PATH', 'CWD', 'EOE', 'PROCTITLE', 'LOGIN', 'USER_LOGIN', 'UNKNOWN[1999]', 'EXECVE', 'URINGOP', 'BPF', 'CONFIG_CHANGE', 'DAEMON_START', 'USER_CMD', 'AVC', 'syscall', 'KERNEL', 'ANOM_ABEND'];
const ODD_VALUES = ['', '"', '(null)', 'zz', 'abc', '-1', '4294967295', '18446744073709551616', '0x10', '"a b"', 'ffff', '"\u001b[31m"', '2f746d70'];
const GARBAGE = [
  'garbage line',
  'type=SYSCALL msg=audit(',
  'type=PATH msg=audit(1.2:3): item=0 name=',
  'type=PATH msg=audit(1795447653.222:33): item=0 name=',
  'type=USER_END msg=audit(12.2:7):',
  '\u0000\u0001binary',
  'node=h1 type=SYSCALL msg=audit(1795447653.100:1): arch=c000003e syscall=2 success=no exit=-13 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key="k1"',
];
const STAMP = /msg=audit\((\d+)\.(\d+):(\d+)\)/;

type Mutation = (lines: string[], r: Random) => void;

const MUTATIONS: readonly Mutation[] = [
  (lines, r) => { // swap two lines a few apart
    const i = r.below(lines.length - 1);
    const j = Math.min(lines.length - 1, i + 1 + r.below(5));
    [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
  },
  (lines, r) => { // repeat a line a little later
    const i = r.below(lines.length);
    lines.splice(i + r.below(4), 0, lines[i] as string);
  },
  (lines, r) => void lines.splice(r.below(lines.length), 1 + r.below(3)), // drop lines
  (lines, r) => { // give a line another line's serial
    const i = r.below(lines.length);
    const m = STAMP.exec(lines[i] as string);
    const other = STAMP.exec(r.pick(lines));
    if (m && other) lines[i] = (lines[i] as string).replace(`:${m[3]})`, `:${other[3]})`);
  },
  (lines, r) => { // move a line's time
    const i = r.below(lines.length);
    const m = STAMP.exec(lines[i] as string);
    if (m) lines[i] = (lines[i] as string).replace(`(${m[1]}.`, `(${Number(m[1]) + r.pick([-100, -3, -2, -1, 1, 2, 3, 5, 1000])}.`);
  },
  (lines, r) => { // another type
    const i = r.below(lines.length);
    lines[i] = (lines[i] as string).replace(/type=[^ ]+/, `type=${r.pick(TYPES)}`);
  },
  (lines, r) => void lines.splice(r.below(lines.length), 0, r.pick(GARBAGE)),
  (lines, r) => { // drop a field
    const i = r.below(lines.length);
    const tokens = (lines[i] as string).split(' ');
    if (tokens.length >= 5) {
      tokens.splice(3 + r.below(tokens.length - 3), 1);
      lines[i] = tokens.join(' ');
    }
  },
  (lines, r) => { // repeat a field
    const i = r.below(lines.length);
    const tokens = (lines[i] as string).split(' ');
    if (tokens.length >= 5) {
      const k = 3 + r.below(tokens.length - 3);
      tokens.splice(k, 0, tokens[k] as string);
      lines[i] = tokens.join(' ');
    }
  },
  (lines, r) => { // odd values in the body (a malformed header is a documented difference)
    const i = r.below(lines.length);
    lines[i] = (lines[i] as string).replace(/(\w+)=([^ ]+)/g, (all, name: string) =>
      (name !== 'node' && name !== 'type' && name !== 'msg' && r.below(12) === 0 ? `${name}=${r.pick(ODD_VALUES)}` : all));
  },
  (lines, r) => { // a node name
    const i = r.below(lines.length);
    if (!(lines[i] as string).startsWith('node=')) lines[i] = `node=${r.pick(['h1', 'h2', 'x'])} ${lines[i] as string}`;
  },
  (lines, r) => { // the body cut short (the header whole: a cut time stamp is a documented difference)
    const i = r.below(lines.length);
    const line = lines[i] as string;
    const h = line.indexOf('): ');
    if (h >= 0) lines[i] = line.slice(0, h + 3 + r.below(Math.max(1, line.length - h - 3)));
  },
  (lines, r) => { // the type name re-cased
    const i = r.below(lines.length);
    lines[i] = (lines[i] as string).replace(/type=([A-Z_]+)/, (_a, t: string) => `type=${t.toLowerCase()}`);
  },
];

const SEARCHES: ReadonlyArray<readonly string[]> = [['--raw'], [], ['-i'], ['--format', 'csv'], ['--format', 'text'], ['-m', 'SYSCALL,PATH', '--raw'], ['--success', 'no', '-i'], ['-ui', '0']];
const REPORTS: ReadonlyArray<readonly string[]> = [['--summary'], ['-f'], ['-x'], ['-k'], ['-e', '-i'], ['-p'], ['-m'], ['-t']];

/**
 * aureport's output with the control bytes it prints raw (terminals, hosts, keys...)
 * written as auspex writes them, \ooo: a documented difference.
 */
function escapedAsAuspex(out: Buffer): string {
  return out.toString('latin1').replace(/[\x00-\x09\x0b-\x1f]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** The documented difference of the text formats mapped away: io_uring op names in -i. */
function comparable(out: Buffer): string {
  return out.toString('latin1').replace(/uring_op=[^ ,\n]+/g, 'uring_op=_');
}

test('mangled logs: search and report print what ausearch and aureport print', async (t) => {
  if (!havePeer('ausearch') || !havePeer('aureport')) return t.skip('auditd tools not installed');
  const bases = REPORT_LOGS.filter((p) => existsSync(p));
  if (bases.length === 0) return t.skip('no logs beside the repository');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-mangled-'));
  try {
    for (let c = 0; c < CASES; c++) {
      const seed = FIRST_SEED + c;
      const r = new Random(seed);
      const base = r.pick(bases);
      const lines = readFileSync(base, 'latin1').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const count = 2 + r.below(5);
      for (let k = 0; k < count; k++) r.pick(MUTATIONS)(lines, r);
      const log = join(dir, `case-${seed}.log`);
      writeFileSync(log, `${lines.join('\n')}\n`, 'latin1');
      const what = `case ${seed} (${base.split('/').pop() ?? base})`;
      for (const args of SEARCHES) {
        const got = await runAuspex(['search', ...args, '-if', log]);
        const want = runPeer('ausearch', [...args, '-if', log]);
        if (args.includes('csv')) {
          // Cells made safe (a leading ', RFC 4180 quoting): read back, each row must be ausearch's.
          const rows = compareCsv(want.stdout.toString('latin1'), got.stdout.toString('latin1'));
          assert.deepEqual(rows.different, [], `${what}: search ${args.join(' ')}`);
        } else assert.equal(comparable(got.stdout), comparable(want.stdout), `${what}: search ${args.join(' ') || 'default'}`);
        assert.equal(got.code, want.code, `${what}: search ${args.join(' ')}: exit code`);
      }
      for (const args of REPORTS) {
        const got = await runAuspex(['report', ...args, '-if', log]);
        const want = runPeer('aureport', [...args, '-if', log]);
        assert.equal(got.stdout.toString('latin1'), escapedAsAuspex(want.stdout), `${what}: report ${args.join(' ')}`);
        assert.equal(got.code, want.code, `${what}: report ${args.join(' ')}: exit code`);
      }
    }
  } finally {
    if (process.env['AUSPEX_DIFF_KEEP'] === '1') t.diagnostic(`logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
});
