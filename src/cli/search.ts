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
import type { AuditRecord, Diagnostic } from '../format/index.js';
import { compileCriteria, parseSearchArgs } from '../query/index.js';
import type { OutputFormat, SearchOptions } from '../query/index.js';
import type { InterpretOptions } from '../interpret/index.js';
import { createInterpretFormatter } from '../output/index.js';
import { searchHost } from './search-host.js';
import type { SearchHost } from './search-host.js';
import { AUSPEX_VERSION } from './version.js';
import { EventAssembler } from '../events/index.js';
import type { AuditEvent, AssemblyPolicy } from '../events/index.js';
import { createDefaultFormatter, createJsonFormatter, formatRawEvent } from '../output/index.js';
import type { EscapeMode, EventFormatter } from '../output/index.js';

export type OutputMode = OutputFormat;

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
  /** Records outside -ts/-te never reach the assembler (as in ausearch). */
  readonly acceptsRecord: ((record: AuditRecord) => boolean) | undefined;
  /** Host names and escaping for the interpreted formats. */
  readonly interpret: InterpretOptions;
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
    const accepts = plan.acceptsRecord;
    const onRecord = accepts === undefined ? (r: AuditRecord): void => assembler.push(r) : (r: AuditRecord): void => {
      if (accepts(r)) assembler.push(r);
    };
    const reader = new RecordReader({ file: inputName(input), onRecord, onDiagnostic });
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
      return createInterpretFormatter(plan.interpret);
    case 'csv':
    case 'text':
      throw new Error(`--format ${plan.output} is not available yet`);
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

export const searchCommand: Command = {
  summary: 'search audit logs (ausearch-compatible)',
  async run(argv, io) {
    const host = searchHost();
    const parsed = parseSearchArgs(argv, host.args);
    switch (parsed.kind) {
      case 'help':
        io.stdout.write(parsed.stdout);
        return parsed.exitCode;
      case 'version':
        io.stdout.write(`auspex search ${AUSPEX_VERSION} (ausearch 3.0.9 compatible)\n`);
        return parsed.exitCode;
      case 'error':
        io.stdout.write(parsed.stdout);
        io.stderr.write(parsed.stderr);
        return parsed.exitCode;
      case 'ok':
        return runSearch(planFromOptions(parsed.options, host, io), io);
    }
  },
};

function planFromOptions(o: SearchOptions, host: SearchHost, io: CommandIo): SearchPlan {
  const c = o.criteria;
  const start = c.startSec ?? 0;
  const end = c.endSec ?? 0;
  return {
    inputArgs: o.input.sources.map((s) => (s.kind === 'stdin' ? '-' : s.path)),
    forceLogs: o.input.forceLogs,
    output: o.output.format,
    escape: o.output.escape,
    lineBuffered: o.output.lineBuffered,
    justOne: o.justOne,
    eoeTimeoutSec: o.input.eoeTimeoutSec,
    matches: compileCriteria(c, { users: host.users, format: o.output.format, warn: (t) => io.stderr.write(t) }),
    // ausearch drops records outside -ts/-te before it groups them.
    acceptsRecord: start === 0 && end === 0 ? undefined : (r) => !((start !== 0 && r.sec < start) || (end !== 0 && r.sec > end)),
    interpret: { users: host.names, protocols: host.protocols, escape: o.output.escape, hostMachine: host.machine },
  };
}
