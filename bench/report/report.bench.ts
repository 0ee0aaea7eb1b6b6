// Times `auspex report -if LOG --summary` against `aureport -if LOG --summary`
// on the same log in the same run: runs alternate, outputs must be equal, and
// the best and median wall time, CPU time (user + sys) and peak RSS (GNU time)
// of each are printed with their ratios. The machine may be shared: take the
// best of several runs.
//
//   npx tsc -p tsconfig.json && node dist/bench/report/report.bench.js [--log FILE] [--runs 7] [--args="-x --summary"]
//
// The default log is bench/out/bench-raw-200mb.log, built by
// `node dist/bench/search/search.bench.js --only raw --runs 1 --keep`.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, timed } from '../common/timed.js';
import type { Run } from '../common/timed.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  options: {
    log: { type: 'string', default: join(repo, 'bench/out/bench-raw-200mb.log') },
    runs: { type: 'string', default: '7' },
    args: { type: 'string', default: '--summary' },
  },
});

function main(): void {
  const log = values.log;
  if (!existsSync(log)) {
    process.stderr.write(`no ${log}: build it with\n  node dist/bench/search/search.bench.js --only raw --runs 1 --keep\n`);
    process.exitCode = 1;
    return;
  }
  const extra = values.args.split(' ').filter((a) => a.length > 0);
  const runs = Number(values.runs);
  const peer: Run[] = [];
  const ours: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const a = timed('aureport', ['-if', log, ...extra]);
    const b = timed(join(repo, 'bin/auspex'), ['report', '-if', log, ...extra]);
    if (!a.stdout.equals(b.stdout) || a.exit !== b.exit) {
      process.stderr.write(`run ${i + 1}: auspex's output differs from aureport's\n`);
      process.exitCode = 1;
      return;
    }
    peer.push(a);
    ours.push(b);
  }
  const row = (name: string, rs: readonly Run[]): string => {
    const walls = rs.map((r) => r.wallSec);
    const cpus = rs.map((r) => r.cpuSec);
    const rss = Math.max(...rs.map((r) => r.maxRssKb));
    return `${name.padEnd(10)} best ${Math.min(...walls).toFixed(2)} s  median ${median(walls).toFixed(2)} s  cpu best ${Math.min(...cpus).toFixed(2)} s  peak RSS ${(rss / 1024).toFixed(0)} MiB`;
  };
  const mb = statSync(log).size / 1024 / 1024;
  process.stdout.write(`report ${extra.join(' ')} on ${log} (${mb.toFixed(0)} MiB), ${runs} runs each, alternating; outputs identical\n`);
  process.stdout.write(`${row('aureport', peer)}\n${row('auspex', ours)}\n`);
  const ratio = (f: (rs: readonly Run[]) => number): string => (f(peer) / f(ours)).toFixed(2);
  process.stdout.write(`auspex is ${ratio((rs) => Math.min(...rs.map((r) => r.wallSec)))}x faster (best wall), ` +
    `${ratio((rs) => median(rs.map((r) => r.wallSec)))}x (median wall), ${ratio((rs) => Math.min(...rs.map((r) => r.cpuSec)))}x (best cpu)\n`);
}

main();
