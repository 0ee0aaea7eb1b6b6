// node:util parseArgs as the commands use it: strict, -h/--help added, and a
// bad option a message (the command prints it with its usage, exit 2) rather
// than a throw.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CommandIo } from './command-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
type Parsed<O extends Options, P extends boolean> = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: P; options: WithHelp<O> }>>;

export function parseCommandArgs<const O extends Options, const P extends boolean = false>(
  argv: readonly string[], options: O, allowPositionals?: P,
): Pick<Parsed<O, P>, 'values' | 'positionals'> | { error: string } | 'help' {
  let parsed: Parsed<O, P>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: (allowPositionals ?? false) as P,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>,
    });
  } catch (e) {
    return { error: (e as Error).message };
  }
  if ((parsed.values as { help?: boolean }).help === true) return 'help';
  return parsed;
}

/** Help asked for (the usage on stdout, exit 0) or a bad command line (`auspex NAME: message` and the usage on stderr, exit 2). */
export function usageExit(outcome: 'help' | { readonly error: string }, name: string, usage: string, io: CommandIo): number {
  if (outcome === 'help') {
    io.stdout.write(usage);
    return 0;
  }
  io.stderr.write(`auspex ${name}: ${outcome.error}\n${usage}`);
  return 2;
}
