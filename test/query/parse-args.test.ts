// Option errors against ausearch 3.0.9 run live: the same stderr text, byte for
// byte, and exit code 1. Plus what parseSearchArgs returns for the options that
// do not select events (formats, inputs, flags), and auspex's own additions.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { parseSearchArgs } from '../../src/query/index.js';
import type { SearchOptions } from '../../src/query/index.js';
import { AUSEARCH, ausearch, haveAusearch, localEnv } from './oracle.js';

const LONG = 'x'.repeat(4100);

const ERROR_CASES: ReadonlyArray<readonly string[]> = [
  ['-p'],
  ['-p', 'abc'],
  ['-p', '99999999999999999999'],
  ['-pp', 'x'],
  ['--bogus'],
  ['-k'],
  ['-m', 'BOGUS'],
  ['-m'],
  ['-m', 'SYSCALL,,BOGUS'],
  ['-m', '99999999999999999999'],
  ['-m', 'SYSCALL,ALL'],
  ['-ts', '01/15/2026'],
  ['-ts', '13/15/26'],
  ['-ts', '1/5/26', '25:00'],
  ['-ts', '1/5/26', '10'],
  ['-ts', '1/5/26', '10:00:00x'],
  ['-te', '01/01/99'],
  ['-te', '02/30/26junk'],
  ['-ts'],
  ['-te', '-k', 'x'],
  ['-sv', 'maybe'],
  ['-a', 'x'],
  ['-a', '99999999999999999999'],
  ['-i', '-r'],
  ['-r', '-i'],
  ['-i', 'foo'],
  ['--raw', '--format', 'csv'],
  ['--format', 'csv', '-i'],
  ['--extra-keys'],
  ['--extra-keys', '--bogus'],
  ['--extra-time', 'x'],
  ['--format', 'text', '--extra-labels'],
  ['--escape', 'bogus'],
  ['--escape'],
  ['--format', 'bogus'],
  ['--format'],
  ['-e', 'EBOGUS'],
  ['-e', '-'],
  ['-e', '99999999999999999999'],
  ['--session', '-x'],
  ['--session', 'x'],
  ['-ui', 'auspex-no-such-user'],
  ['-ue', 'auspex-no-such-user'],
  ['-ua', 'auspex-no-such-user'],
  ['-ul', 'auspex-no-such-user'],
  ['-gi', 'auspex-no-such-group'],
  ['-ge', 'auspex-no-such-group'],
  ['-ga', 'auspex-no-such-group'],
  ['-ui', '99999999999999999999'],
  ['-gi', '99999999999999999999'],
  ['-sc', 'auspex_no_such_call'],
  ['-sc', '99999999999999999999'],
  ['-sc', 'open', '--arch', 'b64'],
  ['--arch', 'b64', '--arch', 'b32'],
  ['--arch', 'sparc'],
  ['-ts', 'checkpoint', '10:00'],
  ['-te', 'checkpoint'],
  ['--eoe-timeout', '0'],
  ['--eoe-timeout', 'x'],
  ['-w', 'foo'],
  ['-f'],
  ['-f', LONG],
  ['-if', LONG],
  ['-x'],
  ['-c'],
  ['-hn'],
  ['-tm'],
  ['-n'],
  ['-o'],
  ['-su'],
  ['-se'],
  ['-uu'],
  ['-vm'],
  ['--checkpoint'],
  ['-ts', 'today', '-te', 'yesterday', '-k'],
];

for (const args of ERROR_CASES) {
  test(`error: ${args.join(' ').slice(0, 60)}`, (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!haveAusearch()) return t.skip('ausearch not installed');
    const log = corpusFile('raw.log');
    const peer = ausearch(log, args);
    assert.equal(peer.code, 1);
    const r = parseSearchArgs(['-if', log, ...args], localEnv());
    assert.equal(r.kind, 'error');
    if (r.kind !== 'error') return;
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderr, peer.stderr);
  });
}

function ok(args: readonly string[]): SearchOptions {
  const r = parseSearchArgs(args, localEnv());
  assert.equal(r.kind, 'ok', r.kind === 'error' ? r.stderr : r.kind);
  if (r.kind !== 'ok') throw new Error('unreachable');
  return r.options;
}

test('no arguments: usage on stdout, exit 1, as ausearch', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const peer = spawnSync(AUSEARCH, [], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  assert.equal(peer.status, 1);
  assert.match(peer.stdout, /^usage: ausearch/);
  const r = parseSearchArgs([], localEnv());
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') {
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /^usage: auspex search/);
    assert.equal(r.stderr, '');
  }
});

