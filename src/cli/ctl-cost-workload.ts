// The workload child of `ctl --cost`: scripts/workload/rule-cost.c compiled
// with cc into a private folder, started waiting for commands on stdin, and
// the line protocol to it (facts about itself, what its test syscalls are
// called with, timed runs). Nothing here touches audit rules.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { AuspexError } from '../errors.js';
import type { Creds } from '../enrich/index.js';

export type CostErrorCode = 'E_COST_BUILD' | 'E_COST_WORKLOAD' | 'E_COST_TIMEOUT';

export class CostError extends AuspexError<CostErrorCode> {
  constructor(code: CostErrorCode, message: string) {
    super(code, message);
    this.name = 'CostError';
  }
}

/** Shipped with the package (package.json "files"), beside dist/. */
export const WORKLOAD_SOURCE = fileURLToPath(new URL('../../../scripts/workload/rule-cost.c', import.meta.url));

/** The workload's commands and the syscalls each one times. */
export const WORKLOAD_TESTS = [
  { command: 'open', syscalls: ['openat', 'close'], exec: false },
  { command: 'stat', syscalls: ['newfstatat'], exec: false },
  { command: 'connect', syscalls: ['connect'], exec: false },
  { command: 'exec', syscalls: ['execve'], exec: true },
  { command: 'getpid', syscalls: ['getpid'], exec: false },
] as const;

/** What the kernel's filter sees of the workload process: its credentials and these. */
export interface WorkloadFacts extends Creds {
  readonly arch: number;
  readonly pid: number;
  readonly ppid: number;
  /** As /proc/self/loginuid and sessionid read (4294967295 when unset). */
  readonly auid: number;
  readonly ses: number;
  readonly pers: number;
  readonly exe: Buffer;
  readonly cwd: Buffer;
}

export interface PathFact {
  readonly name: Buffer;
  readonly inode: number;
  readonly devMajor: number;
  readonly devMinor: number;
  /** st_mode, octal digits as the PATH record prints them. */
  readonly mode: string;
  readonly ouid: number;
  readonly ogid: number;
}

/** One test syscall as the workload makes it: number, raw arguments, result, the path or address it names. */
export interface TestSyscall {
  readonly test: string;
  readonly name: string;
  readonly nr: number;
  readonly args: readonly bigint[];
  readonly exit: number;
  readonly path: PathFact | undefined;
  /** The sockaddr bytes connect() passes, as upper-case hex. */
  readonly saddr: string | undefined;
}

export interface Timing {
  readonly syscall: string;
  readonly calls: number;
  readonly totalNs: number;
}

/**
 * Compiles the workload into `dir`; static when the C library allows (the
 * exec test then times only the image's own start, not the dynamic loader's
 * opens), else dynamic.
 */
export function buildWorkload(dir: string, source: string = WORKLOAD_SOURCE): string {
  const exe = join(dir, 'rule-cost');
  let last = '';
  for (const extra of [['-static'], []]) {
    const r = spawnSync('cc', ['-O2', ...extra, '-o', exe, source], { encoding: 'utf8' });
    if (r.error !== undefined) throw new CostError('E_COST_BUILD', `cannot run cc to build the workload (${r.error.message}); give a built one with --workload PATH`);
    if (r.status === 0) return exe;
    last = r.stderr.trim();
  }
  throw new CostError('E_COST_BUILD', `cc could not build ${source}: ${last.split('\n').slice(0, 5).join('\n')}`);
}

function fieldsOf(line: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const word of line.split(' ')) {
    const eq = word.indexOf('=');
    if (eq > 0) m.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return m;
}

function need(f: Map<string, string>, key: string, line: string): string {
  const v = f.get(key);
  if (v === undefined) throw new CostError('E_COST_WORKLOAD', `the workload's line lacks ${key}: ${line.slice(0, 200)}`);
  return v;
}

const int = (f: Map<string, string>, key: string, line: string): number => {
  const v = need(f, key, line);
  if (!/^-?\d+$/.test(v)) throw new CostError('E_COST_WORKLOAD', `the workload's ${key} is not a number: ${v.slice(0, 40)}`);
  return Number(v);
};
const bytes = (f: Map<string, string>, key: string, line: string): Buffer => Buffer.from(need(f, key, line), 'hex');

export function parseFacts(line: string): WorkloadFacts {
  const f = fieldsOf(line);
  const n = (k: string): number => int(f, k, line);
  return {
    arch: parseInt(need(f, 'arch', line), 16), pid: n('pid'), ppid: n('ppid'), uid: n('uid'), euid: n('euid'), suid: n('suid'), fsuid: n('fsuid'),
    gid: n('gid'), egid: n('egid'), sgid: n('sgid'), fsgid: n('fsgid'), auid: n('auid'), ses: n('ses'), pers: n('pers'),
    exe: bytes(f, 'exe', line), cwd: bytes(f, 'cwd', line),
  };
}

