// The stream sources with real processes and real files, no kernel needed:
// auditd's plugin format on stdin (the corpus logs auditd 3.0.9 wrote, in and
// out byte for byte, RAW and ENRICHED), and a followed log file across
// rotation, truncation and a restart (every record once, in order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { auspexBin, sleep, startCollector } from './live-helpers.js';

const withoutDaemonRecords = (text: string): string => text.split('\n').filter((l) => !/^type=DAEMON_/.test(l)).join('\n');

function collectStdin(dir: string, input: Buffer, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const conf = join(dir, 'c.conf');
  writeFileSync(conf, `state_file = ${join(dir, 'state')}\n`);
  const r = spawnSync(auspexBin, ['collect', '--source', 'stdin', '--config', conf, ...args], { input, encoding: 'latin1', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const corpus = haveCorpus() ? false : 'corpus not found';

test('stdin (plugin format): RAW corpus in, the same RAW log out', { skip: corpus }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-stdin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const input = readFileSync(corpusFile('raw.log'));
  const r = collectStdin(dir, input, ['--log', join(dir, 'out.log')]);
  assert.equal(r.code, 0, r.stderr);
  // The corpus keeps one session's events: every serial between them is a gap, reported once.
  const serials = [...new Set([...input.toString('latin1').matchAll(/msg=audit\(\d+\.\d+:(\d+)\)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const gaps = serials.slice(1).flatMap((s, i) => (s - (serials[i] as number) > 1 ? [`serials ${(serials[i] as number) + 1}..${s - 1} missing: ${s - (serials[i] as number) - 1} events`] : []));
  assert.deepEqual(r.stderr.trim().split('\n').map((l) => l.replace(/^auspex collect: /, '').replace(/ the kernel numbered never arrived$/, '')), gaps);
  const out = readFileSync(join(dir, 'out.log'), 'latin1');
  assert.equal(withoutDaemonRecords(out), input.toString('latin1'));
  assert.match(out.split('\n')[0] ?? '', /^type=DAEMON_START msg=audit\(\d+\.\d{3}:\d+\): op=start ver=auspex-\S+ format=raw kernel=\S+ auid=\d+ pid=\d+ uid=\d+ ses=\d+ res=success$/);
});

test('stdin: ENRICHED corpus in, kept as ENRICHED, stripped for RAW; JSON events as the kernel grouped them', { skip: corpus }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-stdin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const input = readFileSync(corpusFile('enriched.log'));
  const enriched = collectStdin(dir, input, ['--log', join(dir, 'enriched.log'), '--log-format', 'enriched', '--json', '-']);
  assert.equal(enriched.code, 0, enriched.stderr);
  assert.equal(withoutDaemonRecords(readFileSync(join(dir, 'enriched.log'), 'latin1')), input.toString('latin1'));
  const events = enriched.stdout.trim().split('\n').map((l) => JSON.parse(l) as { serial: number; records: Array<{ type: string }> });
  const serials = new Set([...input.toString('latin1').matchAll(/msg=audit\(\d+\.\d+:(\d+)\)/g)].map((m) => Number(m[1])));
  const kernelEvents = events.filter((e) => !e.records.some((r) => r.type.startsWith('DAEMON_')));
  assert.deepEqual(kernelEvents.map((e) => e.serial).sort((a, b) => a - b), [...serials].sort((a, b) => a - b), 'one JSON event per serial');
  const raw = collectStdin(dir, input, ['--log', join(dir, 'raw.log')]);
  assert.equal(raw.code, 0, raw.stderr);
  assert.equal(withoutDaemonRecords(readFileSync(join(dir, 'raw.log'), 'latin1')), input.toString('latin1').replace(/\x1d[^\n]*/g, ''));
});

test('stdin: lines that are not records are reported with their line number and skipped', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-stdin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const good = 'type=USER msg=audit(1700000000.001:5): pid=1 uid=0 msg=\'x\'';
  const r = collectStdin(dir, Buffer.from(`${good}\n\x1b]0;owned\x07 not a record\n${good.replace(':5)', ':6)')}\n`), ['--log', join(dir, 'out.log')]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /auspex collect: bad input: stdin:2: not an audit record .*\\x1b\]0;owned\\x07/);
  assert.equal(withoutDaemonRecords(readFileSync(join(dir, 'out.log'), 'latin1')).trim().split('\n').length, 2);
});

/** Distinct records: USER messages numbered i. */
const rec = (i: number): string => `type=USER msg=audit(1700000000.${String(i % 1000).padStart(3, '0')}:${1000 + i}): pid=${i} uid=0 auid=0 ses=1 msg='n=${i}'\n`;
const recs = (from: number, to: number): string => Array.from({ length: to - from }, (_, k) => rec(from + k)).join('');

test('file source: follows across rotation and truncation, resumes after a restart, every record once', { timeout: 30000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-follow-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'audit.log');
  const out = join(dir, 'out.log');
  writeFileSync(path, recs(0, 5)); // already there: not ours to read
  const args = ['--source', `file:${path}`, '--log', out];
  let c = await startCollector(dir, 'f', args);
  appendFileSync(path, recs(5, 10));
  await sleep(300);
  renameSync(path, `${path}.1`);
  appendFileSync(`${path}.1`, recs(10, 12)); // written to the old file after the rename, as a writer with the file still open does
  appendFileSync(path, recs(12, 15));
  await sleep(300);
  appendFileSync(path, `${recs(15, 17)}type=USER msg=audit(1700000000.017:1017): pid=17 uid=0 auid=0 ses=1 msg='n=`); // half a line
  await sleep(300);
  appendFileSync(path, "17'\n");
  await sleep(300);
  assert.equal(await c.stop(), 0, c.stderr());
  // Meanwhile: more records, then a rotation, then more.
  appendFileSync(path, recs(18, 20));
  renameSync(`${path}.1`, `${path}.2`);
  renameSync(path, `${path}.1`);
  writeFileSync(path, recs(20, 23));
  c = await startCollector(dir, 'f', args);
  await sleep(300);
  truncateSync(path, 0); // copytruncate
  appendFileSync(path, recs(23, 25));
  await sleep(400);
  assert.equal(await c.stop(), 0, c.stderr());
  assert.equal(withoutDaemonRecords(readFileSync(out, 'latin1')), recs(5, 25));
});
