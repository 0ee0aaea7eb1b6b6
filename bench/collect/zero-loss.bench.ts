// Zero-loss bench of auspex collect (root, no audit daemon running): a steady
// burst of records (bench/collect/burst.c: one open() = SYSCALL, CWD, PATH,
// PROCTITLE) through the collector as the audit daemon (unicast) and beside
// a private auditd 3.0.9 (multicast), then checks that every serial the
// kernel gave in the window is in the collector's log exactly once and that
// the kernel's lost count did not move. Prints records/s, the collector's
// CPU and peak RSS. backlog_limit is set as audit.rules usually does (-b 8192)
// and put back afterwards.
//
//   node dist/bench/collect/zero-loss.bench.js [--records-per-sec 20000] [--seconds 10] [--mode unicast|multicast|both]
import { execFileSync, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TICKS_PER_SEC, auspex, cpuOf, repo, sleep, startAuditd, startCollector, status, stop, withControl } from './daemons.js';

const { values } = parseArgs({ options: { 'records-per-sec': { type: 'string', default: '20000' }, seconds: { type: 'string', default: '10' }, mode: { type: 'string', default: 'both' } } });
const recordsPerSec = Number(values['records-per-sec']);
const seconds = Number(values.seconds);
const RECORDS_PER_OPEN = 4;
const KEY = `auspex-test-bench-zero-loss-${process.pid}`;

function ctl(args: string[]): void {
  const r = spawnSync(auspex, ['ctl', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`auspex ctl ${args.join(' ')}: ${r.stderr}`);
}

interface Result {
  readonly mode: string;
  readonly opens: number;
  readonly ourEvents: number;
  readonly window: number;
  readonly missing: number;
  readonly duplicated: number;
  readonly lostDelta: number;
  readonly recordsPerSec: number;
  readonly cpuPercent: number;
  readonly rssMb: number;
  readonly referenceMissing?: number;
}

function serialsOf(path: string): { serials: Map<number, number>; keyed: number[] } {
  const serials = new Map<number, number>();
  const keyed: number[] = [];
  for (const m of readFileSync(path, 'latin1').matchAll(/^type=(\S+) msg=audit\(\d+\.\d+:(\d+)\): (.*)$/gm)) {
    if ((m[1] as string).startsWith('DAEMON_')) continue;
    const s = Number(m[2]);
    if (m[1] === 'SYSCALL') {
      serials.set(s, (serials.get(s) ?? 0) + 1);
      if ((m[3] as string).includes(`key="${KEY}"`)) keyed.push(s);
    } else if (!serials.has(s)) serials.set(s, 0);
  }
  return { serials, keyed };
}

async function run(mode: 'unicast' | 'multicast', burst: string, target: string): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `auspex-bench-${mode}-`));
  let auditd: ChildProcess | undefined;
  let collector: ChildProcess | undefined;
  try {
    if (mode === 'multicast') auditd = await startAuditd(dir);
    collector = await startCollector(dir, ['--source', mode, '--log', join(dir, 'audit.log')], [], 'inherit');
    ctl(['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', `path=${target}`, '-k', KEY]);
    const lostBefore = status().lost;
    const cpuBefore = cpuOf(collector.pid as number);
    const t0 = Date.now();
    const opens = Number(execFileSync(burst, [String(recordsPerSec / RECORDS_PER_OPEN), String(seconds), target], { encoding: 'utf8' }).trim());
    await sleep(1500);
    const cpuAfter = cpuOf(collector.pid as number);
    const elapsed = (Date.now() - t0) / 1000;
    ctl(['-d', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', `path=${target}`, '-k', KEY]);
    const lostDelta = status().lost - lostBefore;
    await stop(collector);
    if (auditd !== undefined) await stop(auditd);
    const ours = serialsOf(join(dir, 'audit.log'));
    const first = ours.keyed.reduce((a, b) => Math.min(a, b), Infinity);
    const last = ours.keyed.reduce((a, b) => Math.max(a, b), -Infinity);
    let missing = 0;
    let duplicated = 0;
    for (let s = first; s <= last; s++) {
      const n = ours.serials.get(s);
      if (n === undefined) missing++;
      else if (n > 1) duplicated++;
    }
    let referenceMissing: number | undefined;
    if (auditd !== undefined) {
      const ref = serialsOf(join(dir, 'auditd.log'));
      referenceMissing = [...ref.serials.keys()].filter((s) => s >= first && s <= last && !ours.serials.has(s)).length;
    }
    return {
      mode, opens, ourEvents: ours.keyed.length, window: last - first + 1, missing, duplicated, lostDelta,
      recordsPerSec: Math.round((ours.keyed.length * RECORDS_PER_OPEN) / seconds),
      cpuPercent: Math.round(((cpuAfter.ticks - cpuBefore.ticks) / TICKS_PER_SEC / elapsed) * 1000) / 10,
      rssMb: Math.round(cpuAfter.hwmKb / 1024),
      ...(referenceMissing === undefined ? {} : { referenceMissing }),
    };
  } finally {
    if (collector !== undefined) await stop(collector);
    if (auditd !== undefined) await stop(auditd);
    spawnSync(auspex, ['ctl', '-d', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', `path=${target}`, '-k', KEY], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('needs root');
  const before = status();
  if (before.pid !== 0) throw new Error(`an audit daemon (pid ${before.pid}) is running; the bench needs the kernel free`);
  const work = mkdtempSync(join(tmpdir(), 'auspex-bench-burst-'));
  const burst = join(work, 'burst');
  execFileSync('cc', ['-O2', '-o', burst, join(repo, 'bench', 'collect', 'burst.c')]);
  const target = join(work, 'target');
  writeFileSync(target, '');
  const results: Result[] = [];
  try {
    withControl((c) => c.setStatus({ mask: 0x1 | 0x10, enabled: 1, backlogLimit: 8192 }));
    const modes = values.mode === 'both' ? (['unicast', 'multicast'] as const) : [values.mode as 'unicast' | 'multicast'];
    for (const mode of modes) results.push(await run(mode, burst, target));
  } finally {
    withControl((c) => c.setStatus({ mask: 0x1 | 0x2 | 0x10, enabled: before.enabled, failure: before.failure, backlogLimit: before.backlogLimit }));
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`burst: ${recordsPerSec} records/s for ${seconds} s (${recordsPerSec / RECORDS_PER_OPEN} opens/s, ${RECORDS_PER_OPEN} records each)\n`);
  process.stdout.write('mode       opens   logged  window  missing  dup  lost  records/s  cpu%   rss MB  missing vs auditd\n');
  for (const r of results) {
    process.stdout.write(`${r.mode.padEnd(9)} ${String(r.opens).padStart(6)} ${String(r.ourEvents).padStart(8)} ${String(r.window).padStart(7)} ${String(r.missing).padStart(8)} ${String(r.duplicated).padStart(4)} ${String(r.lostDelta).padStart(5)} ${String(r.recordsPerSec).padStart(10)} ${String(r.cpuPercent).padStart(5)} ${String(r.rssMb).padStart(8)}  ${r.referenceMissing ?? '-'}\n`);
  }
  const ok = results.every((r) => r.missing === 0 && r.duplicated === 0 && r.lostDelta === 0 && r.ourEvents === r.opens && (r.referenceMissing ?? 0) === 0);
  process.stdout.write(ok ? 'zero loss: every serial once, kernel lost unchanged\n' : 'LOSS\n');
  process.exitCode = ok ? 0 : 1;
}

await main();