export function parseSyscallLine(line: string): TestSyscall {
  const f = fieldsOf(line);
  const dev = /^([0-9a-f]+):([0-9a-f]+)$/.exec(f.get('dev') ?? '');
  const path: PathFact | undefined = f.has('path')
    ? {
      name: bytes(f, 'path', line), inode: int(f, 'inode', line), devMajor: parseInt(dev?.[1] ?? '0', 16), devMinor: parseInt(dev?.[2] ?? '0', 16),
      mode: need(f, 'mode', line), ouid: int(f, 'ouid', line), ogid: int(f, 'ogid', line),
    }
    : undefined;
  return {
    test: need(f, 'test', line), name: need(f, 'name', line), nr: int(f, 'nr', line),
    args: ['a0', 'a1', 'a2', 'a3'].map((k) => BigInt(`0x${need(f, k, line)}`)), exit: int(f, 'exit', line), path, saddr: f.get('saddr'),
  };
}

type Child = ChildProcessByStdio<Writable, Readable, null>;

/** A started workload; one command at a time. */
export class Workload {
  readonly pid: number;
  readonly exe: string;
  readonly #child: Child;
  readonly #lines: AsyncIterator<string>;
  readonly #exited: Promise<unknown>;

  private constructor(exe: string, child: Child, exited: Promise<unknown>, lines: AsyncIterator<string>, pid: number) {
    this.exe = exe;
    this.#child = child;
    this.#exited = exited;
    this.#lines = lines;
    this.pid = pid;
  }

  /** Starts `exe DIR` and waits for its "ready PID". */
  static async start(exe: string, dir: string, timeoutMs: number): Promise<Workload> {
    const child = spawn(exe, [dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    const spawned = await Promise.race([once(child, 'spawn').then(() => undefined), once(child, 'error').then(([e]) => e as Error)]);
    if (spawned !== undefined) throw new CostError('E_COST_WORKLOAD', `cannot start the workload ${exe}: ${spawned.message}`);
    // A stdin write after the child died is reported here, not thrown: the next read says the workload ended.
    child.stdin.on('error', () => {});
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const w = new Workload(exe, child, exited, lines, child.pid ?? 0);
    let first: string;
    try {
      first = await w.#next(timeoutMs);
    } catch (e) {
      w.kill();
      throw new CostError('E_COST_WORKLOAD', `${exe} is not the --cost workload (${(e as Error).message.replace(/^the workload /, 'it ')})`);
    }
    const m = /^ready (\d+)$/.exec(first);
    if (m === null || Number(m[1]) !== child.pid) {
      w.kill();
      throw new CostError('E_COST_WORKLOAD', `${exe} is not the --cost workload (it said: ${first.slice(0, 80)})`);
    }
    return w;
  }

  async #next(timeoutMs: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    try {
      const r = await Promise.race([this.#lines.next(), this.#exited.then(() => 'exited' as const), timeout]);
      if (r === 'timeout') throw new CostError('E_COST_TIMEOUT', `the workload did not answer within ${timeoutMs / 1000} s`);
      if (r === 'exited' || r.done === true) throw new CostError('E_COST_WORKLOAD', 'the workload ended');
      if (r.value.startsWith('error ')) throw new CostError('E_COST_WORKLOAD', `the workload: ${r.value.slice(6)}`);
      return r.value;
    } finally {
      clearTimeout(timer);
    }
  }

  async #ask(command: string, answers: number, timeoutMs: number): Promise<string[]> {
    this.#child.stdin.write(`${command}\n`);
    const out: string[] = [];
    for (let i = 0; i < answers; i++) out.push(await this.#next(timeoutMs));
    return out;
  }

  async facts(timeoutMs: number): Promise<WorkloadFacts> {
    const [line] = await this.#ask('facts', 1, timeoutMs);
    return parseFacts(line as string);
  }

  async describe(timeoutMs: number): Promise<TestSyscall[]> {
    const count = WORKLOAD_TESTS.reduce((n, t) => n + t.syscalls.length, 0);
    return (await this.#ask('describe', count, timeoutMs)).map(parseSyscallLine);
  }

  /** Runs `command N`: one timing per syscall the command times. */
  async run(command: (typeof WORKLOAD_TESTS)[number]['command'], calls: number, timeoutMs: number): Promise<Timing[]> {
    const test = WORKLOAD_TESTS.find((t) => t.command === command);
    if (test === undefined) throw new CostError('E_COST_WORKLOAD', `no workload command ${command}`);
    const lines = await this.#ask(`${command} ${calls}`, test.syscalls.length, timeoutMs);
    return lines.map((line) => {
      const m = /^result (\S+) (\d+) (\d+)$/.exec(line);
      if (m === null) throw new CostError('E_COST_WORKLOAD', `unexpected answer from the workload: ${line.slice(0, 80)}`);
      return { syscall: m[1] as string, calls: Number(m[2]), totalNs: Number(m[3]) };
    });
  }

  /** Asks it to end, and waits (killed after `timeoutMs`). */
  async quit(timeoutMs: number): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.stdin.end('quit\n');
    const t = setTimeout(() => this.kill(), timeoutMs);
    await this.#exited;
    clearTimeout(t);
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }
}
