// auspex ingest: every event of the log in the store once, whatever form the
// log comes in (file, gzip, a log directory's rotated set, stdin) and however
// often it is read; the summary's counts; retention by age and by size; the
// errors a user can meet (bad arguments, a missing input, a store another
// process is writing, a store of a newer version).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { auspexBin, corpusFile, haveCorpus } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import { queryNumber, queryRows, storeDigest } from '../store/store-helpers.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';

process.env.TZ = 'UTC';

const dir = mkdtempSync(join(tmpdir(), 'auspex-ingest-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const RAW = corpusFile('raw.log');

function summary(stdout: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.toString('utf8').split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 2);
  }
  return out;
}

test('the same log read again, gzipped, from stdin or as a rotated set stores nothing new', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const db = join(dir, 'idem.duckdb');
  const first = await runAuspex(['ingest', '--db', db, RAW]);
  assert.equal(first.code, 0, first.stderr);
  const s = summary(first.stdout);
  // 1067 records; the kernel's grouping gives 259 events (auditd's own count for this log, corpus/README.md).
  assert.equal(s.records, '1067');
  assert.equal(s.events, '259 (259 new, 0 already stored)');
  assert.equal(s.skipped, '0 line(s) that are not records (0 bytes)');
  assert.match(s.rate ?? '', /^\d+ events\/s$/);
  const digest = await storeDigest(db);

  const gz = join(dir, 'raw.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(RAW)));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  copyFileSync(RAW, join(logs, 'audit.log'));
  const forms: ReadonlyArray<readonly [string, Promise<{ code: number; stdout: Buffer; stderr: string }>]> = [
    ['again', runAuspex(['ingest', '--db', db, RAW])],
  ];
  for (const [what, run] of [
    ...forms,
    ['gzip', runAuspex(['ingest', '--db', db, gz])],
    ['stdin', runAuspex(['ingest', '--db', db, '-'], { stdin: readFileSync(RAW) })],
    ['directory', runAuspex(['ingest', '--db', db, logs])],
    ['twice in one run', runAuspex(['ingest', '--db', db, RAW, gz])],
  ] as const) {
    const r = await run;
    assert.equal(r.code, 0, `${what}: ${r.stderr}`);
    assert.match(summary(r.stdout).events ?? '', /\(0 new, \d+ already stored\)$/, what);
    assert.equal(await storeDigest(db), digest, `${what} left the store as it was`);
  }
  assert.equal(await queryNumber(db, 'SELECT count(*) FROM sources'), 1, 'inputs that brought nothing new are not recorded');
});

test('a log read twice in one run into a new store is stored once: the repeats fall in the same transaction', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const once = join(dir, 'once.duckdb');
  const twice = join(dir, 'twice.duckdb');
  const gz = join(dir, 'twice.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(RAW)));
  const a = await runAuspex(['ingest', '--db', once, RAW]);
  assert.equal(a.code, 0, a.stderr);
  const b = await runAuspex(['ingest', '--db', twice, RAW, gz]);
  assert.equal(b.code, 0, b.stderr);
  // 259 events: auditd's own count for this log (corpus/README.md), then the same 259 again.
  assert.equal(summary(b.stdout).events, '518 (259 new, 259 already stored)');
  assert.equal(await storeDigest(twice), await storeDigest(once));
});

test('a gzip log and a rotated set are read as their plain forms are', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const plain = join(dir, 'plain.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', plain, '--quiet', RAW])).code, 0);
  const gz = join(dir, 'only.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(RAW)));
  const zipped = join(dir, 'zipped.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', zipped, '--quiet', gz])).code, 0);
  assert.equal(await storeDigest(zipped), await storeDigest(plain));
  // A rotated set: audit.log.1 (older) then audit.log, one stream, events that span the rotation kept whole.
  const text = readFileSync(RAW, 'latin1');
  const cut = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  const set = join(dir, 'set');
  mkdirSync(set);
  writeFileSync(join(set, 'audit.log.1'), text.slice(0, cut), 'latin1');
  writeFileSync(join(set, 'audit.log'), text.slice(cut), 'latin1');
  const rotated = join(dir, 'rotated.duckdb');
  const r = await runAuspex(['ingest', '--db', rotated, '--quiet', set]);
  assert.equal(r.code, 0, r.stderr);
  const [a, b] = [JSON.parse(await storeDigest(rotated)) as Record<string, unknown>, JSON.parse(await storeDigest(plain)) as Record<string, unknown>];
  assert.equal(a.events_sum, b.events_sum, 'the same events, split across two files');
  assert.equal(a.reports_sum, b.reports_sum);
  const names = (await queryRows(rotated, 'SELECT name FROM sources ORDER BY source_id')).map((row) => row.name);
  assert.deepEqual(names, [join(set, 'audit.log.1'), join(set, 'audit.log')]);
});

