// Shared by the collector's real-kernel tests: whether they can run, a private
// auditd (own config and log in a temp folder, stopped by pid), collectors
// started as real processes, the project's io_uring + BPF workload, test
// rules (keys auspex-test-*) and the kernel settings a test must put back.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditControl } from '../../src/kernel/index.js';
import type { AuditStatus } from '../../src/kernel/index.js';
import { parseStatus, processAlive } from '../../src/collect/index.js';
import type { CollectStatus } from '../../src/collect/index.js';
import { auspexCtl, kernelSkip, removeTestRules, repoRoot } from '../kernel/kernel-helpers.js';

export { auspexCtl, removeTestRules, repoRoot };
export const auspexBin = join(repoRoot, 'bin', 'auspex');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function kernelStatus(): AuditStatus {
  const ctl = AuditControl.open();
  try {
    return ctl.getStatus();
  } finally {
    ctl.close();
  }
}

/** Why a test that needs the kernel to itself (no audit daemon) cannot run, or false. */
export function liveSkip(opts: { needAuditd?: boolean; needFreeKernel?: boolean; needCc?: boolean } = {}): string | false {
  const base = kernelSkip();
  if (base !== false) return base;
  if (opts.needAuditd === true && spawnSync('auditd', ['--help'], { stdio: 'ignore' }).error !== undefined) return 'auditd not installed';
  if (opts.needCc === true && spawnSync('cc', ['--version'], { stdio: 'ignore' }).error !== undefined) return 'no C compiler for the workload';
  if (opts.needFreeKernel === true) {
    const pid = kernelStatus().pid;
    // A dead daemon's pid stays until the kernel's next send fails: free too.
    if (pid !== 0 && processAlive(pid)) return `another audit daemon (pid ${pid}: ${readText(`/proc/${pid}/cmdline`).replace(/\0/g, ' ').trim()}) owns the kernel; this test needs it free`;
  }
  return false;
}

const LOCK = join(tmpdir(), 'auspex-test-audit-daemon.lock');

/**
 * Test files run in parallel: the tests that make something the audit daemon
 * (auditd or auspex collect) take turns through this lock (a directory with
 * the holder's pid; a dead holder's lock is taken over). Returns the release.
 */
export async function kernelLock(): Promise<() => void> {
  const token = `${process.pid} ${Math.random()}`;
  for (let i = 0; i < 1800; i++) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'owner'), token);
      return () => {
        if (readText(join(LOCK, 'owner')) === token) rmSync(LOCK, { recursive: true, force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readText(join(LOCK, 'owner')).split(' ')[0]);
      if (holder > 0 && holder !== process.pid && !processAlive(holder)) rmSync(LOCK, { recursive: true, force: true });
      await sleep(100);
    }
  }
  throw new Error('waited three minutes for the audit daemon test lock');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Takes the lock, then checks what the test needs; skips with the reason
 * (lock released) or returns the release for the test's own cleanup.
 */
export async function lockedOrSkip(t: { skip(reason: string): void }, needs: Parameters<typeof liveSkip>[0]): Promise<(() => void) | undefined> {
  const release = await kernelLock();
  const why = liveSkip(needs);
  if (why === false) return release;
  release();
  t.skip(why);
  return undefined;
}

/** What a live test holds until it ends: its own folder and the daemons it started. */
export interface LiveRun {
  readonly dir: string;
  /** Stopped last first when the test ends. */
  readonly stops: Array<() => Promise<unknown>>;
}

/**
 * The start of a test that makes something the audit daemon: the lock (or a
 * skip: undefined), a temp folder named after `name`, the kernel's settings
 * noted. When the test ends its daemons stop, the rules keyed `key` go, the
 * settings come back, `alsoUndo` runs, the folder goes and the lock is freed.
 */
export async function startLiveRun(
  t: TestContext, needs: Parameters<typeof liveSkip>[0], key: string, name: string, alsoUndo?: () => void,
): Promise<LiveRun | undefined> {
  const release = await lockedOrSkip(t, needs);
  if (release === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `auspex-${name}-`));
  const restore = kernelRestorer();
  const stops: Array<() => Promise<unknown>> = [];
  t.after(async () => {
    for (const s of stops.reverse()) await s();
    removeTestRules(key);
    restore();
    alsoUndo?.();
    rmSync(dir, { recursive: true, force: true });
    release();
  });
  return { dir, stops };
}

