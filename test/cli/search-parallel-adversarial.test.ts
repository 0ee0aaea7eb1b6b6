// Parallel search on logs bent exactly where it cuts them (records out of time
// order, an event whose records lie far apart, serials used twice, bad lines
// and no final newline, file names that print the path an earlier event left):
// the output is still the sequential search's and ausearch's, and where a cut
// cannot be trusted the search says so and searches again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveCorpus } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { compareCsv } from '../normalize/harness.js';
import { SEQUENTIAL, adversarialLogs, parallel, search } from './search-parallel-logs.js';

const CHUNK = 64 * 1024;
let dir = '';
let logs: Record<string, string> = {};
before(() => {
  if (!haveCorpus()) return;
  dir = mkdtempSync(join(tmpdir(), 'auspex-parallel-bent-'));
  logs = adversarialLogs(dir, CHUNK);
});
after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

interface Case {
  readonly log: string;
  readonly modes: ReadonlyArray<readonly string[]>;
  readonly env?: Readonly<Record<string, string>>;
  /** Whether some cut must fail its check (and the search go on another way); undefined: either. */
  readonly searchesAgain?: boolean;
}

const ALL = [['--raw'], [], ['-i'], ['--format', 'text'], ['--format', 'csv'], ['--json']] as const;

const CASES: readonly Case[] = [
  { log: 'base', modes: ALL, searchesAgain: false },
  { log: 'base', modes: [['--raw', '--eoe-timeout', '5'], ['-i', '--eoe-timeout', '1']] },
  // Events with one id from two nodes, often several open at once: ausearch orders them by array slot.
  { log: 'nodes', modes: [['--raw'], ['-i'], ['--format', 'csv'], ['--json'], ['--raw', '-n', 'db-2']], searchesAgain: true },
  { log: 'out-of-order', modes: ALL, searchesAgain: true },
  { log: 'stray-old-record', modes: [['--raw'], ['-i']] },
  // With a pre-window shorter than the gap between the event's records, the cuts it spans fail.
  { log: 'far-apart', modes: ALL, env: { AUSPEX_PARALLEL_PREWINDOW_BYTES: String(16 * 1024) }, searchesAgain: true },
  { log: 'far-apart', modes: [['--raw'], ['-i']] },
  { log: 'duplicate-serials', modes: ALL },
  { log: 'bad-lines', modes: [['--raw'], [], ['-i'], ['--format', 'csv']] },
  { log: 'path-state', modes: [['--format', 'text'], ['--format', 'csv']], searchesAgain: true },
  { log: 'path-state', modes: [['--raw'], ['-i']] },
];

for (const c of CASES) {
  for (const mode of c.modes) {
    const label = `${c.log}${c.env === undefined ? '' : ' (short pre-window)'}: search ${mode.join(' ') || '(default)'}`;
    test(`${label} in parallel = sequential = ausearch`, async (t) => {
      if (!haveCorpus()) return t.skip('corpus not found beside the repository');
      const args = ['-if', logs[c.log] as string, ...mode];
      const seq = await search(args, SEQUENTIAL);
      const par = await search(args, parallel(CHUNK, c.env));
      const stats = par.stats;
      assert.ok(stats !== undefined && stats.chunks > 8, 'searched in parallel');
      assert.equal(par.code, seq.code, 'exit code');
      assert.equal(par.stderr, seq.stderr, 'stderr');
      assert.ok(par.stdout.equals(seq.stdout), `stdout differs from the sequential search (${par.stdout.length} vs ${seq.stdout.length} bytes)`);
      if (c.searchesAgain === true) assert.ok(stats.fallback !== undefined && stats.reruns > 0, 'a cut failed its check');
      if (c.searchesAgain === false) assert.equal(stats.fallback, undefined, 'every cut checked out');
      t.diagnostic(`${stats.chunks} chunks, ${stats.reruns} searched again${stats.fallback === undefined ? '' : `: ${stats.fallback}`}`);
      if (!havePeer('ausearch') || mode[0] === '--json' || mode[0] === '-i') return;
      const peer = runPeer('ausearch', args);
      assert.equal(par.code, peer.code, 'exit code against ausearch');
      if (mode[1] === 'csv') assert.deepEqual(compareCsv(peer.stdout.toString('latin1'), par.stdout.toString('latin1')).different, []);
      else assert.ok(par.stdout.equals(peer.stdout), 'stdout differs from ausearch');
    });
  }
}

test('events with one id that only a search from the start can order: the rest goes straight out from the start of the file', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const par = await search(['-if', logs['nodes'] as string, '--raw'], parallel(CHUNK));
  assert.equal(par.stats?.fallback, 'events with one id ordered by array slots');
  assert.equal(par.stats?.sequentialFrom, 0);
});

test('bad lines: diagnostics name the lines of the whole file, at most 100 shown, all counted', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const par = await search(['-if', logs['bad-lines'] as string, '--raw'], parallel(CHUNK));
  const shown = par.stderr.split('\n').filter((l) => l.startsWith('auspex: ') && l.includes('.log:'));
  assert.equal(shown.length, 100);
  assert.match(par.stderr, /auspex: \d+ input problem\(s\) \(\d+ not shown\); \d+ byte\(s\) skipped\n/);
  assert.match(par.stderr, /line of 71680 bytes is too long/);
});
