// What the collector benches share: a private auditd 3.0.9 (RAW log, its own
// config in the bench's folder), auspex collect started as a real process and
// known up by its state file, the kernel's status, and a process's CPU (all
// threads) and peak RSS from /proc.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditControl } from '../../src/kernel/index.js';
import type { AuditStatus } from '../../src/kernel/index.js';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const auspex = join(repo, 'bin', 'auspex');
/** Clock ticks per second in /proc/PID/stat (USER_HZ). */
export const TICKS_PER_SEC = 100;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function withControl<T>(fn: (c: AuditControl) => T): T {
  const c = AuditControl.open();
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

export const status = (): AuditStatus => withControl((c) => c.getStatus());

export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  for (let i = 0; i < ms / 50; i++) {
    if (cond()) return true;
    await sleep(50);
  }
  return cond();
}

/** TERM, then wait for the exit (nothing when it is gone already). */
export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

/** utime+stime of a process with all its threads (clock ticks), and its peak RSS (kB). */
export function cpuOf(pid: number): { ticks: number; hwmKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
  return { ticks: Number(f[11]) + Number(f[12]), hwmKb: Number(hwm ?? 0) };
}

/** auditd -n with its own configuration in `dir` (RAW log auditd.log there), once the kernel sends to it. */
export async function startAuditd(dir: string): Promise<ChildProcess> {
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

/**
 * auspex collect with `args` and a configuration in `dir` (state file there,
 * incremental_async flush, plus `config` lines), once its state file names it.
 */
export async function startCollector(dir: string, args: readonly string[], config: readonly string[], stderr: 'ignore' | 'inherit'): Promise<ChildProcess> {
  const state = join(dir, 'collect.state');
  writeFileSync(join(dir, 'collect.conf'), [`state_file = ${state}`, 'max_log_file = 4000', 'flush = incremental_async', ...config, ''].join('\n'));
  const child = spawn(auspex, ['collect', ...args, '--config', join(dir, 'collect.conf')], { stdio: ['ignore', 'ignore', stderr] });
  if (!(await waitFor(() => existsSync(state) && readFileSync(state, 'utf8').includes(`"pid":${child.pid}`), 10000))) throw new Error('collector did not start');
  return child;
}
