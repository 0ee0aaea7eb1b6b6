// --checkpoint through the command itself: same output, exit codes and
// checkpoint file as ausearch over a first run, a second run, and a run on the
// log after it grew (query's tests cover the decision table in depth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

for (const criteria of [[], ['-k', 'exec'], ['-m', 'SYSCALL']]) {
  test(`checkpoint runs ${criteria.join(' ') || '(no criteria)'} follow ausearch`, async (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    const dir = mkdtempSync(join(tmpdir(), 'auspex-cp-'));
    try {
      const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0);
      const half = Math.floor(lines.length / 2);
      const log = join(dir, 'audit.log');
      writeFileSync(log, `${lines.slice(0, half).join('\n')}\n`, 'latin1');
      const steps = [() => {}, () => {}, () => appendFileSync(log, `${lines.slice(half).join('\n')}\n`, 'latin1'), () => {}];
      for (const [i, step] of steps.entries()) {
        step();
        const want = runPeer('ausearch', ['-if', log, '--checkpoint', join(dir, 'peer.cp'), ...criteria]);
        const got = await runAuspex(['search', '-if', log, '--checkpoint', join(dir, 'mine.cp'), ...criteria]);
        assert.equal(got.code, want.code, `run ${i + 1}: exit code`);
        assert.equal(got.stderr, want.stderr, `run ${i + 1}: stderr`);
        assert.ok(got.stdout.equals(want.stdout), `run ${i + 1}: stdout`);
        let peerCp: string | undefined;
        let mineCp: string | undefined;
        try {
          peerCp = readFileSync(join(dir, 'peer.cp'), 'latin1');
        } catch {
          peerCp = undefined;
        }
        try {
          mineCp = readFileSync(join(dir, 'mine.cp'), 'latin1');
        } catch {
          mineCp = undefined;
        }
        assert.equal(mineCp, peerCp, `run ${i + 1}: checkpoint file`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
