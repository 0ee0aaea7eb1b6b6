// `auspex bpf (-if FILE… | --db PATH) [--live] [--json]`: the BPF program
// inventory from the logs' LOAD/UNLOAD records (who loaded what, when, when it
// went), and with --live the kernel's programs now joined to it; programs the
// kernel holds without a LOAD record in the logs are called out.
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';
import { readEvents, takeEventSource } from './event-input.js';
import { usageExit } from './command-args.js';
import { liveBpfPrograms } from './bpf-live.js';
import { BpfInventoryBuilder, formatInventoryText, inventoryJson } from '../detect/index.js';
import type { LiveBpfProgram } from '../detect/index.js';
import { asciiJson } from '../output/index.js';
import { OutputSink } from './output-sink.js';

const USAGE = `usage: auspex bpf (-if FILE... | --db PATH) [--live] [--json]

  -if FILE  audit log (repeatable; - for stdin; a directory reads its audit.log set)
  --live    also ask the kernel for its programs now (needs CAP_SYS_ADMIN or CAP_BPF);
            with --live alone, only the kernel's programs
  --json    the inventory as one JSON object
`;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const err = (t: string): void => void io.stderr.write(t);
  if (argv.includes('--help') || argv.includes('-h')) return usageExit('help', 'bpf', USAGE, io);
  const taken = takeEventSource(argv);
  if ('error' in taken) return usageExit(taken, 'bpf', USAGE, io);
  let json = false;
  let live = false;
  for (const a of taken.rest) {
    if (a === '--json') json = true;
    else if (a === '--live') live = true;
    else {
      return usageExit({ error: `unknown argument '${a}'` }, 'bpf', USAGE, io);
    }
  }
  const builder = new BpfInventoryBuilder();
  if (taken.source.inputs.length > 0 || taken.source.db !== undefined || !live) {
    const problem = await readEvents(taken.source, io, (e) => builder.add(e));
    if (problem !== undefined) {
      err(`auspex bpf: ${problem.message}\n`);
      return 2;
    }
  }
  let programs: LiveBpfProgram[] | undefined;
  if (live) {
    const got = liveBpfPrograms();
    if ('error' in got) {
      err(`auspex bpf: --live: ${got.error}\n`);
      return 1;
    }
    programs = got;
  }
  const inv = builder.inventory(programs);
  const out = new OutputSink(io.stdout);
  out.write(json ? `${asciiJson(inventoryJson(inv))}\n` : formatInventoryText(inv));
  await out.end();
  return 0;
}

export const bpfCommand: Command = {
  summary: 'BPF program inventory from LOAD/UNLOAD records, with --live the kernel\'s programs now',
  run,
};
