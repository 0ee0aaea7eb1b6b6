// Runs a search: inputs read as streams, records assembled into events as
// ausearch does, events selected, checkpointed and printed. Problems in the
// input are reported as they are met and totalled at the end.
import { statSync } from 'node:fs';
import type { CommandIo } from './command-io.js';
import { OutputSink } from './output-sink.js';
import { readAuditdConf } from './auditd-conf.js';
import { errnoText } from './errno-text.js';
import { expandInputArg, inputName, readInput, rotatedSet } from './log-input.js';
import type { LogInput } from './log-input.js';
import { CheckpointRun, STDIN_CHECKPOINT_WARNING, loadCheckpoint } from './search-checkpoint.js';
import type { CheckpointDecision } from './search-checkpoint.js';
import { RecordReader } from '../format/index.js';
import { InputProblems } from './input-problems.js';
import type { ParsedRecord } from '../format/index.js';
import { EventAssembler } from '../events/index.js';
import type { AuditEvent, AssemblyPolicy } from '../events/index.js';
import { createSearchFormatter } from './search-format.js';
import type { FormatConfig } from './search-format.js';
import type { SearchHost } from './search-host.js';
import { parallelInput } from './search-parallel-input.js';
import { BlockReader } from './search-blocks.js';
import { isCandidate, recordMarks, wantedMarks } from './search-plan.js';
import type { SearchOptions } from '../query/index.js';

/** What a search run needs, whoever parsed the command line. */
export interface SearchPlan {
  /** `-if` arguments in order; empty means stdin when piped, else the configured logs. */
  readonly inputArgs: readonly string[];
  /** `--input-logs`: read the configured logs even when stdin is a pipe. */
  readonly forceLogs: boolean;
  readonly format: FormatConfig;
  /** The reading machine's names, for the interpreted formats. */
  readonly host: SearchHost;
  readonly lineBuffered: boolean;
  readonly justOne: boolean;
  /** `--eoe-timeout`; undefined means auditd.conf's end_of_event_timeout. */
  readonly eoeTimeoutSec: number | undefined;
  readonly matches: (event: AuditEvent) => boolean;
  /**
   * Byte strings of which every matching event holds one in some record:
   * events without any are passed over before `matches` (a fast scan).
   */
  readonly needles: readonly Buffer[] | undefined;
  /**
   * For -m: whether a record's type (its name as written) is a wanted one;
   * events without such a record are passed over before `matches`.
   */
  readonly typeFilter: ((typeName: string) => boolean) | undefined;
  /** Events holding a record of this type reach `matches` even without the marks above (query/prefilter.ts). */
  readonly alwaysParsedType?: number | undefined;
  /** Records outside -ts/-te never reach the assembler (as in ausearch). */
  readonly acceptsRecord: ((record: { readonly sec: number }) => boolean) | undefined;
  /** --checkpoint FILE, and whether only its time stamp counts (-ts checkpoint). */
  readonly checkpoint: { readonly path: string; readonly timeOnly: boolean } | undefined;
  /** The parsed options the plan was made from (plain data: a worker thread makes the same plan from them). */
  readonly options?: SearchOptions;
}

const PRINT: CheckpointDecision = { kind: 'output' };

/** Most diagnostics printed per run; the rest are counted in the summary. */
/** Events kept open at once before the oldest is forced out (ausearch has no bound). */
const MAX_IN_FLIGHT = 100_000;

interface Inputs {
  readonly files: LogInput[];
  /** Read as ausearch reads its log directory: a rotated set, oldest first. */
  readonly rotated: boolean;
}

