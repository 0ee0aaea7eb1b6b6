// auspex serve on a 10 M-event store: how long the API takes to answer the
// page's first questions (a histogram, a search page) and the others, timed
// over HTTP as the page asks them, with the server's RSS. Not a test.
//
// The store: a real log (bench/out/bench-raw-200mb.log, made from the corpus
// as bench/search makes it) ingested with store/'s own ingest, then its event
// rows copied with SQL until there are 10 M, each copy moved on in time, seq,
// serial and record order (the record lines are copied as they are). Kept in
// bench/out/serve-10m.duckdb for the next run; AUSPEX_BENCH_STORE names another.
//   node dist/bench/server/serve.bench.js [--events N] [--runs R]
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveEnv } from '../../src/cli/serve.js';
import { searchHost } from '../../src/cli/search-host.js';
import { EVENT_COLUMNS, StoreIngest, StoreWriter } from '../../src/store/index.js';
import { DEFAULT_LISTEN, StoreSession, defaultWebRoot, newToken, startServer } from '../../src/server/index.js';
import { makeBenchLog } from '../search/make-log.js';
import { repoRoot } from '../../test/helpers/paths.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '5' } } });
const WANT = Number(values.events);
const RUNS = Number(values.runs);
const out = join(repoRoot, 'bench', 'out');
const storePath = process.env.AUSPEX_BENCH_STORE ?? join(out, `serve-${WANT / 1_000_000}m.duckdb`);

