// Nothing read into the store is lost: replaying a store gives back every
// record line of the log, byte for byte, in the order the log had them —
// interleaved events, ENRICHED tails, EOE records (laurel's captures have
// them) and an EOE whose event is not in the log included. Reports from such
// stores equal aureport's on the logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus, oraclesDir } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import { StoreReader, replay } from '../../src/store/index.js';
import { queryRows } from './store-helpers.js';

process.env.TZ = 'UTC';

const dir = mkdtempSync(join(tmpdir(), 'auspex-replay-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const LAUREL = join(oraclesDir, 'laurel/src/testdata');
const laurelLogs = existsSync(LAUREL) ? readdirSync(LAUREL).filter((f) => f.startsWith('record-') && f.endsWith('.txt')).sort().map((f) => join(LAUREL, f)) : [];

/** The log's record lines (its non-empty lines), as bytes. */
function logLines(path: string): Buffer[] {
  const bytes = readFileSync(path);
  const out: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) out.push(bytes.subarray(start, end));
    start = end + 1;
  }
  return out;
}

async function replayedLines(db: string): Promise<{ files: string[]; lines: Buffer[] }> {
  const reader = await StoreReader.open(db);
  const files: string[] = [];
  const lines: Buffer[] = [];
  try {
    await replay(reader, { fromSec: 0, toSec: 0 }, {
      beginFile: (name) => void files.push(name),
      record: (r) => void lines.push(Buffer.from(r.line)),
      endFile: () => undefined,
    });
  } finally {
    reader.close();
  }
  return { files, lines };
}

async function ingest(log: string, name: string): Promise<string> {
  const db = join(dir, `${name}.duckdb`);
  const r = await runAuspex(['ingest', '--db', db, '--quiet', log]);
  assert.equal(r.code, 0, r.stderr);
  return db;
}

test('replaying a store gives back every record line of the log, in order, byte for byte', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  const logs = [corpusFile('raw.log'), corpusFile('enriched.log'), ...laurelLogs];
  // An EOE whose event is missing (the log cut before its other records): kept all the same.
  const cut = join(dir, 'stray-eoe.log');
  if (laurelLogs.length > 0) {
    const lines = logLines(join(LAUREL, 'record-connect.txt'));
    writeFileSync(cut, Buffer.concat(lines.slice(2).map((l) => Buffer.concat([l, Buffer.from('\n')]))));
    logs.push(cut);
  }
  let n = 0;
  for (const log of logs) {
    const db = await ingest(log, `lines-${n++}`);
    const got = await replayedLines(db);
    assert.deepEqual(got.files, [log]);
    const want = logLines(log);
    assert.equal(got.lines.length, want.length, `${log}: lines`);
    want.forEach((line, i) => assert.ok(got.lines[i]?.equals(line), `${log}:${i + 1}\n  want ${line.toString('latin1')}\n  got  ${got.lines[i]?.toString('latin1')}`));
  }
});

test('a store grown by one ingest after another replays every input, in order, byte for byte', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found');
  // Each ingest after the first numbers its lines on from what the store
  // holds, learnt only once its thread has opened the store: rows read before
  // then are moved on when handed over (interleaved events' places included).
  const logs = [corpusFile('raw.log'), ...laurelLogs, corpusFile('enriched.log')];
  const db = join(dir, 'grown.duckdb');
  for (const log of logs) {
    const r = await runAuspex(['ingest', '--db', db, '--quiet', log]);
    assert.equal(r.code, 0, r.stderr);
  }
  const got = await replayedLines(db);
  assert.deepEqual(got.files, logs);
  const want = logs.flatMap((log) => logLines(log));
  assert.equal(got.lines.length, want.length, 'lines');
  want.forEach((line, i) => assert.ok(got.lines[i]?.equals(line), `line ${i + 1}\n  want ${line.toString('latin1')}\n  got  ${got.lines[i]?.toString('latin1')}`));
  const [moved] = await queryRows(db, 'SELECT count(*) FILTER (WHERE rseq_more IS NOT NULL) AS interleaved, max(source_id) AS sources FROM events');
  assert.equal(Number(moved?.sources), logs.length);
  if (laurelLogs.length > 0) assert.ok(Number(moved?.interleaved) > 0, 'no interleaved event was stored: the test proves less than it says');
});

test('reports from a store of logs with EOE records equal aureport on the logs', async (t) => {
  if (laurelLogs.length === 0) return t.skip('laurel test logs not found');
  if (!havePeer('aureport')) return t.skip('aureport not installed');
  let n = 0;
  for (const log of laurelLogs) {
    const db = await ingest(log, `eoe-${n++}`);
    for (const args of [[], ['-e'], ['-e', '-i'], ['-x', '--summary'], ['-s', '-i'], ['-f'], ['-p'], ['-u', '-i'], ['-k'], ['--failed']]) {
      const got = await runAuspex(['report', '--db', db, ...args]);
      const want = runPeer('aureport', ['-if', log, ...args]);
      assert.equal(got.code, want.code, `${log} ${args.join(' ')}`);
      assert.ok(got.stdout.equals(want.stdout), `${log} ${args.join(' ')}\n--- aureport\n${want.stdout.toString()}\n--- store\n${got.stdout.toString()}`);
    }
  }
});
