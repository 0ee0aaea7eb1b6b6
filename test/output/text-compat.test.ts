// --format text against ausearch 3.0.9 run live on the same logs (TZ=UTC,
// LC_ALL=C, this machine's users): byte for byte, stdout and stderr, in the
// default escape mode and in the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { formatCompatLogs, logsIn, runFormat } from '../normalize/harness.js';

const LOGS = formatCompatLogs();

for (const log of LOGS) {
  test(`--format text equals ausearch: ${log.split('/').slice(-2).join('/')}`, (t) => {
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    const want = runPeer('ausearch', ['-if', log, '--format', 'text']);
    const got = runFormat('text', log);
    assert.equal(got.stdout, want.stdout.toString('latin1'));
    assert.equal(got.stderr, want.stderr.replace('<no matches>\n', ''));
    t.diagnostic(`${got.stdout.split('\n').length - 1} lines identical`);
  });
}

// The sample log's file names and arguments carry terminal escapes.
for (const escape of ['raw', 'tty', 'shell', 'shell_quote']) {
  test(`--format text --escape ${escape} equals ausearch on the sample logs`, (t) => {
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    for (const log of logsIn(join(repoRoot, 'data', 'sample'))) {
      const want = runPeer('ausearch', ['-if', log, '--format', 'text', '--escape', escape]);
      const got = runFormat('text', log, ['--escape', escape]);
      assert.equal(got.stdout, want.stdout.toString('latin1'), `${log} --escape ${escape}`);
    }
  });
}
