// Streams a report's input into its run, as aureport reads: -if FILE (a file,
// or a directory's rotated audit.log set), else stdin when it is a pipe, else
// the configured logs; records grouped into events with the run's policy,
// all inputs sharing one assembler that is flushed only after the last.
import { fstatSync, statSync } from 'node:fs';
import type { CommandIo } from './command-io.js';
import { OutputSink } from './output-sink.js';
import { endOutput } from './end-output.js';
import { errnoText } from './errno-text.js';
import { readAuditdConf } from './auditd-conf.js';
import { inputName, readInput, rotatedSet } from './log-input.js';
import type { LogInput } from './log-input.js';
import { DEFAULT_MAX_LINE_BYTES, RecordReader } from '../format/index.js';
import { InputProblems } from './input-problems.js';
import type { AuditRecord } from '../format/index.js';
import { EventAssembler } from '../events/index.js';
import { createReportRun, createSummaryFastPath } from '../report/index.js';
import { feedSummaryScan } from './report-fast.js';
import { parallelSummary } from './report-parallel.js';
import type { ReportEnv, ReportOptions, ReportRun } from '../report/index.js';

/** Most diagnostics printed per run; the rest are counted in the summary. */
/** Events kept open at once before the oldest is forced out (aureport has no bound). */
const MAX_IN_FLIGHT = 100_000;

/** The assembler both report inputs (logs, the store's replay) feed: events go to the run, its text to `out`. */
export function reportAssembler(run: ReportRun, timeoutSec: number, out: OutputSink): EventAssembler {
  return new EventAssembler({
    policy: run.policy,
    timeoutSec,
    maxInFlight: MAX_IN_FLIGHT,
    onEvent: (event) => {
      const text = run.event(event);
      if (text.length > 0) out.write(text);
    },
  });
}

export async function runReport(options: ReportOptions, env: Omit<ReportEnv, 'warn' | 'debug'>, io: CommandIo): Promise<number> {
  const err = (t: string): void => {
    io.stderr.write(t);
  };
  const conf = readAuditdConf();
  if (!conf.loaded) err(`NOTE - using built-in logs: ${conf.logFile}\n`);
  const run = await createReportRun(options, { ...env, warn: err, debug: err });
  const out = new OutputSink(io.stdout);
  const started = run.start();
  out.write(started.stdout);
  err(started.stderr);
  if (started.exitCode !== undefined) return endOutput(out, io, started.exitCode);

  const inputs = resolveInputs(options, io, conf.logFile, err);
  if (inputs === undefined) return endOutput(out, io, 1);
  const timeoutSec = options.input.eoeTimeoutSec ?? conf.endOfEventTimeoutSec;

  // The main summary has a fast path over plain files; anything unusual in
  // the input sends it back here, to the general path.
  const read = { timeoutSec, maxInFlight: MAX_IN_FLIGHT, maxLineBytes: DEFAULT_MAX_LINE_BYTES };
  const fast = createSummaryFastPath(options, env, read);
  const only = inputs.length === 1 ? inputs[0] : undefined;
  if (fast !== undefined && only?.kind === 'file') {
    // A large file: a part per core.
    const merged = await parallelSummary(only.path, options.filter, { ...read, interpret: options.presentation.interpret });
    if (merged !== undefined) {
      const end = fast.finish(merged.model, merged.warnings);
      err(end.stderr);
      out.write(end.stdout);
      return endOutput(out, io, end.exitCode);
    }
  }
  if (fast !== undefined && (await feedSummaryScan(fast.scan, inputs))) {
    const end = fast.finish();
    err(end.stderr);
    out.write(end.stdout);
    return endOutput(out, io, end.exitCode);
  }

  const assembler = reportAssembler(run, timeoutSec, out);
  const problems = new InputProblems(err);
  const onDiagnostic = problems.note;
  const onRecord = (r: AuditRecord): void => {
    if (run.acceptRecord(r.sec, r.milli)) assembler.push(r);
  };
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as LogInput;
    const name = inputName(input);
    run.beginFile(name);
    const reader = new RecordReader({ file: name, onRecord, onDiagnostic, asAusearchReads: true });
    try {
      for await (const chunk of readInput(input, io.stdin)) {
        reader.push(chunk);
        if (out.closed) break;
        await out.drain();
      }
    } catch (e) {
      err(`Error opening ${name} (${errnoText(e)})\n`);
      return endOutput(out, io, 1);
    }
    reader.end();
    // Events still open wait for the next file; only the last one completes them.
    if (i === inputs.length - 1) assembler.flush();
    out.write(run.endFile());
    if (out.closed) break;
  }
  const totals = problems.totalsLine();
  if (totals !== '') err(totals);
  const end = run.finish();
  out.write(end.stdout);
  err(end.stderr);
  return endOutput(out, io, end.exitCode);
}

// aureport: -if names a file or a log directory (stat failing ends the run),
// --input-logs forces the configured logs, stdin is read only when it is a
// FIFO, else the configured logs.
function resolveInputs(options: ReportOptions, io: CommandIo, logFile: string, err: (t: string) => void): LogInput[] | undefined {
  const file = options.input.file;
  if (file !== undefined) {
    let isDir: boolean;
    try {
      isDir = statSync(file).isDirectory();
    } catch (e) {
      err(`stat: ${errnoText(e)}\n`);
      return undefined;
    }
    if (!isDir) return [{ kind: 'file', path: file }];
    const base = `${file}${file.endsWith('/') ? '' : '/'}audit.log`;
    err(`NOTE - using logs in ${base}\n`);
    return rotatedSet(base);
  }
  if (options.input.forceLogs || !stdinIsFifo(io)) return rotatedSet(logFile);
  return [{ kind: 'stdin' }];
}

function stdinIsFifo(io: CommandIo): boolean {
  if (io.stdin !== process.stdin) return io.stdinIsPipe;
  try {
    return fstatSync(0).isFIFO();
  } catch {
    return false;
  }
}
