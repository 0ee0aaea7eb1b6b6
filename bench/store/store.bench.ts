// Times the event store on the benchmark log, each step with the real CLI as
// a child process (wall, CPU = user + sys, peak RSS from GNU time):
// - ingest: `auspex ingest` of the log into a fresh store (events/s);
// - summary: `auspex report --db STORE --summary` beside `auspex report -if
//   LOG --summary` and `aureport -if LOG --summary` (outputs must be equal);
// - big: `report --db --summary` on a store of --events events (10 M by
//   default), made from the ingested log by copying its rows in SQL with
//   times, serials and pids moved on per copy (the same shifts the benchmark
//   log's own copies get), so that what the summary counts grows as a longer
//   log's would. Building it takes a minute or two; it is kept with --keep.
//
//   npx tsc -p tsconfig.json && node dist/bench/store/store.bench.js [--log FILE] [--runs 3]
//     [--events 10000000] [--only ingest|summary|big] [--keep]
//
// The default log is bench/out/bench-raw-200mb.log, built by
// `node dist/bench/search/search.bench.js --only raw --runs 1 --keep`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { rollupRebuild } from '../../src/store/index.js';
import { median, timed } from '../common/timed.js';
import type { Run } from '../common/timed.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const auspex = join(repo, 'bin/auspex');
const { values } = parseArgs({
  options: {
    log: { type: 'string', default: join(repo, 'bench/out/bench-raw-200mb.log') },
    runs: { type: 'string', default: '3' },
    events: { type: 'string', default: '10000000' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function line(name: string, rs: readonly Run[], extra = ''): string {
  const walls = rs.map((r) => r.wallSec);
  const cpus = rs.map((r) => r.cpuSec);
  const rss = Math.max(...rs.map((r) => r.maxRssKb));
  return `  ${name.padEnd(34)} best ${Math.min(...walls).toFixed(2)} s  median ${median(walls).toFixed(2)} s  ` +
    `cpu best ${Math.min(...cpus).toFixed(2)} s  peak RSS ${(rss / 1024).toFixed(0)} MiB${extra}\n`;
}

function count(db: string, sql: string): number {
  const r = spawnSync(auspex, ['query', '--db', db, '--json', sql], { encoding: 'utf8' });
  return Number(Object.values(JSON.parse(r.stdout.split('\n')[0] ?? '{}') as Record<string, unknown>)[0]);
}

function loadAverage(): string {
  try {
    return spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

/** Copies the store's rows until it holds about `target` events: times, serials and pids move on per copy. */
async function grow(db: string, target: number): Promise<void> {
  const inst = await DuckDBInstance.create(db);
  const con = await inst.connect();
  const [[n, span, serials, seqs, rseqs]] = (await con.runAndReadAll(
    'SELECT count(*), epoch(max(time)) - epoch(min(time)) + 1, max(serial) - min(serial) + 1, max(seq), ' +
    '(SELECT max(rseq_last) FROM sources) FROM events')).getRowsJS() as [[bigint, number, bigint, bigint, bigint]];
  const [[reportSeqs]] = (await con.runAndReadAll('SELECT max(seq) FROM report_events')).getRowsJS() as [[bigint]];
  const copies = Math.max(0, Math.ceil(target / Number(n)) - 1);
  const pid = (col: string, k: string): string => `CASE WHEN ${col} IS NULL OR ${col} < 0 THEN ${col} ELSE ((${col} + ${k} * 7919) % 4000000) + 1 END`;
  const started = performance.now();
  for (let k = 1; k <= copies; k++) {
    // One copy per statement keeps the rows in time order (as a long log's would be).
    await con.run(`INSERT INTO events SELECT seq + ${k} * ${seqs}, time + to_seconds(${k} * ${Math.ceil(span)}), serial + ${k} * ${serials}, ` +
      `node, shape, type, types, key, syscall, arch, success, exit, ${pid('pid', String(k))}, ${pid('ppid', String(k))}, uid, auid, euid, ` +
      `suid, fsuid, gid, egid, sgid, fsgid, ses, tty, comm, exe, op, uring_op, container, bpf_prog_id, source_id, ` +
      `rseq + ${k} * ${rseqs}, rseq_more, raw, raw_bytes FROM events WHERE seq <= ${seqs}`);
    await con.run(`INSERT INTO report_events SELECT seq + ${k} * ${reportSeqs}, src, sec + ${k} * ${Math.ceil(span)}, milli, ` +
      `serial + ${k} * ${serials}, node, shape, head_type, types, success, syscall, loginuid, ${pid('pid', String(k))}, terminal, ` +
      `hostname, exe, comm, files, keys, bad, bad_i, odd_i, warnings FROM report_events WHERE seq <= ${reportSeqs}`);
  }
  await con.run(`UPDATE sources SET rseq_last = rseq_last + ${copies} * ${rseqs}`);
  // Rows added behind the writer's back: the summary's rollups are rebuilt.
  for (const sql of rollupRebuild()) await con.run(sql);
  await con.run('CHECKPOINT');
  con.closeSync();
  inst.closeSync();
  process.stdout.write(`  grew the store by ${copies} copies in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  const log = values.log;
  if (!existsSync(log)) {
    process.stderr.write(`no ${log}: build it with\n  node dist/bench/search/search.bench.js --only raw --runs 1 --keep\n`);
    process.exitCode = 1;
    return;
  }
  const runs = Number(values.runs);
  const only = values.only;
  const out = join(repo, 'bench/out');
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'auspex-store-bench-'));
  const logMiB = statSync(log).size / 1048576;
  process.stdout.write(`event store on ${log} (${logMiB.toFixed(0)} MiB), load average ${loadAverage()}\n`);
  try {
    // Ingest: a fresh store each run.
    const store = join(work, 'store.duckdb');
    const ingests: Run[] = [];
    let events = 0;
    const ingestRuns = only === undefined || only === 'ingest' ? runs : 1;
    for (let i = 0; i < ingestRuns; i++) {
      rmSync(store, { force: true });
      rmSync(`${store}.wal`, { force: true });
      const r = timed(auspex, ['ingest', '--db', store, '--quiet', log]);
      if (r.exit !== 0) throw new Error(`ingest failed: ${r.stderr}`);
      ingests.push(r);
      events = count(store, 'SELECT count(*) FROM events');
    }
    const storeMiB = statSync(store).size / 1048576;
    if (only === undefined || only === 'ingest') {
      process.stdout.write(`ingest: ${events} events (${count(store, 'SELECT count(*) FROM report_events')} as aureport groups them); ` +
        `store ${storeMiB.toFixed(1)} MiB (${(logMiB / storeMiB).toFixed(1)}x smaller than the log)\n`);
      const best = Math.min(...ingests.map((r) => r.wallSec));
      process.stdout.write(line('auspex ingest', ingests, `  => ${Math.round(events / best)} events/s (best), ${Math.round(events / median(ingests.map((r) => r.wallSec)))} (median)`));
    }

    if (only === undefined || only === 'summary') {
      const db: Run[] = [];
      const fromLog: Run[] = [];
      const peer: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const a = timed(auspex, ['report', '--db', store, '--summary']);
        const b = timed(auspex, ['report', '-if', log, '--summary']);
        const c = timed('aureport', ['-if', log, '--summary']);
        if (!a.stdout.equals(b.stdout) || (c.exit === 0 && !a.stdout.equals(c.stdout))) throw new Error('the summaries differ');
        db.push(a);
        fromLog.push(b);
        if (c.exit === 0) peer.push(c);
      }
      process.stdout.write(`report --summary on the same ${events} events (outputs identical):\n`);
      process.stdout.write(line('auspex report --db STORE', db));
      process.stdout.write(line('auspex report -if LOG', fromLog));
      if (peer.length > 0) process.stdout.write(line('aureport -if LOG', peer));
      const best = (rs: readonly Run[]): number => Math.min(...rs.map((r) => r.wallSec));
      if (peer.length > 0) process.stdout.write(`  ratios (best wall): aureport / store ${(best(peer) / best(db)).toFixed(1)}x, auspex -if / store ${(best(fromLog) / best(db)).toFixed(1)}x\n`);
    }

    if (only === undefined || only === 'big') {
      const target = Number(values.events);
      const big = join(values.keep ? out : work, `store-${Math.round(target / 1e6)}m.duckdb`);
      if (!existsSync(big)) {
        copyFileSync(store, big);
        await grow(big, target);
      }
      const n = count(big, 'SELECT count(*) FROM events');
      const reportRows = count(big, 'SELECT count(*) FROM report_events');
      const summaries: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const r = timed(auspex, ['report', '--db', big, '--summary']);
        if (r.exit !== 0) throw new Error(`report failed: ${r.stderr}`);
        summaries.push(r);
      }
      const told = /Number of events: (\d+)/.exec(summaries[0]?.stdout.toString() ?? '')?.[1];
      process.stdout.write(`report --summary on a store of ${n} events (${reportRows} as aureport groups them; the summary says ${told}), ` +
        `${(statSync(big).size / 1048576).toFixed(0)} MiB:\n`);
      process.stdout.write(line('auspex report --db BIG --summary', summaries, Math.min(...summaries.map((r) => r.wallSec)) < 1 ? '  (< 1 s)' : '  (NOT < 1 s)'));
      if (values.keep) process.stdout.write(`  kept ${big}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
