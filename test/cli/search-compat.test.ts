// auspex search prints what ausearch 3.0.9 prints for the same corpus log,
// byte for byte, in the modes that exist (checked live against ausearch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

const MODES: ReadonlyArray<readonly string[]> = [['--raw'], []];

for (const log of ['raw.log', 'enriched.log']) {
  for (const mode of MODES) {
    test(`search ${mode.join(' ') || '(default)'} on corpus ${log} equals ausearch`, async (t) => {
      if (!haveCorpus()) return t.skip('corpus not found beside the repository');
      if (!havePeer('ausearch')) return t.skip('ausearch not installed');
      const args = ['-if', corpusFile(log), ...mode];
      const want = runPeer('ausearch', args);
      const got = await runAuspex(['search', ...args]);
      assert.equal(got.code, want.code);
      assert.ok(got.stdout.equals(want.stdout), `stdout differs from ausearch ${args.join(' ')}`);
    });
  }
}
