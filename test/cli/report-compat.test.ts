// auspex report prints what aureport 3.0.9 prints, byte for byte, with the
// same exit code and messages: every report switch (alone, with -i, with
// --summary, with --failed/--success) on every log we have (the corpus, the
// sample logs, the auparse test logs, the other oracle sets' logs), plus time
// ranges, filters, escapes, inputs and bad arguments. aureport runs live
// beside auspex on each pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oraclesDir } from '../helpers/paths.js';
import { spawnSync } from 'node:child_process';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import type { RunResult } from '../helpers/run.js';
import { REPORT_LOG_PATHS } from '../helpers/report-logs.js';

process.env.TZ = 'UTC';

const LOGS = REPORT_LOG_PATHS;

const REPORTS: ReadonlyArray<readonly string[]> = [
  [], ['--summary'], ['-a'], ['-au'], ['-c'], ['-cr'], ['-e'], ['-f'], ['-h'], ['-k'], ['-l'], ['-m'], ['-ma'], ['-n'],
  ['-p'], ['-r'], ['-s'], ['-t'], ['-tm'], ['-u'], ['-x'], ['--comm'], ['--virt'], ['--integrity'], ['--tty'],
  ['--failed'], ['--success'],
];
const VARIANTS: ReadonlyArray<readonly string[]> = [[], ['-i'], ['--summary'], ['-i', '--summary'], ['--failed'], ['--success', '-i']];

// Time ranges inside the corpus, sample and auparse logs, filters and options
// around the reports. `-te DATE` without a time ends now (the clock's time of
// day): those pairs may straddle a second (see sameUpToNow).
const EXTRA: ReadonlyArray<readonly string[]> = [
  ['-ts', '11/23/26', '15:27:34'], ['-te', '11/23/26', '15:27:34'], ['-ts', '11/23/26', '15:27:34', '-te', '11/23/26', '15:27:34'],
  ['-ts', '15:27:34', '11/23/26', '-e'], ['-te', '01/01/2001'], ['-ts', '01/28/07', '-x'], ['-ts', '01/28/07', '21:58:14', '-e', '-i'],
  ['-ts', '11/29/25', '--summary'], ['-te', '11/29/25'], ['-ts', '11/23/26', '15:27:33.5'], ['-ts', '99:00:00'], ['-te', '13/01/20'],
  ['-t', '-ts', '11/23/26', '15:27:34'], ['-t', '-te', '11/23/26', '15:27:33'], ['-ts', '11/23/26', '15:27:34', '--summary', '-k'],
  ['--node', 'bad'], ['--node', 'mailhost', '-e'], ['--node', 'mailhost', '--node', 'x'], ['-nc', '-c'], ['-nc'],
  ['--add', '-m'], ['--delete', '-m', '--summary'], ['--escape', 'shell', '-f'], ['--escape', 'shell_quote', '-x'],
  ['--escape', 'raw', '-f'], ['--escape', 'bogus'], ['-sc'], ['-f', 'foo'], ['-x', 'bar', '-i'], ['-t', '--summary'],
  ['--tty', '--summary'], ['-e', '-x'], ['-i', 'foo'], ['-if'], ['--eoe-timeout', '0'], ['--eoe-timeout', 'x'],
  ['--eoe-timeout', '5', '-e'], ['-e', '--debug'], ['-ts'], ['--summary', '--failed', '-x'], ['-u', '--summary', '--failed', '-i'],
  ['-r', '--summary', '-i'], ['-n', '--summary', '-i'], ['-c', '--summary', '-i'], ['-m', '--summary', '-i'],
  ['-au', '--summary', '-i'], ['-l', '--summary'], ['-a', '--summary', '-i'], ['-ma', '--summary'], ['-cr', '--summary', '-i'],
  ['--integrity', '--summary'], ['--virt', '--summary'], ['-p', '--summary'], ['-s', '--summary', '-i'], ['-h', '--summary'],
  ['-tm', '--summary', '-i'], ['-k', '--summary', '-i'], ['--comm', '--summary', '-i'], ['-x', '--summary', '-i'],
];

// The other oracle sets' logs (go-libaudit, laurel, elastic, audit-testsuite):
// found by walking the folder, not listed by hand.
function logsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...logsUnder(p));
    else if (name.endsWith('.log')) out.push(p);
  }
  return out;
}
const ORACLE_LOGS = logsUnder(oraclesDir).filter((p) => !p.includes('/auparse-test/'));

/**
 * auspex reports lines that are not records (`auspex: FILE:LINE: ...` and a
 * count) where aureport skips them silently: with `inputProblems`, those lines
 * are left out of the comparison of stderr.
 */
