// Times `auspex search` against `ausearch` on the same large log in the same
// run and prints the ratios and peak memory of each (GNU time -v).
//
//   npm run build && node dist/bench/search/search.bench.js [--mb 200] [--log raw|enriched] [--keep]
//
// The log is built from ../shared/corpus by repeating it (see make-log.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeBenchLog } from './make-log.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200' },
    log: { type: 'string', default: 'raw' },
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});

interface Measure {
  seconds: number;
  maxRssKb: number;
  exit: number;
}

function measure(cmd: string, args: readonly string[]): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = r.stderr.toString('utf8').trim().split('\n');
  const [secs, rss] = (lines[lines.length - 1] ?? '').split(' ');
  const exitMatch = /Command exited with non-zero status (\d+)/.exec(r.stderr.toString('utf8'));
  return { seconds: Number(secs), maxRssKb: Number(rss), exit: exitMatch ? Number(exitMatch[1]) : 0 };
}

function best(cmd: string, args: readonly string[], runs: number): Measure {
  let bestRun: Measure | undefined;
  for (let i = 0; i < runs; i++) {
    const m = measure(cmd, args);
    if (bestRun === undefined || m.seconds < bestRun.seconds) bestRun = { ...m, maxRssKb: Math.max(m.maxRssKb, bestRun?.maxRssKb ?? 0) };
  }
  return bestRun as Measure;
}

interface Scenario {
  readonly name: string;
  readonly peer: readonly [string, readonly string[]];
  readonly auspex: readonly string[];
}

async function main(): Promise<void> {
  const mb = Number(values.mb);
  const source = join(repo, '..', 'shared', 'corpus', `${values.log}.log`);
  if (!existsSync(source)) throw new Error(`corpus log not found: ${source}`);
  const outDir = join(repo, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const log = join(outDir, `bench-${values.log}-${mb}mb.log`);
  if (!existsSync(log) || statSync(log).size < mb * 1024 * 1024) {
    const made = await makeBenchLog(source, log, mb * 1024 * 1024);
    process.stdout.write(`built ${log}: ${(made.bytes / 1048576).toFixed(1)} MiB, ${made.lines} records (${made.copies} copies of ${values.log}.log)\n`);
  }
  const auspex = join(repo, 'bin', 'auspex');
  const runs = Number(values.runs);
  const scenarios: Scenario[] = [
    { name: '-i', peer: ['ausearch', ['-if', log, '-i']], auspex: ['search', '-if', log, '-i'] },
    { name: '--raw -k exec', peer: ['ausearch', ['-if', log, '--raw', '-k', 'exec']], auspex: ['search', '-if', log, '--raw', '-k', 'exec'] },
    { name: '-m URINGOP --raw', peer: ['ausearch', ['-if', log, '-m', 'URINGOP', '--raw']], auspex: ['search', '-if', log, '-m', 'URINGOP', '--raw'] },
    { name: '--format csv', peer: ['ausearch', ['-if', log, '--format', 'csv']], auspex: ['search', '-if', log, '--format', 'csv'] },
    { name: '--json (vs cat)', peer: ['cat', [log]], auspex: ['search', '-if', log, '--json'] },
    { name: 'default', peer: ['ausearch', ['-if', log]], auspex: ['search', '-if', log] },
    { name: '--raw', peer: ['ausearch', ['-if', log, '--raw']], auspex: ['search', '-if', log, '--raw'] },
  ];
  const rows: string[] = [];
  rows.push(`| scenario | peer s | auspex s | speed-up | peer max RSS MB | auspex max RSS MB |`);
  rows.push(`|---|---:|---:|---:|---:|---:|`);
  for (const s of scenarios) {
    if (values.only !== undefined && !s.name.includes(values.only)) continue;
    const peer = best(s.peer[0], s.peer[1], runs);
    const ours = best(auspex, s.auspex, runs);
    const ratio = ours.exit === 0 || ours.exit === 1 ? (peer.seconds / ours.seconds).toFixed(2) + '×' : `n/a (exit ${ours.exit})`;
    rows.push(`| ${s.name} | ${peer.seconds.toFixed(2)} | ${ours.seconds.toFixed(2)} | ${ratio} | ${(peer.maxRssKb / 1024).toFixed(0)} | ${(ours.maxRssKb / 1024).toFixed(0)} |`);
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
  process.stdout.write(`\n${(statSync(log).size / 1048576).toFixed(0)} MiB ${values.log} log, best of ${runs} runs each\n${rows.join('\n')}\n`);
  if (!values.keep) rmSync(log);
}

await main();
