// CPU of auspex collect against auditd 3.0.9 on the same records in the same
// run: a private auditd (RAW log) is the audit daemon, auspex collect reads
// multicast beside it (RAW log too: the same work), and a load of N exec/s
// (bench/collect/exec-load.c, /bin/true through posix_spawn) is audited by one
// execve rule. Both daemons' CPU (user + system, all threads, from
// /proc/PID/stat) over the load window gives the ratio. A second pass does the
// same with auspex writing ENRICHED plus JSON with every enrichment on, for
// what enrichment costs. Needs root and no audit daemon running.
//
//   node dist/bench/collect/cpu.bench.js [--rate 1000] [--seconds 10] [--runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../common/timed.js';
import { TICKS_PER_SEC, auspex, cpuOf, repo, sleep, startAuditd, startCollector, status, stop, withControl } from './daemons.js';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const KEY = `auspex-test-bench-cpu-${process.pid}`;
const RULE = ['-F', 'arch=b64', '-S', 'execve', '-F', 'exe=/usr/bin/true', '-k', KEY];

interface Sample {
  readonly execs: number;
  readonly records: number;
  readonly auditdCpu: number;
  readonly auspexCpu: number;
  readonly auspexRssMb: number;
}

async function pass(load: string, extra: (dir: string) => string[]): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-bench-cpu-'));
  let auditd: ChildProcess | undefined;
  let collector: ChildProcess | undefined;
  try {
    auditd = await startAuditd(dir);
    collector = await startCollector(dir, ['--source', 'multicast', ...extra(dir)], ['freq = 50'], 'ignore');
    spawnSync(auspex, ['ctl', '-a', 'always,exit', ...RULE], { stdio: 'ignore' });
    await sleep(500);
    const a0 = cpuOf(auditd.pid as number).ticks;
    const c0 = cpuOf(collector.pid as number).ticks;
    const t0 = Date.now();
    const execs = Number(execFileSync(load, [String(rate), String(seconds)], { encoding: 'utf8' }).trim());
    await sleep(1000); // what is queued is written
    const elapsed = (Date.now() - t0) / 1000;
    const a1 = cpuOf(auditd.pid as number).ticks;
    const c1 = cpuOf(collector.pid as number).ticks;
    const rss = Math.round(cpuOf(collector.pid as number).hwmKb / 1024);
    spawnSync(auspex, ['ctl', '-d', 'always,exit', ...RULE], { stdio: 'ignore' });
    await stop(collector);
    await stop(auditd);
    const log = readFileSync(join(dir, 'auditd.log'), 'latin1');
    return {
      execs,
      records: log.split('\n').length - 1,
      auditdCpu: ((a1 - a0) / TICKS_PER_SEC / elapsed) * 100,
      auspexCpu: ((c1 - c0) / TICKS_PER_SEC / elapsed) * 100,
      auspexRssMb: rss,
    };
  } finally {
    spawnSync(auspex, ['ctl', '-d', 'always,exit', ...RULE], { stdio: 'ignore' });
    await stop(collector);
    await stop(auditd);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('needs root');
  const before = status();
  if (before.pid !== 0) throw new Error(`an audit daemon (pid ${before.pid}) is running; the bench starts its own`);
  const work = mkdtempSync(join(tmpdir(), 'auspex-bench-load-'));
  const load = join(work, 'exec-load');
  execFileSync('cc', ['-O2', '-o', load, join(repo, 'bench', 'collect', 'exec-load.c')]);
  const variants: Array<[string, (dir: string) => string[]]> = [
    ['auspex RAW log', (dir) => ['--log', join(dir, 'auspex.log'), '--log-format', 'raw']],
    ['auspex ENRICHED log + JSON, all enrichment', (dir) => ['--log', join(dir, 'auspex.log'), '--log-format', 'enriched', '--json', join(dir, 'events.json')]],
  ];
  try {
    withControl((c) => c.setStatus({ mask: 0x1 | 0x10, enabled: 1, backlogLimit: 8192 }));
    process.stdout.write(`load: ${rate} exec/s of /bin/true for ${seconds} s, one execve rule; auditd 3.0.9 RAW is the audit daemon, auspex reads multicast beside it\n`);
    process.stdout.write('variant                                        execs  records/s  auditd cpu%  auspex cpu%  ratio  auspex rss MB\n');
    for (const [name, extra] of variants) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await pass(load, extra));
      const a = median(samples.map((s) => s.auditdCpu));
      const c = median(samples.map((s) => s.auspexCpu));
      process.stdout.write(`${name.padEnd(46)} ${String(median(samples.map((s) => s.execs))).padStart(6)} ${String(Math.round(median(samples.map((s) => s.records)) / seconds)).padStart(10)} ${a.toFixed(1).padStart(12)} ${c.toFixed(1).padStart(12)} ${(c / a).toFixed(2).padStart(6)} ${String(median(samples.map((s) => s.auspexRssMb))).padStart(14)}\n`);
    }
  } finally {
    withControl((c) => c.setStatus({ mask: 0x1 | 0x2 | 0x10, enabled: before.enabled, failure: before.failure, backlogLimit: before.backlogLimit }));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
