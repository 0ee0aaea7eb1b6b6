// auspex query: SQL over the store, read-only, as a table or JSON lines. The
// numbers are held to search --json on the same log; writes are refused and
// leave the store as it was; text from the logs (ENRICHED's 0x1D separator)
// and from SQL cannot reach the terminal as control bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import { storeDigest } from '../store/store-helpers.js';

process.env.TZ = 'UTC';

const dir = mkdtempSync(join(tmpdir(), 'auspex-query-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let stores: Promise<{ raw: string; enriched: string }> | undefined;
function ingested(): Promise<{ raw: string; enriched: string }> {
  stores ??= (async () => {
    const raw = join(dir, 'raw.duckdb');
    const enriched = join(dir, 'enriched.duckdb');
    assert.equal((await runAuspex(['ingest', '--db', raw, '--quiet', corpusFile('raw.log')])).code, 0);
    assert.equal((await runAuspex(['ingest', '--db', enriched, '--quiet', corpusFile('enriched.log')])).code, 0);
    return { raw, enriched };
  })();
  return stores;
}

/** Events per first record type, from search --json on the log. */
async function typeCounts(log: string): Promise<Map<string, number>> {
  const r = await runAuspex(['search', '-if', log, '--json']);
  const counts = new Map<string, number>();
  for (const line of r.stdout.toString('utf8').split('\n')) {
    if (line.length === 0) continue;
    const type = (JSON.parse(line) as { records: { type: string }[] }).records[0]?.type as string;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

test('a table: header, rule, aligned rows (numbers to the right), row count', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const { raw } = await ingested();
  const r = await runAuspex(['query', '--db', raw, 'SELECT type, count(*) AS events FROM events GROUP BY type ORDER BY events DESC, type']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.toString('utf8').split('\n');
  const want = [...(await typeCounts(corpusFile('raw.log')))].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const width = Math.max(4, ...want.map(([type]) => type.length));
  const numWidth = Math.max(6, ...want.map(([, n]) => String(n).length));
  assert.equal(lines[0], `${'type'.padEnd(width)}  events`);
  assert.equal(lines[1], `${'-'.repeat(width)}  ${'-'.repeat(numWidth)}`);
  assert.deepEqual(lines.slice(2, 2 + want.length), want.map(([type, n]) => `${type.padEnd(width)}  ${String(n).padStart(numWidth)}`));
  assert.equal(lines[2 + want.length], `(${want.length} rows)`);
});

test('JSON lines keep the types: numbers, booleans, lists, times in ISO 8601, NULL as null', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const { raw } = await ingested();
  const r = await runAuspex(['query', '--db', raw, '--json',
    "SELECT time, serial, types, success, auid, key, 18446744073709551615::UBIGINT AS big, from_hex('00ff') AS bytes FROM events ORDER BY rseq LIMIT 2"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(rows[0], {
    time: '2026-11-23T15:27:33.191Z', serial: 15994, types: ['USER'], success: true, auid: 4294967295, key: null,
    big: '18446744073709551615', bytes: '00ff',
  });
  assert.deepEqual(rows[1]?.types, ['LOGIN', 'SYSCALL', 'PROCTITLE']);
  assert.match(r.stdout.toString('latin1'), /^[\x20-\x7e\n]*$/, 'ASCII only');
});

test('the store is read-only: writes fail with exit 1 and change nothing', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const { raw } = await ingested();
  const before = await storeDigest(raw);
  for (const sql of ['DELETE FROM events', "UPDATE events SET exe = 'x'", 'DROP TABLE events', 'CREATE TABLE t (x INTEGER)',
    "INSERT INTO sources VALUES (9, 'x', 0, 0, 2, now())"]) {
    const r = await runAuspex(['query', '--db', raw, sql]);
    assert.equal(r.code, 1, sql);
    assert.match(r.stderr, /^auspex query: .*read-only/, sql);
  }
  assert.equal(await storeDigest(raw), before);
});

test('control bytes from the logs or from SQL are shown escaped in a table, \\u-escaped in JSON', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const { enriched } = await ingested();
  const r = await runAuspex(['query', '--db', enriched, "SELECT raw FROM events WHERE type = 'SYSCALL' ORDER BY rseq LIMIT 1"]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.toString('latin1');
  assert.ok(!out.includes('\x1d'));
  assert.match(out, /exe="\/usr\/sbin\/auditctl" key="exec"\\x1dARCH=x86_64 SYSCALL=execve /);
  const forged = await runAuspex(['query', '--db', enriched, "SELECT chr(27) || '[2J' AS a, 'one' || chr(10) || 'two' AS b, chr(155) AS c"]);
  assert.equal(forged.stdout.toString('utf8').split('\n')[2], '\\x1b[2J  one\\x0atwo  \\x9b');
  const json = await runAuspex(['query', '--db', enriched, '--json', "SELECT chr(27) || '[2J' AS a, 'one' || chr(10) || 'two' AS b"]);
  assert.equal(json.stdout.toString('latin1'), '{"a":"\\u001b[2J","b":"one\\ntwo"}\n');
});

test('bad usage exits 2; an SQL error exits 1 with DuckDB\'s message', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const { raw } = await ingested();
  for (const args of [[], ['a', 'b'], ['--nope', 'SELECT 1']]) {
    const r = await runAuspex(['query', '--db', raw, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /usage: auspex query/);
  }
  const r = await runAuspex(['query', '--db', raw, 'SELECT nope FROM events']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^auspex query: Binder Error: Referenced column "nope" not found/);
});