async function buildStore(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const log = join(out, 'bench-raw-200mb.log');
  if (!existsSync(log)) {
    process.stderr.write('making bench/out/bench-raw-200mb.log from the corpus...\n');
    await makeBenchLog(join(repoRoot, '..', 'shared', 'corpus', 'raw.log'), log, 200 * 1024 * 1024);
  }
  const t0 = performance.now();
  const writer = await StoreWriter.open(storePath);
  const ingest = new StoreIngest(writer, { timeoutSec: 2, maxInFlight: 100_000, batchEvents: 200_000, users: searchHost().users });
  ingest.beginInput(log);
  const bytes = readFileSync(log);
  for (let at = 0; at < bytes.length; at += 1 << 22) await ingest.push(bytes.subarray(at, Math.min(bytes.length, at + (1 << 22))));
  await ingest.endInput(true);
  const totals = await ingest.finish();
  process.stderr.write(`ingested ${totals.stored} events of ${log} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const con = writer.connection;
  const r = await con.runAndReadAll("SELECT count(*)::DOUBLE, max(seq)::DOUBLE, (epoch_ms(max(time)) - epoch_ms(min(time)) + 1000)::DOUBLE, max(serial)::DOUBLE, max(rseq)::DOUBLE FROM events");
  const [n, maxSeq, spanMs, maxSerial, maxRseq] = (r.getRowsJS()[0] ?? []) as number[];
  const cols = EVENT_COLUMNS.map((c) => c.name);
  const shifted: Record<string, string> = {
    seq: 'seq + ($k * $seqs)::BIGINT', time: 'time + to_milliseconds(($k * $span)::BIGINT)', serial: 'serial + ($k * $serials)::BIGINT',
    rseq: 'rseq + ($k * $rseqs)::BIGINT', rseq_more: 'NULL',
  };
  const select = cols.map((c) => shifted[c] ?? c).join(', ');
  const copies = Math.ceil(WANT / (n as number)) - 1;
  for (let k = 1; k <= copies; k++) {
    const t = performance.now();
    await con.run(`INSERT INTO events (${cols.join(', ')}) SELECT ${select} FROM events WHERE seq <= $seqs::BIGINT`,
      { k, seqs: maxSeq as number, span: spanMs as number, serials: maxSerial as number, rseqs: maxRseq as number });
    process.stderr.write(`copy ${k}: ${((k + 1) * (n as number)).toLocaleString('en-US')} events (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
  }
  await writer.close();
  process.stderr.write(`store built in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${(statSync(storePath).size / 1e6).toFixed(0)} MB\n`);
}

interface Timing { readonly name: string; readonly ms: number[]; readonly note: string }

async function main(): Promise<void> {
  if (!existsSync(storePath)) await buildStore();
  const host = searchHost();
  const session = await StoreSession.open({ path: storePath, users: host.users, timeoutSec: 2 });
  const token = newToken();
  const server = await startServer({ session, listen: DEFAULT_LISTEN, token, webRoot: defaultWebRoot(), ...serveEnv(host), version: 'bench' });
  const base = `http://127.0.0.1:${server.port}/api/`;
  const get = async (path: string): Promise<{ ms: number; body: Record<string, unknown> }> => {
    const t = performance.now();
    const res = await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await res.json()) as Record<string, unknown>;
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };
  const status = (await get('status')).body;
  process.stdout.write(`store: ${storePath} (${(statSync(storePath).size / 1e6).toFixed(0)} MB), ${Number(status.events).toLocaleString('en-US')} events, ${status.first} .. ${status.last}\n`);
  const firstPage = (await get('search?limit=100')).body as { events: Array<{ seq: number }>; next: string };
  const someSeq = (firstPage.events[0] as { seq: number }).seq;
  // A cursor 100 pages in, to time a deep page.
  let cursor = firstPage.next;
  for (let i = 0; i < 100; i++) cursor = ((await get(`search?limit=100&cursor=${cursor}`)).body as { next: string }).next;

  const q = (criteria: string): string => `q=${encodeURIComponent(criteria)}`;
  const cases: Array<[string, string, string]> = [
    ['histogram, all events, 120 buckets by type', 'histogram?buckets=120&by=type', 'the timeline as the page opens'],
    ['histogram, all events, by key', 'histogram?buckets=120&by=key', ''],
    ['histogram, -sv no', `histogram?buckets=120&${q('-sv no')}`, 'predicate checks candidates'],
    ['histogram, -k shadow (rare key)', `histogram?buckets=120&${q('-k shadow')}`, 'predicate checks candidates'],
    ['search page (100), no criteria', 'search?limit=100', 'with the total'],
    ['search page (100), 100 pages deep', `search?limit=100&cursor=${cursor}`, 'keyset cursor'],
    ['search page (100), -k exec (frequent key)', `search?limit=100&${q('-k exec')}`, 'newest windows first'],
    ['search page (100), -k shadow (rare key)', `search?limit=100&${q('-k shadow')}`, ''],
    ['search page (100), -k nosuchkey (no match)', `search?limit=100&${q('-k nosuchkey')}`, 'whole store scanned'],
    ['search page (100), -sv no -x /usr/bin/cat', `search?limit=100&${q('-sv no -x /usr/bin/cat')}`, ''],
    ['search page (100), -m CONFIG_CHANGE', `search?limit=100&${q('-m CONFIG_CHANGE')}`, ''],
    ['search page (100), text /etc/shadow', `search?limit=100&text=${encodeURIComponent('/etc/shadow')}`, 'record lines, any case'],
    ['search page (100), text no-such-text', `search?limit=100&text=${encodeURIComponent('no-such-text')}`, 'whole store scanned'],
    ['event detail', `events/${someSeq}`, ''],
    ['process tree', `events/${someSeq}/process-tree`, ''],
    ['report: summary', 'reports/summary', ''],
    ['report: uring', 'reports/uring', ''],
    ['report: bpf', 'reports/bpf', ''],
  ];
  const timings: Timing[] = [];
  for (const [name, path, note] of cases) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) ms.push((await get(path)).ms);
    timings.push({ name, ms, note });
    const sorted = [...ms].sort((a, b) => a - b);
    process.stdout.write(`${name.padEnd(48)} first ${ms[0]?.toFixed(0).padStart(6)} ms  median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0).padStart(6)} ms  ${note}\n`);
  }
  process.stdout.write(`server RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`);
  await server.close();
  await session.close();
}

await main();
