// auspex bpf from logs: the inventory's programs, loads, unloads and loaders
// are those of `auspex report --bpf` (the aggregation it reuses) on the same
// real logs; without --live nothing is said about the kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusFile, haveCorpus, repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';

const logs = [join(repoRoot, 'data', 'sample', 'audit-raw.log')];
if (haveCorpus()) logs.push(corpusFile('raw.log'), corpusFile('enriched.log'));

for (const log of logs) {
  test(`bpf inventory of ${log.split('/').slice(-2).join('/')} equals report --bpf`, async () => {
    const a = await runAuspex(['bpf', '-if', log, '--json']);
    assert.equal(a.code, 0, a.stderr);
    const inv = JSON.parse(a.stdout.toString('utf8')) as { loads: number; unloads: number; loadedWithoutRecord: null; programs: Array<{ id: number; loadedAt: string | null; unloadedAt: string | null; live: null; loader: { exe: string; pid: number } | null }> };
    const b = await runAuspex(['report', '--bpf', '--json', '-if', log]);
    const rep = JSON.parse(b.stdout.toString('utf8')) as { loads: number; unloads: number; programs: Array<{ id: number; load: { time: string; task: { exe: string; pid: number } } | null; unload: { time: string } | null }> };
    assert.equal(inv.loads, rep.loads);
    assert.equal(inv.unloads, rep.unloads);
    assert.ok(inv.loads > 0);
    assert.equal(inv.loadedWithoutRecord, null);
    assert.deepEqual(
      inv.programs.map((p) => [p.id, p.loadedAt, p.unloadedAt, p.loader?.exe, p.loader?.pid, p.live]),
      rep.programs.map((p) => [p.id, p.load?.time ?? null, p.unload?.time ?? null, p.load?.task.exe, p.load?.task.pid, null]),
    );
  });
}
