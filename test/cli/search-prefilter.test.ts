// String criteria skip events whose records hold neither the text nor its hex
// (search's prefilter). Values the log hex-encodes (file names with escape
// sequences, arguments with quotes) must still be found: checked against
// ausearch live on the captured samples, where such values exist. -m skips
// events without a record of a wanted type, except where record parsers run
// first and may print (-hn, -f): those cases are here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

const SAMPLE = join(repoRoot, 'data', 'sample', 'audit-raw.log');

const CASES: ReadonlyArray<readonly string[]> = [
  ['-f', 'cleared'], // only in a hex-encoded name: ESC [2J cleared
  ['-f', 'onerror'], // a name with spaces and <>: hex-encoded
  ['-k', 'auspex-test-files'],
  ['-k', 'test'],
  ['-k', 'files', '-w'],
  ['-x', '/usr/bin/touch'],
  ['-c', 'uring-bpf'],
  ['-c', 'no-such-command'],
  ['-f', '/etc/shadow', '-sv', 'no'],
  ['-m', 'URINGOP'],
  ['-m', 'SYSCALL,PATH', '-sv', 'no'],
  ['-m', 'EXECVE', '-k', 'exec'],
  ['-m', 'ALL'],
  ['-m', '1336'],
  ['-m', 'SOCKADDR', '-hn', 'localhost'],
  ['-m', 'CWD', '-f', '/tmp'],
];

test('the sample log has a file name that is logged only in hex', () => {
  const log = readFileSync(SAMPLE, 'latin1');
  assert.doesNotMatch(log, /cleared/);
  assert.match(log, /636C6561726564/); // "cleared"
});

for (const criteria of CASES) {
  for (const mode of [['--raw'], ['-i']]) {
    test(`${mode.join(' ')} ${criteria.join(' ')} selects what ausearch selects`, async (t) => {
      if (!havePeer('ausearch')) return t.skip('ausearch not installed');
      const args = ['-if', SAMPLE, ...mode, ...criteria];
      const want = runPeer('ausearch', args);
      const got = await runAuspex(['search', ...args]);
      assert.equal(got.code, want.code);
      assert.equal(got.stderr, want.stderr);
      if (mode[0] === '--raw') assert.ok(got.stdout.equals(want.stdout));
      else assert.equal(got.stdout.toString('latin1').replace(/ uring_op=[a-z_]+ /g, ' '), want.stdout.toString('latin1').replace(/ uring_op=\d+ /g, ' '));
    });
  }
}
