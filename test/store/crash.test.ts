// A store survives the ingest being killed (SIGKILL, a real child process)
// at any point: it opens, holds only whole transactions, and the same
// ingest run again completes it — every event once, the same content as a
// store that was never interrupted. A WAL torn at its end is survived too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auspexBin, corpusFile, haveCorpus } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import { queryNumber, repeatLog, storeDigest } from './store-helpers.js';

process.env.TZ = 'UTC';

const dir = mkdtempSync(join(tmpdir(), 'auspex-crash-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `auspex ingest` and SIGKILLs it once it has reported `commits` transactions. */
function ingestKilledAfter(db: string, log: string, commits: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(auspexBin, ['ingest', '--db', db, '--batch', '1000', '--verbose', log], { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = 0;
    let killed = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      seen += text.split('\n').filter((l) => l.startsWith('committed:')).length;
      if (seen >= commits && !killed) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ killed }));
  });
}

test('an ingest killed with SIGKILL mid-way leaves a store that the same ingest completes, without loss or duplicates', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const log = join(dir, 'big.log');
  repeatLog(corpusFile('raw.log'), 60, log); // 15 540 events
  const clean = join(dir, 'clean.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', clean, '--quiet', log])).code, 0);
  const want = await storeDigest(clean);
  const wantEvents = await queryNumber(clean, 'SELECT count(*) FROM events');

  for (const [i, commits] of [1, 3, 7].entries()) {
    const db = join(dir, `killed-${i}.duckdb`);
    const { killed } = await ingestKilledAfter(db, log, commits);
    assert.ok(killed, 'the ingest was killed before it finished');
    // The half-written store opens and holds whole transactions only.
    const partial = await queryNumber(db, 'SELECT count(*) FROM events');
    assert.ok(partial > 0 && partial < wantEvents, `after the kill: ${partial} of ${wantEvents} events`);
    assert.equal(await queryNumber(db, 'SELECT count(*) - count(DISTINCT (time, serial, node, shape)) FROM events'), 0);
    const again = await runAuspex(['ingest', '--db', db, log]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout.toString(), new RegExp(`events: ${wantEvents} \\(${wantEvents - partial} new, ${partial} already stored\\)`));
    assert.equal(await storeDigest(db), want, 'the completed store holds what an uninterrupted ingest stores');
    // And it reports what the log reports.
    const fromLog = await runAuspex(['report', '-if', log, '--summary']);
    const fromStore = await runAuspex(['report', '--db', db, '--summary']);
    assert.ok(fromStore.stdout.equals(fromLog.stdout), fromStore.stdout.toString());
  }
});

test('a write-ahead log torn at its end is dropped at the next open, and ingest goes on', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const db = join(dir, 'torn.duckdb');
  const log = corpusFile('raw.log');
  // Small transactions stay in the WAL until a checkpoint; kill before one happens.
  const { killed } = await ingestKilledAfter(db, join(dir, 'big.log'), 2);
  assert.ok(killed);
  const wal = `${db}.wal`;
  if (!existsSync(wal) || statSync(wal).size < 64) return t.skip('no write-ahead log was left to tear');
  truncateSync(wal, statSync(wal).size - 37);
  const n = await queryNumber(db, 'SELECT count(*) FROM events');
  assert.ok(n >= 0);
  const r = await runAuspex(['ingest', '--db', db, '--quiet', log]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await queryNumber(db, 'SELECT count(*) - count(DISTINCT (time, serial, node, shape)) FROM events'), 0);
});
