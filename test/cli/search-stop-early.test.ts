// A search whose reader goes away (`auspex search | head`) stops quietly, as
// ausearch does: the line it was reading when it stopped is not reported as
// a truncated last line. The log (the corpus repeated with shifted times and
// serials, as the benchmark builds it) is larger than one read chunk, so the
// stop falls inside a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auspexBin, corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer } from '../helpers/run.js';
import { makeBenchLog } from '../../bench/search/make-log.js';

function stderrThroughHead(cmd: readonly string[]): string {
  const err = join(tmpdir(), `auspex-stop-${process.pid}.err`);
  try {
    spawnSync('sh', ['-c', '"$@" 2>"$0" | head -c 100 >/dev/null', err, ...cmd], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
    return readFileSync(err, 'latin1');
  } finally {
    rmSync(err, { force: true });
  }
}

test('auspex search | head: stderr as ausearch | head (nothing about a truncated line)', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-stop-'));
  try {
    const log = join(dir, 'audit.log');
    await makeBenchLog(corpusFile('raw.log'), log, 4 * 1024 * 1024);
    for (const mode of [['-i'], ['--raw']]) {
      const want = stderrThroughHead(['ausearch', '-if', log, ...mode]);
      const got = stderrThroughHead([auspexBin, 'search', '-if', log, ...mode]);
      assert.equal(got, want, mode.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