function assertSame(got: RunResult, want: RunResult, what: string, inputProblems = false): void {
  got = sameUpToNow(got, want);
  assert.equal(got.code, want.code, `exit code of ${what}`);
  const stderr = inputProblems ? got.stderr.split('\n').filter((l) => !l.startsWith('auspex: ')).join('\n') : got.stderr;
  assert.equal(stderr, want.stderr, `stderr of ${what}`);
  // After a bad option both print their usage; auspex's names its own options.
  const usage = want.stdout.toString('latin1').startsWith('usage: aureport');
  if (usage) assert.ok(got.stdout.toString('latin1').startsWith('usage: auspex report'), `usage of ${what}`);
  else assert.ok(got.stdout.equals(want.stdout), `stdout of ${what}:\n--- aureport\n${want.stdout.toString('latin1')}\n--- auspex\n${got.stdout.toString('latin1')}`);
}

/**
 * A report whose selected range ends "now" names the time of day each tool
 * read from the clock: when that time is all that differs and the two are at
 * most two seconds apart (the tools run one after the other), auspex's result
 * with aureport's time in its place; else `got` unchanged.
 */
function sameUpToNow(got: RunResult, want: RunResult): RunResult {
  const selected = /^(Selected time for report: .* - \d\d\/\d\d\/\d\d )(\d\d):(\d\d):(\d\d)$/m;
  const g = selected.exec(got.stdout.toString('latin1'));
  const w = selected.exec(want.stdout.toString('latin1'));
  if (g === null || w === null || g[1] !== w[1]) return got;
  const seconds = (m: RegExpExecArray): number => Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  if (Math.abs(seconds(g) - seconds(w)) > 2) return got;
  const stdout = Buffer.from(got.stdout.toString('latin1').replace(selected, w[0]), 'latin1');
  return { ...got, stdout };
}

// aureport reads stdin only when it is a FIFO (a shell pipe), not the socket
// pair node gives a child's stdin.
function peerFromPipe(log: string, args: readonly string[]): RunResult {
  const r = spawnSync('sh', ['-c', 'cat "$0" | aureport "$@"', log, ...args], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

let pairs = 0;
const available = havePeer('aureport');

for (const log of LOGS) {
  const name = log.split('/').slice(-2).join('/');
  test(`report equals aureport on ${name} for every switch`, async (t) => {
    if (!available) return t.skip('aureport not installed');
    if (!existsSync(log)) return t.skip(`${log} not found`);
    const cases = [...REPORTS.flatMap((r) => VARIANTS.map((v) => [...r, ...v])), ...EXTRA];
    for (const args of cases) {
      const full = ['-if', log, ...args];
      const want = runPeer('aureport', full);
      const got = await runAuspex(['report', ...full]);
      assertSame(got, want, `aureport ${args.join(' ')}`);
      pairs++;
    }
  });
}

test('report equals aureport on the other oracle sets\' logs for every switch', async (t) => {
  if (!available) return t.skip('aureport not installed');
  if (ORACLE_LOGS.length === 0) return t.skip('no oracle logs beside the repository');
  const cases = REPORTS.flatMap((r) => [[], ['-i'], ['--summary'], ['-i', '--summary']].map((v) => [...r, ...v]));
  for (const log of ORACLE_LOGS) {
    for (const args of cases) {
      const full = ['-if', log, ...args];
      assertSame(await runAuspex(['report', ...full]), runPeer('aureport', full), `${log} aureport ${args.join(' ')}`, true);
      pairs++;
    }
  }
});

test('report reads stdin when it is a pipe, and a log directory as aureport does', async (t) => {
  if (!available) return t.skip('aureport not installed');
  const log = LOGS[0] as string;
  const bytes = readFileSync(log);
  for (const args of [['-t'], [], ['-x', '--summary'], ['-e', '-i']]) {
    assertSame(await runAuspex(['report', ...args], { stdin: bytes }), peerFromPipe(log, args), `stdin ${args.join(' ')}`);
    pairs++;
  }
  const dir = mkdtempSync(join(tmpdir(), 'auspex-report-'));
  try {
    copyFileSync(log, join(dir, 'audit.log.1'));
    copyFileSync(LOGS[2] as string, join(dir, 'audit.log'));
    for (const args of [['-t'], [], ['-e'], ['-x', '--summary'], ['-f', '-i']]) {
      assertSame(await runAuspex(['report', '-if', dir, ...args]), runPeer('aureport', ['-if', dir, ...args]), `directory ${args.join(' ')}`);
      pairs++;
    }
    const missing = join(dir, 'none');
    assertSame(await runAuspex(['report', '-if', missing, '-x']), runPeer('aureport', ['-if', missing, '-x']), 'missing input');
    // A path under a regular file: stat fails with ENOTDIR, whose words come from the same errno text.
    const underFile = join(dir, 'audit.log', 'x');
    assertSame(await runAuspex(['report', '-if', underFile, '-x']), runPeer('aureport', ['-if', underFile, '-x']), 'input under a file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('byte-identical switch × log pairs', (t) => {
  if (!available) return t.skip('aureport not installed');
  t.diagnostic(`${pairs} pairs identical to aureport 3.0.9`);
  assert.ok(pairs > 3000);
});