test('lines that are not records are counted as skipped and named on stderr', async () => {
  const log = join(dir, 'mixed.log');
  writeFileSync(log, 'not a record\ntype=USER msg=audit(1795447653.191:15994): pid=1 uid=0 auid=0 ses=1 msg=\'op=x res=success\'\n' +
    'type=SYSCALL garbage\n');
  const r = await runAuspex(['ingest', '--db', join(dir, 'mixed.duckdb'), log]);
  assert.equal(r.code, 0);
  const s = summary(r.stdout);
  assert.equal(s.events, '1 (1 new, 0 already stored)');
  assert.match(s.skipped ?? '', /^2 line\(s\)/);
  assert.match(r.stderr, /mixed\.log:1: /);
  assert.match(r.stderr, /mixed\.log:3: /);
});

/**
 * The corpus with each copy moved to `daysAgo[i]` days before now; with
 * `noise`, each PROCTITLE gets random text of that many bytes, which no
 * compression removes, so that the data outgrows the store's fixed overhead.
 */
function logAt(daysAgo: readonly number[], out: string, noise = 0): void {
  const lines = readFileSync(RAW, 'latin1').split('\n').filter((l) => l.length > 0);
  const first = Number(/msg=audit\((\d+)\./.exec(lines[0] as string)?.[1]);
  const now = Math.floor(Date.now() / 1000);
  const parts: string[] = [];
  daysAgo.forEach((d, c) => {
    const shift = now - d * 86400 - first - 3600;
    for (const l of lines) {
      let line = l.replace(/msg=audit\((\d+)\.(\d{3}):(\d+)\)/, (_m, s: string, ms: string, serial: string) =>
        `msg=audit(${Number(s) + shift}.${ms}:${Number(serial) + c * 100000})`);
      if (noise > 0 && line.startsWith('type=PROCTITLE')) line = line.replace(/proctitle=\S+/, `proctitle=${randomBytes(noise).toString('hex').toUpperCase()}`);
      parts.push(`${line}\n`);
    }
  });
  writeFileSync(out, parts.join(''), 'latin1');
}

test('retention by age deletes the events older than the limit and nothing newer', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const log = join(dir, 'aged.log');
  logAt([40, 20, 10, 2, 1], log);
  const db = join(dir, 'aged.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', log])).code, 0);
  assert.equal(await queryNumber(db, 'SELECT count(*) FROM events'), 5 * 259);
  const r = await runAuspex(['ingest', '--db', db, '--max-age', '15d']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.toString(), /^retention: 518 event\(s\) deleted/m);
  assert.equal(await queryNumber(db, 'SELECT count(*) FROM events'), 3 * 259);
  assert.equal(await queryNumber(db, "SELECT count(*) FROM events WHERE time < now()::TIMESTAMP - INTERVAL 15 DAY"), 0);
  assert.equal(await queryNumber(db, "SELECT count(*) FROM report_events WHERE sec < epoch(now()) - 15 * 86400"), 0);
  assert.equal(await queryNumber(db, 'SELECT count(*) FROM report_events'), 3 * 261);
  // Ingesting the old log again brings the old events back: retention is not a filter on input.
  assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', '--max-age', '30d', log])).code, 0);
  assert.equal(await queryNumber(db, 'SELECT count(*) FROM events'), 4 * 259);
});

test('retention by size deletes the oldest events until the data fits', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const log = join(dir, 'sized.log');
  logAt(Array.from({ length: 40 }, (_, i) => 40 - i), log, 300);
  const db = join(dir, 'sized.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', log])).code, 0);
  const used = await queryNumber(db, 'SELECT used_blocks * block_size FROM pragma_database_size()');
  const limit = Math.floor(used / 2);
  const r = await runAuspex(['ingest', '--db', db, '--max-size', String(limit)]);
  assert.equal(r.code, 0, r.stderr);
  const after = await queryNumber(db, 'SELECT used_blocks * block_size FROM pragma_database_size()');
  assert.ok(after <= limit, `data ${after} bytes, limit ${limit}`);
  const left = await queryNumber(db, 'SELECT count(*) FROM events');
  assert.ok(left > 0 && left < 40 * 259, `${left} events left`);
  // The oldest went first: what is left is the newest, by time.
  const oldestLeft = await queryNumber(db, 'SELECT epoch(min(time)) FROM events');
  assert.equal(await queryNumber(db, `SELECT count(*) FROM events WHERE epoch(time) >= ${oldestLeft}`), left);
  assert.equal(await queryNumber(db, `SELECT count(*) FROM report_events WHERE sec < ${Math.floor(oldestLeft) - 86400}`), 0);
});

