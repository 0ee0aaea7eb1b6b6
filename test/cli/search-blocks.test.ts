// A log of several read blocks (the sequential search reads plain files into
// 1 MiB blocks it uses again once no waiting record lies in them): events
// that span blocks, and blocks used over and over, print what ausearch
// prints, in every text format and with a string prefilter. -i's one
// documented difference (io_uring ops by name) is mapped back first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import { makeBenchLog } from '../../bench/search/make-log.js';
import { uringOpsAsNumbers } from '../helpers/uring-names.js';


const MODES: ReadonlyArray<readonly string[]> = [['--raw'], [], ['--format', 'csv'], ['--format', 'text'], ['-i'], ['--raw', '-k', 'exec'], ['-i', '-sc', 'openat']];

test('a log of several read blocks: every format as ausearch', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-blocks-'));
  try {
    const log = join(dir, 'audit.log');
    await makeBenchLog(corpusFile('raw.log'), log, 6 * 1024 * 1024);
    for (const mode of MODES) {
      const want = runPeer('ausearch', ['-if', log, ...mode]);
      const got = await runAuspex(['search', '-if', log, ...mode]);
      const name = mode.join(' ') || 'default';
      assert.equal(got.code, want.code, name);
      assert.equal(got.stderr, want.stderr, name);
      const out = got.stdout.toString('latin1');
      assert.ok((mode[0] === '-i' ? uringOpsAsNumbers(out) : out) === want.stdout.toString('latin1'), `${name}: output differs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
