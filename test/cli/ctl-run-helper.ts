// Runs `auspex ctl ARGS` inside the test process with captured streams.
import { PassThrough } from 'node:stream';
import { ctlCommand } from '../../src/cli/ctl.js';

export interface CtlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCtl(args: readonly string[], env: Record<string, string> = {}): Promise<CtlRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await ctlCommand.run(args, { stdin: new PassThrough(), stdout, stderr, env: { ...process.env, ...env }, stdinIsPipe: false });
  stdout.end();
  stderr.end();
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
