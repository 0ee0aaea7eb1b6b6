// The collector's --db: the store it writes holds every event it read, the
// same rows `auspex ingest` stores from the same log (plus the collector's
// own DAEMON_START/DAEMON_END records), committed by the time it stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auspexBin, corpusFile, haveCorpus } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import { queryRows } from './store-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-store-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const CONTENT = "SELECT count(*) AS n, bit_xor(hash(time, serial, node, types, raw))::VARCHAR AS sum FROM events WHERE type NOT LIKE 'DAEMON_%'";

test('auspex collect --db stores what auspex ingest stores from the same input', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  for (const name of ['raw.log', 'enriched.log']) {
    const log = corpusFile(name);
    const conf = join(dir, 'collect.conf');
    writeFileSync(conf, `state_file = ${join(dir, 'state')}\n`);
    const collected = join(dir, `collected-${name}.duckdb`);
    const r = spawnSync(auspexBin, ['collect', '--source', 'stdin', '--config', conf, '--db', collected], { input: readFileSync(log), encoding: 'latin1' });
    assert.equal(r.status, 0, r.stderr);
    const ingested = join(dir, `ingested-${name}.duckdb`);
    assert.equal((await runAuspex(['ingest', '--db', ingested, '--quiet', log])).code, 0);
    assert.deepEqual(await queryRows(collected, CONTENT), await queryRows(ingested, CONTENT), name);
    const daemon = await queryRows(collected, "SELECT type FROM events WHERE type LIKE 'DAEMON_%' ORDER BY seq");
    assert.deepEqual(daemon.map((row) => row.type), ['DAEMON_START', 'DAEMON_END']);
  }
});
