// Entry point of the auspex command: picks the subcommand and hands it the rest
// of argv. Each command lives in its own file under cli/, is loaded only when
// asked for (start-up stays fast), and returns an exit code; none calls
// process.exit() so output streams drain before the process ends.
import type { CommandIo } from './command-io.js';
import { processIo } from './command-io.js';
import { AUSPEX_VERSION } from './version.js';

export interface Command {
  readonly summary: string;
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  bpf: async () => (await import('./bpf.js')).bpfCommand,
  collect: async () => (await import('./collect.js')).collectCommand,
  container: async () => (await import('./collect-container.js')).containerCommand,
  ctl: async () => (await import('./ctl.js')).ctlCommand,
  detect: async () => (await import('./detect.js')).detectCommand,
  ingest: async () => (await import('./ingest.js')).ingestCommand,
  query: async () => (await import('./query.js')).queryCommand,
  report: async () => (await import('./report.js')).reportCommand,
  search: async () => (await import('./search.js')).searchCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  uring: async () => (await import('./uring.js')).uringCommand,
};

/** The command list with each command's summary (loading every command: only for the help screen). */
async function usage(): Promise<string> {
  const names = Object.keys(COMMANDS).sort();
  const width = Math.max(...names.map((n) => n.length));
  const lines = await Promise.all(names.map(async (n) => `  ${n.padEnd(width)}  ${(await (COMMANDS[n] as () => Promise<Command>)()).summary}`));
  return `usage: auspex <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n` +
    `Run 'auspex <command> --help' for a command's options.\n`;
}

export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`auspex ${AUSPEX_VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr.write(`auspex: unknown command '${name}'\n${await usage()}`);
    return 2;
  }
  const command = await load();
  return command.run(rest, io);
}
