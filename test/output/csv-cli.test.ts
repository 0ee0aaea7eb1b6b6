// `auspex search --format csv|text` as a command, against `ausearch` run the
// same way: exit code, stdout and stderr, in other time zones (DATE, TIME and
// --extra-time follow TZ), on logs with node= prefixes, and with no match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer, spawnAuspex } from '../helpers/run.js';

for (const format of ['csv', 'text']) {
  test(`auspex search --format ${format} equals ausearch (exit code, stdout, stderr)`, async (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    const args = ['-if', corpusFile('raw.log'), '--format', format];
    const want = runPeer('ausearch', args);
    const got = await runAuspex(['search', ...args]);
    assert.equal(got.code, want.code);
    assert.ok(got.stdout.equals(want.stdout), 'stdout');
    assert.equal(got.stderr, want.stderr);
  });
}

for (const tz of ['America/New_York', 'Asia/Kolkata']) {
  test(`--format csv --extra-time and --format text in TZ=${tz}`, (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    const env = { ...process.env, TZ: tz, LC_ALL: 'C' };
    for (const args of [['--format', 'csv', '--extra-time'], ['--format', 'text']]) {
      const all = ['-if', corpusFile('enriched.log'), ...args];
      const want = spawnSync('ausearch', all, { env, maxBuffer: 1 << 28 });
      const got = spawnAuspex(['search', ...all], { env: { TZ: tz } });
      assert.ok(got.stdout.equals(want.stdout), `${args.join(' ')} in ${tz}`);
    }
  });
}

test('--format csv and text on a log whose records carry node= prefixes', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-node-'));
  try {
    const log = join(dir, 'node.log');
    const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n');
    writeFileSync(log, lines.map((l, i) => (l === '' ? l : `node=host-${i % 3}.example ${l}`)).join('\n'), 'latin1');
    for (const args of [['--format', 'csv', '--extra-keys', '--extra-labels', '--extra-obj2'], ['--format', 'text']]) {
      const want = runPeer('ausearch', ['-if', log, ...args]);
      const got = spawnAuspex(['search', '-if', log, ...args]);
      assert.ok(got.stdout.equals(want.stdout), args.join(' '));
      assert.equal(got.stderr, want.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--format csv with no match: no header, <no matches>, exit 1', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const args = ['-if', corpusFile('raw.log'), '--format', 'csv', '-k', 'no-such-key-anywhere'];
  const want = runPeer('ausearch', args);
  const got = await runAuspex(['search', ...args]);
  assert.equal(got.code, want.code);
  assert.equal(got.stdout.length, 0);
  assert.equal(got.stderr, want.stderr);
});
