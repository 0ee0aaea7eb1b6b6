// `auspex search`: ausearch's options and output over audit logs, faster.
// Reads inputs as a stream, assembles events as ausearch does, selects them
// with the query predicate and prints them in the chosen format.
import type { Command } from './main.js';
import type { CommandIo } from './command-io.js';
import { OutputSink } from './output-sink.js';
import { readAuditdConf } from './auditd-conf.js';
import { expandInputArg, inputName, readInput, rotatedSet } from './log-input.js';
import type { LogInput } from './log-input.js';
import { RecordReader, formatDiagnostic } from '../format/index.js';
import type { Diagnostic } from '../format/index.js';
import { EventAssembler } from '../events/index.js';
import type { AuditEvent, AssemblyPolicy } from '../events/index.js';
import { createDefaultFormatter, createJsonFormatter, formatRawEvent } from '../output/index.js';
import type { EscapeMode, EventFormatter } from '../output/index.js';

export type OutputMode = 'raw' | 'default' | 'interpret' | 'json';

/** What a search run needs, whoever parsed the command line. */
export interface SearchPlan {
  /** `-if` arguments in order; empty means stdin when piped, else the configured logs. */
  readonly inputArgs: readonly string[];
  /** `--input-logs`: read the configured logs even when stdin is a pipe. */
  readonly forceLogs: boolean;
  readonly output: OutputMode;
  readonly escape: EscapeMode;
  readonly lineBuffered: boolean;
  readonly justOne: boolean;
  /** `--eoe-timeout`; undefined means auditd.conf's end_of_event_timeout. */
  readonly eoeTimeoutSec: number | undefined;
  readonly matches: (event: AuditEvent) => boolean;
}

/** Most diagnostics printed per run; the rest are counted in the summary. */
const MAX_DIAGNOSTICS_SHOWN = 100;
/** Events kept open at once before the oldest is forced out (ausearch has no bound). */
const MAX_IN_FLIGHT = 100_000;

export async function runSearch(plan: SearchPlan, io: CommandIo): Promise<number> {
  const conf = readAuditdConf();
  const inputs = resolveInputs(plan, io, conf.logFile);
  const out = new OutputSink(io.stdout, { lineBuffered: plan.lineBuffered });
  const format = createEventFormatter(plan);
  // JSON consumers get the events the kernel meant; the ausearch text formats
  // reproduce ausearch's grouping so their output stays byte-identical.
  const policy: AssemblyPolicy = plan.output === 'json' ? 'kernel' : 'ausearch';
  let found = 0;
  let stop = false;
  const assembler = new EventAssembler({
    policy,
    timeoutSec: plan.eoeTimeoutSec ?? conf.endOfEventTimeoutSec,
    maxInFlight: MAX_IN_FLIGHT,
    onEvent: (event) => {
      if (stop || !plan.matches(event)) return;
      found++;
      format(event, out);
      if (plan.justOne) stop = true;
    },
  });
  let shown = 0;
  let problems = 0;
  let skippedBytes = 0;
  const onDiagnostic = (d: Diagnostic): void => {
    problems++;
    skippedBytes += d.skippedBytes;
    if (shown++ < MAX_DIAGNOSTICS_SHOWN) io.stderr.write(`auspex: ${formatDiagnostic(d)}\n`);
  };
  for (const input of inputs) {
    if (stop || out.closed) break;
    const reader = new RecordReader({ file: inputName(input), onRecord: (r) => assembler.push(r), onDiagnostic });
    try {
      for await (const chunk of readInput(input, io.stdin)) {
        reader.push(chunk);
        if (stop || out.closed) break;
        await out.drain();
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      io.stderr.write(`Error opening ${inputName(input)} (${describeErrno(e)})\n`);
      await out.end();
      return 1;
    }
    reader.end();
  }
  if (!stop && !out.closed) assembler.flush();
  await out.end();
  if (out.error !== undefined) {
    io.stderr.write(`auspex: write error: ${out.error.message}\n`);
    return 1;
  }
  if (problems > 0) {
    const hidden = problems > MAX_DIAGNOSTICS_SHOWN ? ` (${problems - MAX_DIAGNOSTICS_SHOWN} not shown)` : '';
    io.stderr.write(`auspex: ${problems} input problem(s)${hidden}; ${skippedBytes} byte(s) skipped\n`);
  }
  if (found === 0) {
    if (plan.output !== 'raw') io.stderr.write('<no matches>\n');
    return 1;
  }
  return 0;
}

function resolveInputs(plan: SearchPlan, io: CommandIo, logFile: string): LogInput[] {
  if (plan.inputArgs.length > 0) {
    return plan.inputArgs.flatMap((arg) => expandInputArg(arg, (t) => io.stderr.write(t)));
  }
  if (!plan.forceLogs && io.stdinIsPipe) return [{ kind: 'stdin' }];
  return rotatedSet(logFile);
}

function createEventFormatter(plan: SearchPlan): EventFormatter<AuditEvent> {
  switch (plan.output) {
    case 'raw':
      return formatRawEvent;
    case 'default':
      return createDefaultFormatter(plan.escape);
    case 'json':
      return createJsonFormatter();
    case 'interpret':
      throw new Error(`output ${plan.output} not available yet`);
  }
}

function describeErrno(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    default:
      return e.message;
  }
}

/** Interim argument reading until query/ provides ausearch's full option set. */
function planFromArgs(argv: readonly string[]): SearchPlan | string {
  const inputArgs: string[] = [];
  let output: OutputMode = 'default';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-if' || a === '--input') {
      const v = argv[++i];
      if (v === undefined) return `${a} needs a file`;
      inputArgs.push(v);
    } else if (a === '-r' || a === '--raw') output = 'raw';
    else if (a === '-i' || a === '--interpret') output = 'interpret';
    else if (a === '--json') output = 'json';
    else return `unknown option ${a}`;
  }
  return { inputArgs, forceLogs: false, output, escape: 'tty', lineBuffered: false, justOne: false, eoeTimeoutSec: undefined, matches: () => true };
}

export const searchCommand: Command = {
  summary: 'search audit logs (ausearch-compatible)',
  async run(argv, io) {
    const plan = planFromArgs(argv);
    if (typeof plan === 'string') {
      io.stderr.write(`${plan}\n`);
      return 1;
    }
    return runSearch(plan, io);
  },
};
