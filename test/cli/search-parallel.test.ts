// Parallel search (AUSPEX_PARALLEL=1, tiny chunks so that every log is cut
// many times) against the sequential search and against ausearch 3.0.9 run
// live: stdout byte for byte, stderr and exit code, for every output format
// and the common criteria, on the corpus logs, the sample logs and the
// corpus repeated into a longer log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus, repoRoot } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { compareCsv } from '../normalize/harness.js';
import { SEQUENTIAL, fastClockLines, parallel, repeatedLines, search, writeLog } from './search-parallel-logs.js';
import type { SearchResult } from './search-parallel-logs.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'auspex-parallel-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Log {
  readonly name: string;
  readonly path: () => string;
  /** Chunk size for this log: small enough for many cuts. */
  readonly chunk: number;
}

const LOGS: readonly Log[] = [
  { name: 'corpus raw.log', path: () => corpusFile('raw.log'), chunk: 8 * 1024 },
  { name: 'corpus enriched.log', path: () => corpusFile('enriched.log'), chunk: 8 * 1024 },
  { name: 'sample audit-raw.log', path: () => join(repoRoot, 'data', 'sample', 'audit-raw.log'), chunk: 2 * 1024 },
  { name: 'sample audit-enriched.log', path: () => join(repoRoot, 'data', 'sample', 'audit-enriched.log'), chunk: 2 * 1024 },
  { name: 'corpus repeated 6 times', path: () => writeLog(dir, 'repeated.log', repeatedLines('raw.log', 6)), chunk: 64 * 1024 },
  { name: 'corpus repeated, fast clock', path: () => writeLog(dir, 'fast-clock.log', fastClockLines('enriched.log', 6, 20)), chunk: 64 * 1024 },
];

/** How the output compares with ausearch's: exactly, -i with io_uring op names read back, CSV cells read back, or not at all (JSON). */
type PeerCheck = 'exact' | 'uring-names' | 'csv' | 'none';

interface Mode {
  readonly args: readonly string[];
  readonly peer: PeerCheck;
}

const MODES: readonly Mode[] = [
  { args: ['--raw'], peer: 'exact' },
  { args: [], peer: 'exact' },
  { args: ['-i'], peer: 'uring-names' },
  { args: ['--format', 'text'], peer: 'exact' },
  { args: ['--format', 'csv'], peer: 'csv' },
  { args: ['--json'], peer: 'none' },
  { args: ['--raw', '-k', 'exec'], peer: 'exact' },
  { args: ['-i', '-m', 'EXECVE,USER_START,CONFIG_CHANGE'], peer: 'uring-names' },
  { args: ['--raw', '-ts', '11/23/26', '15:27:34'], peer: 'exact' },
  { args: ['-i', '-ts', '11/23/26', '15:27:20', '-te', '11/23/26', '15:27:33'], peer: 'uring-names' },
  { args: ['-ui', '0', '-sv', 'no'], peer: 'exact' },
  { args: ['--raw', '-x', '/usr/sbin/auditctl'], peer: 'exact' },
  { args: ['--json', '-k', 'uring_sys'], peer: 'none' },
];

/** -i prints io_uring ops by name where 3.0.9 prints numbers (a documented difference): both sides without them. */
function withoutUringOps(text: string): string {
  return text.replace(/ uring_op=[a-z_0-9]+ /g, ' ');
}

function assertSame(got: SearchResult, want: SearchResult, what: string): void {
  assert.equal(got.code, want.code, `${what}: exit code`);
  assert.equal(got.stderr, want.stderr, `${what}: stderr`);
  assert.ok(got.stdout.equals(want.stdout), `${what}: stdout differs (${got.stdout.length} vs ${want.stdout.length} bytes)`);
}

function assertLikePeer(got: SearchResult, args: readonly string[], check: PeerCheck): void {
  if (check === 'none' || !havePeer('ausearch')) return;
  const peer = runPeer('ausearch', args);
  assert.equal(got.code, peer.code, 'exit code against ausearch');
  const ours = got.stdout.toString('latin1');
  const theirs = peer.stdout.toString('latin1');
  switch (check) {
    case 'exact':
      assert.ok(got.stdout.equals(peer.stdout), 'stdout differs from ausearch');
      break;
    case 'uring-names':
      assert.equal(withoutUringOps(ours), withoutUringOps(theirs));
      break;
    case 'csv':
      assert.deepEqual(compareCsv(theirs, ours).different, [], 'CSV rows that differ beyond cell escaping');
      break;
  }
}

for (const log of LOGS) {
  for (const mode of MODES) {
    test(`${log.name}: search ${mode.args.join(' ') || '(default)'} in parallel = sequential = ausearch`, async (t) => {
      if (!haveCorpus()) return t.skip('corpus not found beside the repository');
      const args = ['-if', log.path(), ...mode.args];
      const seq = await search(args, SEQUENTIAL);
      const par = await search(args, parallel(log.chunk));
      assert.ok(par.stats !== undefined && par.stats.chunks > 10, 'the search ran in parallel, cut many times');
      assertSame(par, seq, 'parallel against sequential');
      assertLikePeer(par, args, mode.peer);
      t.diagnostic(`${par.stats.chunks} chunks, ${par.stats.byWorker} by the worker, ${par.stats.reruns} searched again${par.stats.fallback === undefined ? '' : ` (${par.stats.fallback})`}`);
    });
  }
}

test('a log in time order whose open events fit in a chunk needs no second search: every cut checks out', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const path = writeLog(dir, 'fast-clock.log', fastClockLines('raw.log', 6, 20));
  for (const args of [['--raw'], ['-i'], ['--format', 'csv'], ['--json']]) {
    const par = await search(['-if', path, ...args], parallel(64 * 1024));
    assert.equal(par.stats?.fallback, undefined, `${args.join(' ')}: no cut failed`);
    assert.equal(par.stats?.reruns, 0);
    assert.ok((par.stats?.byWorker ?? 0) > 0, 'the worker searched chunks');
  }
});

test('small inputs, several inputs and stdin are searched sequentially unless forced', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const one = await search(['-if', corpusFile('raw.log'), '--raw'], {});
  assert.equal(one.stats, undefined, 'a 200 KB file is below the size for a parallel search');
  const off = await search(['-if', corpusFile('raw.log'), '--raw'], { AUSPEX_PARALLEL: '0', AUSPEX_PARALLEL_CHUNK_BYTES: '4096' });
  assert.equal(off.stats, undefined);
  const two = await search(['-if', corpusFile('raw.log'), '-if', corpusFile('enriched.log'), '--raw'], parallel(4096));
  assert.equal(two.stats, undefined, 'two inputs: sequential');
  const justOne = await search(['-if', corpusFile('raw.log'), '--raw', '--just-one'], parallel(4096));
  assert.equal(justOne.stats, undefined, '--just-one: sequential');
  const lineBuffered = await search(['-if', corpusFile('raw.log'), '--raw', '--line-buffered'], parallel(4096));
  assert.equal(lineBuffered.stats, undefined, '--line-buffered: sequential');
  const gz = join(dir, 'raw.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(corpusFile('raw.log'))));
  const gzipped = await search(['-if', gz, '--raw'], parallel(4096));
  assert.equal(gzipped.stats, undefined, 'gzip: sequential');
  assert.ok(gzipped.stdout.equals(one.stdout), 'the same output as the plain file');
  const stdin = await search(['-if', '-', '--raw'], parallel(4096));
  assert.equal(stdin.stats, undefined, 'stdin: sequential');
});