test('bad arguments exit 2, a missing input 1 with the file named', async () => {
  const db = join(dir, 'errors.duckdb');
  for (const args of [[], ['--batch', '0', RAW], ['--max-age', 'soon'], ['--max-size', 'big'], ['--bogus', RAW]]) {
    const r = await runAuspex(['ingest', '--db', db, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^auspex ingest: .*\nusage: auspex ingest/);
  }
  const missing = join(dir, 'none.log');
  const r = await runAuspex(['ingest', '--db', db, missing]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`cannot read ${missing}`));
});

test('a store open for writing in another process is named with its pid; readers say so too', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const db = join(dir, 'locked.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', RAW])).code, 0);
  // A writer that waits on stdin holds the store open. The query waits until
  // the writer has the file open (a query before that could hold the file
  // itself and make the writer fail).
  const child = spawn(auspexBin, ['ingest', '--db', db, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  const exited = new Promise((r) => child.on('exit', r));
  let childErr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (childErr += d));
  const holds = (): boolean => {
    try {
      return readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${child.pid}/fd/${fd}`) === db;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };
  try {
    for (let i = 0; i < 400 && !holds() && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(holds(), `the writer opened the store (it said: ${childErr})`);
    const q = await runAuspex(['query', '--db', db, 'SELECT 1']);
    assert.equal(q.code, 1, `the store was held by the writer (writer said: ${childErr})`);
    assert.match(q.stderr, new RegExp(`is open for writing by process ${child.pid} \\(auspex ingest or collect\\)`));
    const ingest = await runAuspex(['ingest', '--db', db, RAW]);
    assert.equal(ingest.code, 1);
    assert.match(ingest.stderr, /open for writing by process/);
  } finally {
    child.stdin.end();
    await exited;
  }
  assert.equal(await queryNumber(db, 'SELECT count(*) FROM events'), 259);
});

test('a store of schema version 1 is brought to the current version by the next ingest, its summary rollups filled from what it holds', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const db = join(dir, 'v1.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', RAW])).code, 0);
  const want = await runAuspex(['report', '--db', db, '--summary']);
  // What version 1 had: no rollup tables.
  const inst = await DuckDBInstance.create(db);
  const con = await inst.connect();
  await con.run('DROP TABLE summary_counts');
  await con.run('DROP TABLE summary_values');
  await con.run("UPDATE auspex_meta SET value = '1' WHERE key = 'schema_version'");
  con.closeSync();
  inst.closeSync();
  const old = await runAuspex(['report', '--db', db, '--summary']);
  assert.equal(old.code, 1);
  assert.match(old.stderr, new RegExp(`schema version 1; run any auspex ingest on it to upgrade it to ${SCHEMA_VERSION}`));
  assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', RAW])).code, 0);
  assert.equal(await queryNumber(db, "SELECT value::INTEGER FROM auspex_meta WHERE key = 'schema_version'"), SCHEMA_VERSION);
  const got = await runAuspex(['report', '--db', db, '--summary']);
  assert.ok(got.stdout.equals(want.stdout), got.stdout.toString());
  assert.ok(got.stdout.equals((await runAuspex(['report', '-if', RAW, '--summary'])).stdout));
});

test('a store of a newer schema version, a database that is no store, and a file that is no database are refused', async () => {
  const newer = join(dir, 'newer.duckdb');
  assert.equal((await runAuspex(['ingest', '--db', newer, '--quiet', '-'], { stdin: Buffer.alloc(0) })).code, 0);
  const inst = await DuckDBInstance.create(newer);
  const con = await inst.connect();
  await con.run("UPDATE auspex_meta SET value = '99' WHERE key = 'schema_version'");
  con.closeSync();
  inst.closeSync();
  for (const cmd of [['query', '--db', newer, 'SELECT 1'], ['ingest', '--db', newer, '-']]) {
    const r = await runAuspex(cmd, { stdin: Buffer.alloc(0) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`schema version 99; this auspex knows up to ${SCHEMA_VERSION}: use a newer auspex`));
  }
  const other = join(dir, 'other.duckdb');
  const inst2 = await DuckDBInstance.create(other);
  const con2 = await inst2.connect();
  await con2.run('CREATE TABLE t (x INTEGER)');
  con2.closeSync();
  inst2.closeSync();
  const r2 = await runAuspex(['ingest', '--db', other, '-'], { stdin: Buffer.alloc(0) });
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /is a DuckDB database but not an auspex event store/);
  const junk = join(dir, 'junk.duckdb');
  writeFileSync(junk, Buffer.alloc(8192, 7));
  const r3 = await runAuspex(['query', '--db', junk, 'SELECT 1']);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /cannot open/);
  const r4 = await runAuspex(['query', '--db', join(dir, 'absent.duckdb'), 'SELECT 1']);
  assert.equal(r4.code, 1);
  assert.match(r4.stderr, /no event store at/);
});
