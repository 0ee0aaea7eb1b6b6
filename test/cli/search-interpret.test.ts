// `auspex search -i` prints what `ausearch -i` prints, byte for byte, except
// the documented difference: io_uring ops by name (uring_op=openat where
// 3.0.9 prints uring_op=18). The comparison maps names back to numbers with
// auspex's own op table, so the names are checked against the kernel's
// numbering too. Runs on the corpus and on the project's captured samples,
// against the reference files and ausearch live, with search criteria.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusFile, haveCorpus, repoRoot } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import { readFileSync } from 'node:fs';
import { uringOpsAsNumbers } from '../helpers/uring-names.js';


for (const log of ['raw', 'enriched']) {
  test(`-i on corpus ${log}.log equals the reference ausearch -i output (uring_op names aside)`, async (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    const got = await runAuspex(['search', '-if', corpusFile(`${log}.log`), '-i']);
    assert.equal(got.code, 0);
    assert.equal(uringOpsAsNumbers(got.stdout.toString('latin1')), readFileSync(corpusFile(`${log}.ausearch-i.txt`), 'latin1'));
    assert.match(got.stdout.toString('latin1'), / uring_op=openat /);
  });
}

const SAMPLES = ['audit-raw.log', 'audit-enriched.log'].map((f) => join(repoRoot, 'data', 'sample', f));

const CRITERIA: ReadonlyArray<readonly string[]> = [
  [],
  ['-k', 'auspex-test-exec'],
  ['-m', 'URINGOP,BPF'],
  ['-sv', 'no'],
  ['-f', 'shadow'],
  ['-ui', '0', '-x', '/usr/bin/cat'],
  ['--escape', 'shell'],
  ['--escape', 'raw'],
  ['-sc', 'openat', '-e', '-13'],
];

for (const file of [...SAMPLES, corpusFile('raw.log')]) {
  for (const criteria of CRITERIA) {
    test(`-i ${criteria.join(' ')} on ${file.split('/').slice(-2).join('/')} equals ausearch live`, async (t) => {
      if (file.includes('/corpus/') && !haveCorpus()) return t.skip('corpus not found beside the repository');
      if (!havePeer('ausearch')) return t.skip('ausearch not installed');
      const args = ['-if', file, '-i', ...criteria];
      const want = runPeer('ausearch', args);
      const got = await runAuspex(['search', ...args]);
      assert.equal(got.code, want.code);
      assert.equal(got.stderr, want.stderr);
      assert.equal(uringOpsAsNumbers(got.stdout.toString('latin1')), want.stdout.toString('latin1'));
    });
  }
}

test('hostile strings from the sample log reach the terminal escaped in every mode', async () => {
  for (const mode of [[], ['-i'], ['--raw'], ['--json']]) {
    const got = await runAuspex(['search', '-if', SAMPLES[0] as string, ...mode]);
    assert.equal(got.code, 0);
    // No ESC or BEL byte: the escape sequences in the sample's file names and
    // arguments are octal-escaped (-i), hex as logged (default/raw) or \u (JSON).
    assert.doesNotMatch(got.stdout.toString('latin1'), /[\x07\x1b]/, `mode ${mode.join(' ') || 'default'}`);
  }
  const interpreted = (await runAuspex(['search', '-if', SAMPLES[0] as string, '-i'])).stdout.toString('latin1');
  assert.match(interpreted, /\\033\[31mred/);
  assert.match(interpreted, /<img src=x onerror=alert\(1\)>/);
});