/** bench/collect/burst.c compiled into `dir`: opens a file at a steady rate (see its header). */
export function buildBurst(dir: string): string {
  const exe = join(dir, 'burst');
  execFileSync('cc', ['-O2', '-o', exe, join(repoRoot, 'bench', 'collect', 'burst.c')]);
  return exe;
}

/** Puts enabled, failure, rate_limit, backlog_limit and backlog_wait_time back as they were (never touching an immutable kernel). */
export function kernelRestorer(): () => void {
  const before = kernelStatus();
  return () => {
    const ctl = AuditControl.open();
    try {
      const now = ctl.getStatus();
      if (now.enabled === 2) return;
      ctl.setStatus({
        mask: 0x1 | 0x2 | 0x8 | 0x10 | 0x20,
        enabled: before.enabled === 2 ? now.enabled : before.enabled,
        failure: before.failure,
        rateLimit: before.rateLimit,
        backlogLimit: before.backlogLimit,
        backlogWaitTime: before.backlogWaitTime,
      });
    } finally {
      ctl.close();
    }
  };
}

export function enableAudit(): void {
  const ctl = AuditControl.open();
  try {
    if (ctl.getStatus().enabled === 0) ctl.setStatus({ mask: 0x1, enabled: 1 });
  } finally {
    ctl.close();
  }
}

export interface Daemon {
  readonly child: ChildProcess;
  readonly pid: number;
  stderr(): string;
  /** Sends a signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Waits for the process to end by itself (at most 15 s, then SIGKILL). */
  exited(): Promise<number | null>;
}

