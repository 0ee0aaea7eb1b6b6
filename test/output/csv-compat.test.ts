// --format csv against ausearch 3.0.9 run live on the same logs (TZ=UTC,
// LC_ALL=C, this machine's users): every row identical, or equal once
// auspex's cell escaping is read back; stderr ("error normalizing ...")
// identical. Also against the stored corpus references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { compareCsv, formatCompatLogs, logsIn, runFormat } from '../normalize/harness.js';

const LOGS = formatCompatLogs();
const ALL_EXTRAS = ['--extra-keys', '--extra-labels', '--extra-obj2', '--extra-time'];
const FLAG_SETS: ReadonlyArray<readonly string[]> = [[], ALL_EXTRAS];

const stderrOf = (text: string): string => text.replace('<no matches>\n', '');

for (const log of LOGS) {
  for (const flags of FLAG_SETS) {
    const name = `${log.slice(log.lastIndexOf('/', log.lastIndexOf('/') - 1) + 1)} ${flags.length > 0 ? 'all --extra-*' : ''}`;
    test(`--format csv equals ausearch: ${name}`, (t) => {
      if (!havePeer('ausearch')) return t.skip('ausearch not installed');
      const want = runPeer('ausearch', ['-if', log, '--format', 'csv', ...flags]);
      const got = runFormat('csv', log, flags);
      const cmp = compareCsv(want.stdout.toString('latin1'), got.stdout);
      assert.deepEqual(cmp.different, [], 'rows that differ beyond cell escaping');
      assert.equal(got.stderr, stderrOf(want.stderr));
      t.diagnostic(`${cmp.rows} rows: ${cmp.identical} identical, ${cmp.escaped.length} escaped`);
    });
  }
}

for (const extra of ALL_EXTRAS) {
  test(`--format csv ${extra} equals ausearch on the corpus`, (t) => {
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    for (const log of logsIn(corpusDir)) {
      const want = runPeer('ausearch', ['-if', log, '--format', 'csv', extra]);
      const got = runFormat('csv', log, [extra]);
      assert.equal(got.stdout, want.stdout.toString('latin1'), `${log} ${extra}`);
    }
  });
}

for (const name of ['raw', 'enriched']) {
  test(`--format csv equals the stored reference for corpus ${name}.log`, (t) => {
    const ref = join(corpusDir, `${name}.ausearch-csv.txt`);
    if (!existsSync(ref)) return t.skip('corpus not found beside the repository');
    const got = runFormat('csv', join(corpusDir, `${name}.log`));
    assert.equal(got.stdout, readFileSync(ref, 'latin1'));
    assert.equal(got.stderr, readFileSync(join(corpusDir, `${name}.ausearch-csv.stderr.txt`), 'latin1'));
  });
}
