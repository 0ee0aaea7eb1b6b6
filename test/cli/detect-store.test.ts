// The analysis commands read the embedded store (--db) as they read the logs
// it was made from: `auspex ingest` of the sample log, then detect, uring
// profile and bpf give the same output from the store as from -if.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';

test('detect, uring profile and bpf: --db gives what -if gives', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-detect-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(repoRoot, 'data', 'sample', 'audit-raw.log');
  const db = join(dir, 'events.duckdb');
  const ingest = await runAuspex(['ingest', '--db', db, '--quiet', log]);
  assert.equal(ingest.code, 0, ingest.stderr);
  for (const args of [['detect', '--rules', join(repoRoot, 'rules', 'sigma'), '--json'], ['uring', 'profile', '--json'], ['bpf', '--json']]) {
    const fromLog = await runAuspex([...args, '-if', log]);
    const fromDb = await runAuspex([...args, '--db', db]);
    assert.equal(fromDb.code, fromLog.code, fromDb.stderr);
    assert.ok(fromLog.stdout.length > 0);
    assert.equal(fromDb.stdout.toString('latin1'), fromLog.stdout.toString('latin1'), args.join(' '));
  }
});