function track(child: ChildProcess): Daemon {
  const err: Buffer[] = [];
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid as number,
    stderr: () => Buffer.concat(err).toString('utf8'),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 15000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    async exited() {
      const t = setTimeout(() => child.kill('SIGKILL'), 15000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

export interface AuditdOptions {
  readonly format: 'RAW' | 'ENRICHED';
  readonly extra?: readonly string[];
  /** Plugin .conf files to drop into its plugins.d: name → text. */
  readonly plugins?: Readonly<Record<string, string>>;
}

/** A private auditd (-n, own config dir), registered with the kernel before this resolves. */
export async function startAuditd(dir: string, opts: AuditdOptions): Promise<Daemon & { log: string }> {
  const log = join(dir, 'auditd.log');
  const plugins = join(dir, 'plugins.d');
  mkdirSync(plugins, { recursive: true });
  for (const [name, text] of Object.entries(opts.plugins ?? {})) writeFileSync(join(plugins, name), text, { mode: 0o640 });
  const settings = new Map<string, string>([
    ['log_file', log], ['log_format', opts.format], ['log_group', 'root'], ['write_logs', 'yes'], ['flush', 'INCREMENTAL_ASYNC'],
    ['freq', '50'], ['priority_boost', '0'], ['max_log_file', '0'], ['max_log_file_action', 'IGNORE'], ['num_logs', '1'],
    ['space_left', '2'], ['space_left_action', 'IGNORE'], ['admin_space_left', '1'], ['admin_space_left_action', 'IGNORE'],
    ['disk_full_action', 'IGNORE'], ['disk_error_action', 'IGNORE'], ['plugin_dir', plugins], ['name_format', 'NONE'],
    ['local_events', 'yes'], ['end_of_event_timeout', '2'], ['q_depth', '4000'],
  ]);
  for (const line of opts.extra ?? []) {
    const [k, v] = line.split('=').map((s) => s.trim()) as [string, string];
    settings.set(k, v);
  }
  writeFileSync(join(dir, 'auditd.conf'), [...settings].map(([k, v]) => `${k} = ${v}\n`).join(''), { mode: 0o640 });
  const child = spawn('auditd', ['-n', '-s', 'nochange', '-c', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const d = track(child);
  for (let i = 0; i < 100 && kernelStatus().pid !== child.pid; i++) await sleep(50);
  if (kernelStatus().pid !== child.pid) {
    await d.stop();
    throw new Error(`auditd did not register with the kernel: ${d.stderr()}`);
  }
  return { ...d, log };
}

export interface Collector extends Daemon {
  readonly stateFile: string;
  status(): CollectStatus | undefined;
}

/** `auspex collect ARGS` with a config of its own (state file in `dir`), running before this resolves. */
export async function startCollector(dir: string, name: string, args: readonly string[], config: readonly string[] = []): Promise<Collector> {
  const stateFile = join(dir, `${name}.state`);
  const conf = join(dir, `${name}.conf`);
  writeFileSync(conf, [`state_file = ${stateFile}`, ...config, ''].join('\n'));
  const child = spawn(auspexBin, ['collect', '--config', conf, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const d = track(child);
  const status = (): CollectStatus | undefined => (existsSync(stateFile) ? parseStatus(readFileSync(stateFile, 'utf8')) : undefined);
  for (let i = 0; i < 200; i++) {
    const s = status();
    if (s !== undefined && s.pid === child.pid && s.running) return { ...d, stateFile, status };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  await d.stop();
  throw new Error(`auspex collect ${args.join(' ')} did not start: ${d.stderr()}`);
}

let workloadExe: string | undefined;

/** The project's io_uring + BPF workload (scripts/workload/uring-bpf.c), compiled once. */
export function workload(dir: string): string {
  if (workloadExe !== undefined && existsSync(workloadExe)) return workloadExe;
  const exe = join(dir, 'uring-bpf');
  execFileSync('cc', ['-O2', '-o', exe, join(repoRoot, 'scripts', 'workload', 'uring-bpf.c')]);
  workloadExe = exe;
  return exe;
}

/** Rules for a workload in its own audit session (auid set), all with `key`. */
export function workloadRules(key: string, workDir: string): string[][] {
  return [
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-F', 'auid!=unset', '-k', key],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat,unlinkat,renameat2,mkdir,fchmodat', '-F', `dir=${workDir}`, '-k', key],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'io_uring_setup,io_uring_enter,io_uring_register,bpf', '-F', 'auid!=unset', '-k', key],
    ['-a', 'always,io_uring', '-S', 'openat', '-k', key],
  ];
}

export function addRules(rules: readonly string[][]): void {
  for (const r of rules) {
    const res = auspexCtl(r);
    if (res.code !== 0) throw new Error(`auspex ctl ${r.join(' ')}: ${res.stderr}`);
  }
}

/** Execs with hostile arguments, file operations, the io_uring + BPF program; in a session of its own. */
export function runWorkload(exe: string, workDir: string, marker: string): void {
  mkdirSync(workDir, { recursive: true });
  const script = `
    set -u
    echo 0 > /proc/self/loginuid
    W='${workDir}'
    /bin/echo "hello world" > /dev/null
    /bin/echo $'\\e[31mred\\e[0m' 'caf\\xc3\\xa9' "a b" $'tab\\there' $'new\\nline' > /dev/null
    touch "$W/plain.txt" "$W/$(printf '\\e[2Jcleared')"
    chmod 600 "$W/plain.txt"
    mv "$W/plain.txt" "$W/renamed.txt"
    mkdir -p "$W/sub dir"
    rm -f "$W/renamed.txt"
    '${exe}' "$W"
    auditctl -m "${marker}" 2>/dev/null || true
  `;
  spawnSync('bash', ['-c', script], { stdio: 'ignore' });
}

/** Lines of an auditd-format log grouped by serial (file order kept), DAEMON_* records left out. */
export function linesBySerial(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    const m = /^(?:node=\S+ )?type=(\S+) msg=audit\(\d+\.\d+:(\d+)\)/.exec(line);
    if (m === null || (m[1] as string).startsWith('DAEMON_')) continue;
    const serial = Number(m[2]);
    const list = out.get(serial);
    if (list === undefined) out.set(serial, [line]);
    else list.push(line);
  }
  return out;
}

/** Serials of events that carry `key` in any record. */
export function serialsWithKey(bySerial: Map<number, string[]>, key: string): number[] {
  const hex = Buffer.from(key).toString('hex').toUpperCase();
  return [...bySerial].filter(([, lines]) => lines.some((l) => l.includes(`key="${key}"`) || l.includes(`key=${hex}`))).map(([s]) => s).sort((a, b) => a - b);
}

export function ausearch(args: readonly string[]): string {
  const r = spawnSync('ausearch', args, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
  return r.stdout + r.stderr;
}
