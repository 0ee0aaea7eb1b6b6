// Running auspex (in process, through main(), or as the real binary) and the
// peer tools (ausearch, aureport) on the same input, capturing bytes.
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/command-io.js';
import { auspexBin } from './paths.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `auspex ARGS` inside this process with captured streams. */
export async function runAuspex(args: readonly string[], options: { stdin?: Buffer } = {}): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => outChunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  const stdin = options.stdin === undefined ? Readable.from([]) : Readable.from([options.stdin]);
  const io: CommandIo = { stdin, stdout, stderr, env: process.env, stdinIsPipe: options.stdin !== undefined };
  const code = await main(args, io);
  stdout.end();
  stderr.end();
  return { code, stdout: Buffer.concat(outChunks), stderr: Buffer.concat(errChunks).toString('utf8') };
}

/** Runs the real binary (a child process) as a user would. */
export function spawnAuspex(args: readonly string[], options: { stdin?: Buffer; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(auspexBin, args, {
    input: options.stdin,
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C', ...options.env },
    maxBuffer: 1024 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

export function havePeer(tool: 'ausearch' | 'aureport' | 'auditctl'): boolean {
  const r = spawnSync(tool, ['-v'], { stdio: 'ignore' });
  return r.error === undefined;
}

/** Runs a peer tool of auditd with TZ=UTC and the C locale, as the corpus references were made. */
export function runPeer(tool: 'ausearch' | 'aureport', args: readonly string[], options: { stdin?: Buffer } = {}): RunResult {
  const r = spawnSync(tool, args, {
    input: options.stdin,
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    maxBuffer: 1024 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}
