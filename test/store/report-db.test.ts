// `auspex report --db` prints what aureport 3.0.9 prints for the same log:
// each log is ingested into a store of its own, then every report switch
// (alone, with -i, --summary, --failed/--success), time ranges and filters
// run against the store and, live, against aureport -if on the log itself.
// The io_uring, BPF and container reports (no peer has them) are held to
// `auspex report -if` on the same log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import type { RunResult } from '../helpers/run.js';
import { CORPUS_AND_SAMPLE_LOGS } from '../helpers/report-logs.js';

process.env.TZ = 'UTC';

const LOGS = CORPUS_AND_SAMPLE_LOGS;

const REPORTS: ReadonlyArray<readonly string[]> = [
  [], ['--summary'], ['-a'], ['-au'], ['-c'], ['-cr'], ['-e'], ['-f'], ['-h'], ['-k'], ['-l'], ['-m'], ['-ma'], ['-n'],
  ['-p'], ['-r'], ['-s'], ['-t'], ['-tm'], ['-u'], ['-x'], ['--comm'], ['--virt'], ['--integrity'], ['--tty'],
  ['--failed'], ['--success'],
];
const VARIANTS: ReadonlyArray<readonly string[]> = [[], ['-i'], ['--summary'], ['--failed']];

// Time ranges inside the corpus and sample logs (none read the clock), and
// the filters: these take the replay path (or, for the main summary, SQL
// with filters).
const EXTRA: ReadonlyArray<readonly string[]> = [
  ['-ts', '11/23/26', '15:27:34'], ['-te', '11/23/26', '15:27:34'], ['-ts', '11/23/26', '15:27:34', '-te', '11/23/26', '15:27:34'],
  ['-ts', '15:27:34', '11/23/26', '-e'], ['-te', '01/01/2001'], ['-ts', '11/29/25', '00:00:00', '--summary'], ['-te', '11/29/25', '00:00:00'], ['-i', '--summary'], ['--success', '-i'],
  ['-t', '-ts', '11/23/26', '15:27:34'], ['-t', '-te', '11/23/26', '15:27:33'], ['-ts', '11/23/26', '15:27:34', '--summary', '-k'],
  ['--node', 'bad'], ['--node', 'mailhost', '-e'], ['-nc'], ['-nc', '-c'], ['--add', '-m'], ['--delete', '-m', '--summary'],
  ['--escape', 'shell', '-f'], ['--escape', 'raw', '-f'], ['--eoe-timeout', '0'], ['--eoe-timeout', '5', '-e'], ['-e', '--debug'],
  ['--summary', '--failed', '-x'], ['-u', '--summary', '--failed', '-i'], ['--failed', '--summary'], ['--success', '--summary', '-i'],
];

const INSIGHTS: ReadonlyArray<readonly string[]> = [
  ['--uring'], ['--uring', '-i'], ['--uring', '--failed'], ['--uring', '--json'], ['--bpf'], ['--bpf', '--json'],
  ['--container'], ['--container', '--json'], ['--uring', '-ts', '11/23/26', '15:27:34'], ['--bpf', '--node', 'x'],
];

/** aureport's and auspex -if's NOTE about auditd.conf concerns reading logs; --db reads none. */
function withoutNotes(stderr: string): string {
  return stderr.split('\n').filter((l) => !l.startsWith('NOTE - using')).join('\n');
}

function assertSame(got: RunResult, want: RunResult, what: string): void {
  assert.equal(got.code, want.code, `exit code of ${what}`);
  assert.equal(withoutNotes(got.stderr), withoutNotes(want.stderr), `stderr of ${what}`);
  const usage = want.stdout.toString('latin1').startsWith('usage: aureport');
  if (usage) assert.ok(got.stdout.toString('latin1').startsWith('usage: auspex report'), `usage of ${what}`);
  else assert.ok(got.stdout.equals(want.stdout), `stdout of ${what}:\n--- want\n${want.stdout.toString('latin1')}\n--- store\n${got.stdout.toString('latin1')}`);
}

const dir = mkdtempSync(join(tmpdir(), 'auspex-report-db-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let pairs = 0;

LOGS.forEach((log, n) => {
  const name = log.split('/').slice(-2).join('/');
  test(`report --db equals aureport -if on ${name} for every switch`, async (t) => {
    if (!existsSync(log)) return t.skip(`${log} not found`);
    const db = join(dir, `store-${n}.duckdb`);
    const ingested = await runAuspex(['ingest', '--db', db, '--quiet', log]);
    assert.equal(ingested.code, 0, ingested.stderr);
    for (const args of INSIGHTS) {
      assertSame(await runAuspex(['report', '--db', db, ...args]), await runAuspex(['report', '-if', log, ...args]), `report ${args.join(' ')}`);
      pairs++;
    }
    if (!havePeer('aureport')) return t.skip('aureport not installed');
    const cases = [...REPORTS.flatMap((r) => VARIANTS.map((v) => [...r, ...v])), ...EXTRA];
    for (const args of cases) {
      assertSame(await runAuspex(['report', '--db', db, ...args]), runPeer('aureport', ['-if', log, ...args]), `aureport ${args.join(' ')}`);
      pairs++;
    }
  });
});

test('switch × log pairs identical between the store and the log', (t) => {
  t.diagnostic(`${pairs} pairs identical`);
  assert.ok(pairs > 40);
});
