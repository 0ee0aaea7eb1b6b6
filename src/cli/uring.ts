// `auspex uring profile (-if FILE… | --db PATH) [--json] [--key KEY]`: what
// each program did with io_uring, and what that proposes: per-ring allow-lists
// (JSON and C), io_uring-list audit rules that log only ops outside the
// profile (key KEY, default auspex-uring-violation), and the
// kernel.io_uring_disabled advice for the host. The JSON output is the profile
// file `auspex search --uring-profile` and the collector check against.
import { readFileSync } from 'node:fs';
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';
import { readEvents, takeEventSource } from './event-input.js';
import { usageExit } from './command-args.js';
import { UringProfileBuilder, formatProfileText, profileJson } from '../detect/index.js';
import type { SysctlState } from '../detect/index.js';
import { asciiJson } from '../output/index.js';
import { OutputSink } from './output-sink.js';

const USAGE = `usage: auspex uring profile (-if FILE... | --db PATH) [--json] [--key KEY]

  -if FILE   audit log (repeatable; - for stdin; a directory reads its audit.log set)
  --json     the profile and its advice as one JSON object (the profile file that
             'auspex search --uring-profile' and the collector's check read)
  --key KEY  key of the proposed audit rules (default auspex-uring-violation)
`;

function readSysctl(name: string): number | undefined {
  try {
    const v = readFileSync(`/proc/sys/kernel/${name}`, 'utf8').trim();
    return /^\d+$/.test(v) ? Number(v) : undefined;
  } catch {
    return undefined;
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const err = (t: string): void => void io.stderr.write(t);
  const [sub, ...args] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    io.stdout.write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'profile') return usageExit({ error: `unknown subcommand '${sub}'` }, 'uring', USAGE, io);
  const taken = takeEventSource(args);
  if ('error' in taken) return usageExit(taken, 'uring profile', USAGE, io);
  let json = false;
  let key: string | undefined;
  for (let i = 0; i < taken.rest.length; i++) {
    const a = taken.rest[i] as string;
    if (a === '--json') json = true;
    else if (a === '--key' && taken.rest[i + 1] !== undefined) key = taken.rest[++i];
    else {
      return usageExit({ error: `unknown argument '${a}'` }, 'uring profile', USAGE, io);
    }
  }
  const builder = new UringProfileBuilder();
  const problem = await readEvents(taken.source, io, (e) => builder.add(e));
  if (problem !== undefined) {
    err(`auspex uring profile: ${problem.message}\n`);
    return 2;
  }
  const now: SysctlState = { disabled: readSysctl('io_uring_disabled'), group: readSysctl('io_uring_group') };
  const profile = builder.profile();
  const out = new OutputSink(io.stdout);
  out.write(json ? `${asciiJson(profileJson(profile, now, key))}\n` : formatProfileText(profile, now, key));
  await out.end();
  return 0;
}

export const uringCommand: Command = {
  summary: 'io_uring profiles per program: allow-lists (JSON, C), audit rules for ops outside them, io_uring_disabled advice',
  run,
};
