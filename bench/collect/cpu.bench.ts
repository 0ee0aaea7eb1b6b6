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
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AuditControl } from '../../src/kernel/index.js';
import type { AuditStatus } from '../../src/kernel/index.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const auspex = join(repo, 'bin', 'auspex');
const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const KEY = `auspex-test-bench-cpu-${process.pid}`;
const RULE = ['-F', 'arch=b64', '-S', 'execve', '-F', 'exe=/usr/bin/true', '-k', KEY];
const TICKS_PER_SEC = 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function withControl<T>(fn: (c: AuditControl) => T): T {
  const c = AuditControl.open();
  try {
    return fn(c);
  } finally {
    c.close();
  }
}
const status = (): AuditStatus => withControl((c) => c.getStatus());

function ticks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

function hwmMb(pid: number): number {
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) / 1024);
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  for (let i = 0; i < ms / 50; i++) {
    if (cond()) return true;
    await sleep(50);
  }
  return cond();
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

async function startAuditd(dir: string): Promise<ChildProcess> {
  mkdirSync(join(dir, 'plugins.d'), { recursive: true });
  writeFileSync(join(dir, 'auditd.conf'), [
    `log_file = ${join(dir, 'auditd.log')}`, 'log_format = RAW', 'log_group = root', 'write_logs = yes', 'flush = INCREMENTAL_ASYNC',
    'freq = 50', 'priority_boost = 0', 'max_log_file = 0', 'max_log_file_action = IGNORE', 'num_logs = 1', 'space_left = 2',
    'space_left_action = IGNORE', 'admin_space_left = 1', 'admin_space_left_action = IGNORE', 'disk_full_action = IGNORE',
    'disk_error_action = IGNORE', `plugin_dir = ${join(dir, 'plugins.d')}`, 'name_format = NONE', 'end_of_event_timeout = 2', '',
  ].join('\n'), { mode: 0o640 });
  const child = spawn('auditd', ['-n', '-s', 'nochange', '-c', dir], { stdio: 'ignore' });
  if (!(await waitFor(() => status().pid === child.pid, 5000))) throw new Error('auditd did not register');
  return child;
}

async function startCollector(dir: string, extra: readonly string[]): Promise<ChildProcess> {
  const state = join(dir, 'collect.state');
  writeFileSync(join(dir, 'collect.conf'), `state_file = ${state}\nmax_log_file = 4000\nflush = incremental_async\nfreq = 50\n`);
  const child = spawn(auspex, ['collect', '--source', 'multicast', '--config', join(dir, 'collect.conf'), ...extra], { stdio: ['ignore', 'ignore', 'ignore'] });
  if (!(await waitFor(() => existsSync(state) && readFileSync(state, 'utf8').includes(`"pid":${child.pid}`), 10000))) throw new Error('collector did not start');
  return child;
}

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
    collector = await startCollector(dir, extra(dir));
    spawnSync(auspex, ['ctl', '-a', 'always,exit', ...RULE], { stdio: 'ignore' });
    await sleep(500);
    const a0 = ticks(auditd.pid as number);
    const c0 = ticks(collector.pid as number);
    const t0 = Date.now();
    const execs = Number(execFileSync(load, [String(rate), String(seconds)], { encoding: 'utf8' }).trim());
    await sleep(1000); // what is queued is written
    const elapsed = (Date.now() - t0) / 1000;
    const a1 = ticks(auditd.pid as number);
    const c1 = ticks(collector.pid as number);
    const rss = hwmMb(collector.pid as number);
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

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

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