export async function runSearch(plan: SearchPlan, io: CommandIo): Promise<number> {
  const conf = readAuditdConf();
  const inputs = resolveInputs(plan, io, conf.logFile);
  const fromStdin = inputs.files.some((f) => f.kind === 'stdin');
  let checkpoint: CheckpointRun | undefined;
  if (plan.checkpoint !== undefined) {
    const load = loadCheckpoint(plan.checkpoint.path);
    if (load.kind === 'error') {
      io.stderr.write(load.stderr);
      return load.exitCode;
    }
    if (fromStdin) io.stderr.write(STDIN_CHECKPOINT_WARNING);
    else checkpoint = new CheckpointRun(plan.checkpoint.path, load, plan.checkpoint.timeOnly);
  }
  // ausearch stats the -if path before it reads anything; a failure ends the run.
  const statError = firstStatError(plan.inputArgs);
  if (statError !== undefined) {
    io.stderr.write(`stat: ${statError}\n`);
    return 1;
  }
  let files = inputs.files;
  if (checkpoint !== undefined && inputs.rotated) {
    // Newest first, as ausearch numbers them; start at the checkpointed file.
    const newestFirst = [...files].reverse().map((f) => fileId(f));
    const start = checkpoint.startIndex(newestFirst);
    if (start === 'missing') return 10;
    files = files.slice(files.length - 1 - start);
  }

  const timeoutSec = plan.eoeTimeoutSec ?? conf.endOfEventTimeoutSec;
  // One large regular file: cut into chunks searched on both cores, same output (search-parallel.ts).
  const parallel = checkpoint === undefined ? parallelInput(plan, files, io.env) : undefined;
  // Loaded only then: a sequential search does not pay for its modules at start-up.
  if (parallel !== undefined) return (await import('./search-parallel.js')).runParallelSearch(plan, parallel, timeoutSec, io);

  const out = new OutputSink(io.stdout, { lineBuffered: plan.lineBuffered });
  const format = createSearchFormatter(plan.format, plan.host, (t) => io.stderr.write(t));
  // JSON consumers get the events the kernel meant; the ausearch text formats
  // reproduce ausearch's grouping so their output stays byte-identical.
  const policy: AssemblyPolicy = plan.format.output === 'json' ? 'kernel' : 'ausearch';
  let found = 0;
  let stop = false;
  const wanted = wantedMarks(plan);
  let failure = 0;
  const assembler = new EventAssembler({
    policy,
    timeoutSec,
    maxInFlight: MAX_IN_FLIGHT,
    // Events are read only here; those the prefilter passes over cost no record objects.
    lazyRecords: true,
    onEvent: (event, _foreign, marks) => {
      if (stop) return;
      if (isCandidate(marks, wanted) && plan.matches(event)) {
        const decision = checkpoint?.decide(event) ?? PRINT;
        if (decision.kind === 'corrupted') {
          io.stderr.write(decision.stderr);
          failure = 10;
          stop = true;
          return;
        }
        if (decision.kind === 'output') {
          found++;
          format(event, out);
        }
        if (plan.justOne) {
          stop = true;
          return;
        }
      }
      checkpoint?.remember(event);
    },
  });
  const problems = new InputProblems((t) => io.stderr.write(t));
  const onDiagnostic = problems.note;
  const accepts = plan.acceptsRecord;
  // Plain files are read into pooled blocks (search-blocks.ts); `tag` is the
  // block the records being read lie in (0: memory not from the pool).
  const blocks = new BlockReader();
  let tag = 0;
  const onParsed = (r: ParsedRecord, hit: boolean): void => {
    if (accepts !== undefined && !accepts(r)) return;
    assembler.pushParsed(r, recordMarks(r, hit, plan), tag);
  };
  let lastFile: LogInput | undefined;
  for (const input of files) {
    if (stop || out.closed) break;
    const reader = new RecordReader({
      file: inputName(input),
      onParsed,
      onDiagnostic,
      // The text formats print what ausearch prints; --json keeps every record.
      asAusearchReads: policy === 'ausearch',
      ...(plan.needles === undefined ? {} : { needles: plan.needles }),
    });
    try {
      const tagged = input.kind === 'file' ? await blocks.open(input.path) : undefined;
      if (tagged !== undefined) {
        for await (const chunk of tagged) {
          tag = chunk.tag;
          reader.push(chunk.bytes);
          blocks.release(Math.min(tag, assembler.oldestTag()));
          if (stop || out.closed) break;
          await out.drain();
        }
      } else {
        tag = 0;
        for await (const chunk of readInput(input, io.stdin)) {
          reader.push(chunk);
          if (stop || out.closed) break;
          await out.drain();
        }
      }
    } catch (err) {
      io.stderr.write(`Error opening ${inputName(input)} (${errnoText(err)})\n`);
      await out.end();
      return 1;
    }
    // Stopped early (--just-one, or the reader of the output went away): the
    // line being read is cut by the stop, not truncated in the file.
    lastFile = input;
    if (stop || out.closed) break;
    reader.end();
  }
  // With a checkpoint, events still open at the end wait for the next run
  // (ausearch leaves them incomplete so they are printed once, whole).
  if (!stop && !out.closed && checkpoint === undefined) assembler.flush();
  await out.end();
  if (out.error !== undefined) {
    io.stderr.write(`auspex: write error: ${out.error.message}\n`);
    return 1;
  }
  const totals = problems.totalsLine();
  if (totals !== '') io.stderr.write(totals);
  let code = failure;
  if (checkpoint !== undefined) {
    if (lastFile !== undefined && lastFile.kind === 'file') checkpoint.fileRead(lastFile.path);
    const fin = checkpoint.finish(code);
    io.stderr.write(fin.stderr);
    if (fin.exitCode !== undefined) return fin.exitCode;
  }
  if (code !== 0) return code;
  if (found === 0) {
    if (plan.format.output !== 'raw') io.stderr.write('<no matches>\n');
    code = 1;
  }
  return code;
}

function fileId(input: LogInput): { dev: bigint; ino: bigint } {
  if (input.kind !== 'file') return { dev: -1n, ino: -1n };
  try {
    const st = statSync(input.path, { bigint: true });
    return { dev: st.dev, ino: st.ino };
  } catch {
    return { dev: -1n, ino: -1n };
  }
}

function resolveInputs(plan: SearchPlan, io: CommandIo, logFile: string): Inputs {
  if (plan.inputArgs.length > 0) {
    const files = plan.inputArgs.flatMap((arg) => expandInputArg(arg, (t) => io.stderr.write(t)));
    return { files, rotated: plan.inputArgs.length === 1 && files.length > 0 && isDirectory(plan.inputArgs[0] as string) };
  }
  if (!plan.forceLogs && io.stdinIsPipe) return { files: [{ kind: 'stdin' }], rotated: false };
  return { files: rotatedSet(logFile), rotated: true };
}

/** errno text of the first -if path that cannot be stat'ed (stdin, `-`, is not a path). */
function firstStatError(args: readonly string[]): string | undefined {
  for (const arg of args) {
    if (arg === '-') continue;
    try {
      statSync(arg);
    } catch (e) {
      return errnoText(e);
    }
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
