// The parallel main summary (worker threads, one part of the file each) gives
// the whole scan's model on the corpus and sample logs, through the real
// worker transport; whether it refuses or merges, the CLI's output does not
// change (test/cli/report-compat.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parallelSummary } from '../../src/cli/report-parallel.js';
import { ALL_EVENTS, SummaryScan } from '../../src/report/index.js';
import { corpusFile, repoRoot } from '../helpers/paths.js';
import { NO_USERS } from '../helpers/report-logs.js';

const READ = { timeoutSec: 2, maxInFlight: 100_000, maxLineBytes: 64 * 1024, interpret: false };

test('worker-thread parts merge into the whole scan\'s summary', async (t) => {
  if (availableParallelism() < 2) return t.skip('one core: no parts');
  let merged = 0;
  for (const log of [corpusFile('raw.log'), corpusFile('enriched.log'), join(repoRoot, 'data/sample/audit-raw.log')]) {
    if (!existsSync(log)) continue;
    const scan = new SummaryScan({ ...READ, filter: ALL_EVENTS, users: NO_USERS });
    scan.beginFile();
    scan.push(readFileSync(log));
    scan.endFile(true);
    const got = await parallelSummary(log, ALL_EVENTS, READ, 0);
    if (got === undefined) continue;
    merged++;
    assert.deepEqual(got.model, scan.model(), log);
  }
  assert.ok(merged > 0, 'at least one log was cut and merged');
});
