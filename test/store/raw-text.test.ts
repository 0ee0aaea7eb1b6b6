// Every record line of a log is stored byte for byte: the lines of each
// event's `raw` (or `raw_bytes` where the text is not UTF-8) are the log's
// lines, none lost, changed or repeated. Long text reaches DuckDB as one
// string per vector with pointers into it, or copied entries when that
// stretch of a batch holds bytes that are not UTF-8: the log is a real one
// repeated past several vectors, with bytes that are not UTF-8 put into
// some lines so that both ways run within one batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import { queryRows, repeatLog } from './store-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'auspex-raw-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const NOT_UTF8 = Buffer.from([0xff, 0xfe, 0xc3]);

/** The log's lines, as sorted latin1 strings (one char per byte). */
function sortedLines(bytes: Buffer): string[] {
  return bytes.toString('latin1').split('\n').filter((l) => l.length > 0).sort();
}

const CASES: readonly { name: string; mangleEvery: number }[] = [
  { name: 'all UTF-8', mangleEvery: 0 },
  { name: 'every 13th line not UTF-8', mangleEvery: 13 },
  { name: 'every 500th line not UTF-8', mangleEvery: 500 },
];

CASES.forEach(({ name, mangleEvery }, n) => {
  test(`record lines stored as logged: ${name}`, async (t) => {
    const source = corpusFile('raw.log');
    if (!existsSync(source)) return t.skip(`${source} not found`);
    const repeated = join(dir, `repeated${n}.log`);
    repeatLog(source, 6, repeated);
    const lines = readFileSync(repeated).toString('latin1').split('\n').filter((l) => l.length > 0);
    const log = Buffer.concat(lines.map((l, i) => {
      const line = Buffer.from(l, 'latin1');
      // At the end, where a value's text goes on: the line stays a record.
      const mangled = mangleEvery > 0 && i % mangleEvery === 5 ? Buffer.concat([line, NOT_UTF8]) : line;
      return Buffer.concat([mangled, Buffer.from('\n')]);
    }));
    const path = join(dir, `log${n}.log`);
    writeFileSync(path, log);
    const db = join(dir, `raw${n}.duckdb`);
    const r = await runAuspex(['ingest', '--db', db, '--quiet', path]);
    assert.equal(r.code, 0, r.stderr.toString());
    const rows = await queryRows(db, 'SELECT raw, hex(raw_bytes) AS exact FROM events');
    const stored = Buffer.concat(rows.map((row) => {
      const bytes = row['exact'] === null ? Buffer.from(row['raw'] as string, 'utf8') : Buffer.from(row['exact'] as string, 'hex');
      return Buffer.concat([bytes, Buffer.from('\n')]);
    }));
    assert.deepEqual(sortedLines(stored), sortedLines(log));
    if (mangleEvery > 0) assert.ok(rows.some((row) => row['exact'] !== null));
  });
});
