// Events for auspex's analysis commands (detect, uring, bpf, ctl --explain):
// `-if` inputs (files, `-` for stdin, a log directory's rotated set) read as
// streams and grouped the way the kernel meant (EOE ends an event), one
// assembler across all inputs. `--db` names the embedded store (`auspex
// ingest`), whose records are replayed in the order they were read.
import type { CommandIo } from './command-io.js';
import { readAuditdConf } from './auditd-conf.js';
import { expandInputArg, inputName, readInput } from './log-input.js';
import { RecordReader, formatDiagnostic } from '../format/index.js';
import { EventAssembler } from '../events/index.js';
import type { AuditEvent } from '../events/index.js';
import type { StoreReader } from '../store/index.js';

const MAX_IN_FLIGHT = 100_000;
const MAX_DIAGNOSTICS_SHOWN = 20;

export interface EventSourceArgs {
  readonly inputs: readonly string[];
  readonly db: string | undefined;
}

/** Pulls `-if FILE` (repeatable) and `--db PATH` out of argv; the rest is returned in order. */
export function takeEventSource(argv: readonly string[]): { source: EventSourceArgs; rest: string[] } | { error: string } {
  const inputs: string[] = [];
  let db: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-if' || a === '--input') {
      const v = argv[++i];
      if (v === undefined) return { error: `${a} needs a file name` };
      inputs.push(v);
    } else if (a === '--db') {
      const v = argv[++i];
      if (v === undefined) return { error: '--db needs a path' };
      db = v;
    } else rest.push(a);
  }
  return { source: { inputs, db }, rest };
}

export type EventSourceProblem = { readonly message: string };

/** Reads every event of the inputs into `onEvent`; undefined when done, else what stopped it. */
export async function readEvents(source: EventSourceArgs, io: CommandIo, onEvent: (e: AuditEvent) => void): Promise<EventSourceProblem | undefined> {
  const assembler = new EventAssembler({ policy: 'kernel', timeoutSec: readAuditdConf().endOfEventTimeoutSec, maxInFlight: MAX_IN_FLIGHT, onEvent });
  if (source.db !== undefined) return readStore(source.db, assembler);
  if (source.inputs.length === 0) return { message: 'no input: give -if FILE (or - for stdin) or --db PATH' };
  const err = (t: string): void => void io.stderr.write(t);
  const inputs = source.inputs.flatMap((a) => expandInputArg(a, err));
  let problems = 0;
  for (const input of inputs) {
    const name = inputName(input);
    const reader = new RecordReader({
      file: name,
      onRecord: (r) => assembler.push(r),
      onDiagnostic: (d) => {
        if (problems++ < MAX_DIAGNOSTICS_SHOWN) err(`auspex: ${formatDiagnostic(d)}\n`);
      },
    });
    try {
      for await (const chunk of readInput(input, io.stdin)) reader.push(chunk);
    } catch (e) {
      return { message: `cannot read ${name}: ${(e as Error).message}` };
    }
    reader.end();
  }
  assembler.flush();
  if (problems > MAX_DIAGNOSTICS_SHOWN) err(`auspex: ${problems} input problem(s), ${problems - MAX_DIAGNOSTICS_SHOWN} not shown\n`);
  return undefined;
}

/** The store's records in read order, grouped as a log read with -if would be. */
async function readStore(path: string, assembler: EventAssembler): Promise<EventSourceProblem | undefined> {
  // Loaded only when asked for: DuckDB is heavy to start.
  const { StoreReader, replay } = await import('../store/index.js');
  let reader: StoreReader;
  try {
    reader = await StoreReader.open(path);
  } catch (e) {
    return { message: `--db ${path}: ${(e as Error).message}` };
  }
  try {
    await replay(reader, { fromSec: 0, toSec: 0 }, { beginFile: () => {}, record: (r) => assembler.push(r), endFile: () => {} });
    assembler.flush();
    return undefined;
  } catch (e) {
    return { message: `--db ${path}: ${(e as Error).message}` };
  } finally {
    reader.close();
  }
}