test('-h and -v end the scan where they stand', () => {
  assert.equal(parseSearchArgs(['-k', 'x', '-h', '--bogus'], localEnv()).kind, 'help');
  assert.equal(parseSearchArgs(['-v'], localEnv()).kind, 'version');
  assert.equal(parseSearchArgs(['--bogus', '-h'], localEnv()).kind, 'error');
});

test('output options', () => {
  assert.equal(ok(['-if', 'f']).output.format, 'default');
  assert.equal(ok(['-i']).output.format, 'interpret');
  assert.equal(ok(['-r']).output.format, 'raw');
  assert.equal(ok(['--format', 'interpretation']).output.format, 'interpret');
  assert.equal(ok(['--format', 'default', '-i']).output.format, 'interpret');
  assert.equal(ok(['--format', 'csv', '--extra-keys', '--extra-labels', '--extra-obj2', '--extra-time']).output.extra.obj2, true);
  assert.equal(ok(['--format', 'text']).output.format, 'text');
  assert.equal(ok(['--json']).output.format, 'json');
  assert.equal(ok(['--escape', 'shell_quote']).output.escape, 'shell_quote');
  assert.equal(ok(['-k', 'x']).output.escape, 'tty');
  assert.equal(ok(['-l']).output.lineBuffered, true);
  assert.equal(ok(['--line-buffered']).output.lineBuffered, true);
});

test('--json conflicts with the other formats like they conflict with each other', () => {
  const r = parseSearchArgs(['-i', '--json'], localEnv());
  assert.deepEqual(r.kind === 'error' ? r.stderr : '', 'Conflicting output format --json\n');
  const r2 = parseSearchArgs(['--json', '--format', 'csv'], localEnv());
  assert.deepEqual(r2.kind === 'error' ? r2.stderr : '', 'Multiple output formats, use only 1\n');
});

test('inputs: -if repeats and keeps its order, -if - is stdin, flags', () => {
  const o = ok(['-if', 'a.log', '-if', '-', '-if', 'dir', '--input-logs', '--eoe-timeout', '5', '--checkpoint', 'cp', '-ts', 'checkpoint']);
  assert.deepEqual(o.input.sources, [{ kind: 'path', path: 'a.log' }, { kind: 'stdin' }, { kind: 'path', path: 'dir' }]);
  assert.equal(o.input.forceLogs, true);
  assert.equal(o.input.eoeTimeoutSec, 5);
  assert.equal(o.input.checkpoint, 'cp');
  assert.equal(o.input.checkpointTimeOnly, true);
  assert.equal(o.criteria.startSec, undefined);
  const j = ok(['--just-one', '--debug', '-w']);
  assert.equal(j.justOne, true);
  assert.equal(j.debug, true);
  assert.equal(j.criteria.wholeWord, true);
});

test('values kept the way ausearch stores them', () => {
  const c = ok(['-p', '4294967295', '-ui', '-5'.slice(1), '--session', '-2', '-e', '010', '-a', '4294967296', '-sc', '4294967295']).criteria;
  assert.equal(c.pid, -1, 'pid_t wraps');
  assert.equal(c.uid, 5);
  assert.equal(c.sessionId, 4294967294);
  assert.equal(c.exit, 8n, 'strtoll base 0: octal');
  assert.equal(c.eventId, 0, 'unsigned int wraps');
  assert.equal(c.syscall, -1);
  const m = ok(['-m', 'syscall,1300', '-m', 'UNKNOWN[1336]']).criteria;
  assert.deepEqual(m.messageTypes, [1300, 1300, 1336]);
  assert.equal(ok(['-m', 'all']).criteria.messageTypes, undefined);
  assert.equal(ok(['-sv', 'yesss']).criteria.success, false, 'only exactly "yes" is yes');
  assert.equal(ok(['-sc', 'OPENAT']).criteria.syscall, 257, 'syscall names in any case');
  assert.equal(ok(['-sc', 'openat']).criteria.machine, 'x86_64');
  assert.equal(ok(['--arch', 'b32', '-sc', 'open']).criteria.syscall, 5, 'i386 table');
  assert.equal(ok(['-e', '-ewouldblock']).criteria.exit, -11n);
  assert.deepEqual(ok(['-n', 'a', '-n', 'b']).criteria.nodes, ['a', 'b']);
});
