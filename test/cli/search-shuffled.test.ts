// Records out of order — an event's PROCTITLE before its other records, events
// interleaved, serials repeated — group and order exactly as in ausearch.
// ausearch splits an event whose first record stands alone and orders equal
// ids by the slot of its event array, which is reused: the assembler mirrors it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Moves some records earlier or later, by up to `reach` lines. */
function shuffleLocally(lines: readonly string[], seed: number, reach: number): string[] {
  const out = [...lines];
  const r = rng(seed);
  const moves = 5 + Math.floor(r() * 50);
  for (let m = 0; m < moves; m++) {
    const from = Math.floor(r() * out.length);
    const to = Math.max(0, Math.min(out.length - 1, from + Math.floor((r() - 0.5) * 2 * reach)));
    const [line] = out.splice(from, 1);
    out.splice(to, 0, line as string);
  }
  return out;
}

test('shuffled corpus logs: --raw and default output equal ausearch on 40 seeds', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0);
  const dir = mkdtempSync(join(tmpdir(), 'auspex-shuffle-'));
  try {
    for (let seed = 1; seed <= 40; seed++) {
      const file = join(dir, `shuffled-${seed}.log`);
      writeFileSync(file, `${shuffleLocally(lines, seed, seed % 2 === 0 ? 12 : 300).join('\n')}\n`, 'latin1');
      for (const mode of [['--raw'], []]) {
        const want = runPeer('ausearch', ['-if', file, ...mode]);
        const got = await runAuspex(['search', '-if', file, ...mode]);
        assert.equal(got.code, want.code, `seed ${seed} ${mode.join(' ')}`);
        assert.ok(got.stdout.equals(want.stdout), `seed ${seed} ${mode.join(' ') || 'default'}: output differs from ausearch`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
