// Runs one chunk of a parallel search, on whichever thread: the search's
// usual pipeline (RecordReader → EventAssembler → predicate → formatter) over
// the chunk's own byte range, with the assembler's phases around it — records
// of a pre-window before the chunk are FOREIGN (grouped, never printed),
// records after it OVERRUN (they only complete the chunk's open events) — and
// reports what search-boundary.ts needs to check the cuts. Also runs the
// fallback: from a verified chunk start to the end of the file, straight out.
import { open } from 'node:fs/promises';
import { EventAssembler, eventKey } from '../events/index.js';
import type { AssemblyPolicy, AuditEvent } from '../events/index.js';
import { NeedleFinder, RecordReader } from '../format/index.js';
import type { Diagnostic, ParsedRecord } from '../format/index.js';
import { createCsvFormatter } from '../output/index.js';
import type { EventFormatter } from '../output/index.js';
import { lineStartAtOrAfter, newlinesIn, preWindowStart } from './search-chunk-plan.js';
import { ChunkBuffer, PIECE_BYTES, PieceReader, VOID_SINK, carryEvent, uncarryEvent } from './search-chunk-output.js';
import type { CarriedEvent, PiecePool } from './search-chunk-output.js';
import { END_AT } from './search-chunk-types.js';
import type { ChunkJob, ChunkReport, ChunkSetup, DirectOutput, StderrItem } from './search-chunk-types.js';
import { mayReadPathState, setsSyscallArgs } from './search-carried-state.js';
import { createSearchFormatter, interpretOptions } from './search-format.js';
import type { FormatConfig } from './search-format.js';
import type { SearchHost } from './search-host.js';
import { isCandidate, planFromOptions, recordMarks, wantedMarks } from './search-plan.js';
import type { SearchPlan } from './search-run.js';

const READ_BYTES = PIECE_BYTES;
/** The overrun reads in small steps: it mostly stops soon. */
const OVERRUN_READ_BYTES = 64 * 1024;
const MAX_IN_FLIGHT = 100_000;
const MAX_DIAGNOSTICS_KEPT = 100;
/** Bound on the bytes of the -i prefix and of the events carried after the last SYSCALL one. */
const MAX_CARRIED_BYTES = 1024 * 1024;

function chunkFormatter(config: FormatConfig, host: SearchHost, onError: (text: string) => void): EventFormatter<AuditEvent> {
  // Chunks print no CSV header: the coordinator writes it once, before the first row.
  if (config.output === 'csv') return createCsvFormatter({ extra: config.extra, interpret: interpretOptions(config, host), onError, header: false });
  return createSearchFormatter(config, host, onError);
}

/** One per thread: the plan made from the options, run after run. */
export class ChunkRunner {
  readonly #setup: ChunkSetup;
  readonly #host: SearchHost;
  readonly #pool: PiecePool;
  readonly #plan: SearchPlan;
  readonly #policy: AssemblyPolicy;
  /** One for all runs: a finder chooses where to scan from on its first chunk, once. */
  readonly #needles: NeedleFinder | undefined;
  /** Where matching's warnings and the formatter's errors go during the current run. */
  #onText: (text: string) => void = () => undefined;
  /**
   * The formatter of unprimed runs, kept from one to the next (its caches
   * stay warm): what it carries into a chunk does not matter there, since
   * -i prefixes are printed again and csv/text check for the path state.
   */
  #format: EventFormatter<AuditEvent> | undefined;

  constructor(setup: ChunkSetup, host: SearchHost, pool: PiecePool) {
    this.#setup = setup;
    this.#host = host;
    this.#pool = pool;
    this.#plan = planFromOptions(setup.options, host, (t) => this.#onText(t));
    this.#policy = this.#plan.format.output === 'json' ? 'kernel' : 'ausearch';
    this.#needles = this.#plan.needles === undefined ? undefined : new NeedleFinder(this.#plan.needles);
  }

  /** A formatter like the chunks' (the coordinator re-prints -i prefixes with one). */
  newFormatter(): EventFormatter<AuditEvent> {
    return chunkFormatter(this.#plan.format, this.#host, () => undefined);
  }

  async run(job: ChunkJob, direct?: DirectOutput): Promise<ChunkReport> {
    const input = new PieceReader(await open(this.#setup.path, 'r'), this.#pool);
    try {
      return await this.#run(input, job, direct);
    } finally {
      await input.close();
    }
  }

  async #run(input: PieceReader, job: ChunkJob, direct: DirectOutput | undefined): Promise<ChunkReport> {
    const { path, fileBytes, timeoutSec, maxPreWindowBytes } = this.#setup;
    const plan = this.#plan;
    const { start, end } = job;
    // A run from the start of the file or with a primer needs a formatter that carries nothing yet.
    const fresh = start === 0 || job.primer !== undefined;
    const format = fresh ? chunkFormatter(plan.format, this.#host, (t) => onText(t)) : (this.#format ??= chunkFormatter(plan.format, this.#host, (t) => this.#onText(t)));
    const interpret = plan.format.output === 'interpret';
    const pathState = plan.format.output === 'csv' || plan.format.output === 'text';
    let pathStateRead = false;

    const body = new ChunkBuffer(this.#pool);
    const tail = new ChunkBuffer(this.#pool);
    const startKeys: string[] = [];
    const endKeys: string[] = [];
    const absorbed: number[] = [];
    const appended: number[] = [];
    const foreignKeys: string[] = [];
    const foreignAt: number[] = [];
    const tailKeys: string[] = [];
    const stderr: StderrItem[] = [];
    let bodyPrinted = 0;
    let tailPrinted = 0;
    let printed = 0;
    let problems = 0;
    let skippedBytes = 0;
    let kept = 0;
    // Where reading is: 0 pre-window, 1 own range, 2 overrun (and the end).
    let stage = 0;
    let at = 0;
    let tailIndex = -1;
    let emitted = 0;
    let lastForeign = -1;
    let firstVisibleOwn = -1;
    let stopped = false;
    // Ties between events with one id decided by ausearch's array slots, which
    // only a run from the start of the file numbers right (EventAssembler.slotOrdered).
    let slotOrderedAtStart = 0;
    let aborted = false;
    let readEnd = fileBytes;
    // -i bookkeeping.
    const prefix: { event: CarriedEvent; inTail: boolean; bytes: number }[] = [];
    let collecting = interpret && job.collectPrefix && direct === undefined;
    let prefixBytes = 0;
    let overflow = false;
    let lastSetter: AuditEvent | undefined;
    let maybes: AuditEvent[] = [];
    let maybeBytes = 0;

    const onText = (text: string): void => {
      if (at < job.quietBefore) return;
      const item: StderrItem = { kind: 'text', at, tail: tailIndex, text };
      if (direct !== undefined) direct.onStderr(item);
      else stderr.push(item);
    };

    const wanted = wantedMarks(plan);
    const assembler = new EventAssembler({
      policy: this.#policy,
      timeoutSec,
      maxInFlight: MAX_IN_FLIGHT,
      // Events kept past the callback (-i's carried events) have had their records read in it.
      lazyRecords: true,
      onEvent: (event, foreign, marks) => {
        if (aborted) return;
        if (direct !== undefined && start > 0 && stage > 0 && assembler.slotOrdered > slotOrderedAtStart) {
          // Straight out, nothing may be printed in an order this run cannot know: stop before it.
          aborted = stopped = true;
          readEnd = at;
          return;
        }
        emitted++;
        if (foreign) {
          if (stage === 0) return;
          const key = eventKey(event);
          foreignKeys.push(key);
          foreignAt.push(at);
          lastForeign = emitted;
          if (stage === 2) tailKeys.push(key);
          return;
        }
        tailIndex = stage === 2 ? tailKeys.push(eventKey(event)) - 1 : -1;
        const stderrBefore = stderr.length;
        let visible = false;
        if (isCandidate(marks, wanted) && plan.matches(event)) {
          visible = true;
          if (++printed <= job.skipPrinted) format(event, VOID_SINK);
          else {
            const sink = direct !== undefined ? direct.sink : stage === 2 ? tail : body;
            const before = sink === body || sink === tail ? (sink as ChunkBuffer).length : 0;
            format(event, sink);
            if (stage === 2) tailPrinted++;
            else bodyPrinted++;
            if (pathState && !pathStateRead && job.start > 0 && mayReadPathState(event)) pathStateRead = true;
            if (interpret) {
              const sets = setsSyscallArgs(event);
              if (collecting) {
                const carried = carryEvent(event);
                prefixBytes += carried.lines.length;
                prefix.push({ event: carried, inTail: stage === 2, bytes: (sink as ChunkBuffer).length - before });
                if (sets === 'yes') collecting = false;
                else if (prefixBytes > MAX_CARRIED_BYTES) {
                  collecting = false;
                  overflow = true;
                  prefix.length = 0;
                }
              }
              if (sets === 'yes') {
                lastSetter = event;
                maybes = [];
                maybeBytes = 0;
              } else if (sets === 'maybe') {
                maybes.push(event);
                for (const r of event.records) maybeBytes += r.length;
              }
            }
          }
        }
        if (stderr.length !== stderrBefore) visible = true;
        if (visible && firstVisibleOwn < 0) firstVisibleOwn = emitted;
      },
    });

    const accepts = plan.acceptsRecord;
    const onParsed = (r: ParsedRecord, hit: boolean, offset: number): void => {
      if (stopped || (accepts !== undefined && !accepts(r))) return;
      if (stage === 2 && assembler.pending === 0) {
        // The overrun is over: nothing of this chunk is open or waiting.
        stopped = true;
        readEnd = offset;
        return;
      }
      at = offset;
      switch (assembler.pushParsed(r, recordMarks(r, hit, plan))) {
        case 'joined-foreign':
          if (stage > 0) absorbed.push(offset);
          if (stage === 2) appended.push(offset);
          break;
        case 'joined':
          if (stage === 2) appended.push(offset);
          break;
        case 'created':
        case 'ticked':
        case 'dropped':
          break;
      }
    };
    const onDiagnostic = (d: Diagnostic): void => {
      // The pre-window's and the overrun's belong to other chunks; those before quietBefore are out already.
      if (aborted || d.offset < Math.max(start, job.quietBefore) || d.offset >= end) return;
      problems++;
      skippedBytes += d.skippedBytes;
      const item: StderrItem = { kind: 'diagnostic', at: d.offset, diag: { ...d, line: d.line - (job.linesBefore ?? 0) } };
      if (direct !== undefined) direct.onStderr(item);
      else if (kept++ < MAX_DIAGNOSTICS_KEPT) stderr.push(item);
    };

    // The pre-window first, whole: its lines shift the line numbers.
    const fd = input.fd;
    const earliest = lineStartAtOrAfter(fd, Math.max(0, start - maxPreWindowBytes), fileBytes);
    const preStart = start === 0 ? 0 : preWindowStart(fd, start, fileBytes, timeoutSec + 1, Math.min(earliest, start));
    // The length of the read at `pos` (a range's reads end where it does); 0 at the end of the file.
    const span = (pos: number): number =>
      pos < start ? Math.min(READ_BYTES, start - pos) : pos < end ? Math.min(READ_BYTES, end - pos) : Math.min(OVERRUN_READ_BYTES, fileBytes - pos);
    const pre: Buffer[] = [];
    let preLines = 0;
    for (let p = preStart; p < start; ) {
      const buf = await input.read(p, span(p), span(p + span(p)));
      if (buf.length === 0) break;
      preLines += newlinesIn(buf, 0, buf.length);
      pre.push(buf);
      p += buf.length;
    }
    const reader = new RecordReader({
      file: path,
      firstLine: (job.linesBefore ?? 0) + 1 - preLines,
      firstOffset: preStart,
      onParsed,
      onDiagnostic,
      asAusearchReads: this.#policy === 'ausearch',
      ...(this.#needles === undefined ? {} : { needles: this.#needles }),
    });

    if (job.primer !== undefined) for (const e of job.primer) format(uncarryEvent(e, path), VOID_SINK);

    assembler.phase = 'foreign';
    // Matching's warnings go to this run's onText: runs on one thread may interleave at awaits, not within a push.
    const feed = (buf: Buffer): void => {
      this.#onText = onText;
      reader.push(buf);
    };
    for (const buf of pre) feed(buf);
    startKeys.push(...assembler.pendingKeys());
    slotOrderedAtStart = assembler.slotOrdered;
    assembler.phase = 'own';
    stage = 1;
    let pos = start;
    let closed = false;
    while (pos < end) {
      const buf = await input.read(pos, span(pos), direct === undefined ? span(pos + span(pos)) : 0);
      if (buf.length === 0) break;
      feed(buf);
      pos += buf.length;
      if (direct !== undefined) {
        if (aborted) break;
        await direct.pause();
        if ((closed = direct.closed())) break;
      }
    }
    // The reader's count of lines ended so far (the pre-window's and the own range's, which ends at a line start or the end of the file).
    const lines = reader.totals.lines - preLines;
    // A last line without a newline is the own range's when it reaches the end of the file.
    const atEof = pos >= fileBytes && !closed && !aborted;
    if (atEof) {
      this.#onText = onText;
      reader.end();
    }
    endKeys.push(...assembler.pendingKeys());
    // At the end of the file the flush hands everything out: nothing comes after.
    const foreignLeft = end < fileBytes && foreignKeys.length < startKeys.length;
    assembler.phase = 'overrun';
    stage = 2;
    while (!closed && pos < fileBytes && !stopped && assembler.pending > 0) {
      const buf = await input.read(pos, span(pos));
      if (buf.length === 0) break;
      feed(buf);
      pos += buf.length;
    }
    if (!stopped && !closed) {
      if (pos >= fileBytes) {
        this.#onText = onText;
        if (!atEof) reader.end();
        at = END_AT;
        assembler.flush();
      } else readEnd = pos; // nothing pending: the overrun ended at a read boundary
    }
    this.#onText = () => undefined;

    return {
      index: job.index,
      first: job.first,
      printedBefore: job.skipPrinted,
      start,
      end,
      readEnd,
      lines,
      body: body.pieces(),
      tail: tail.pieces(),
      bodyPrinted,
      tailPrinted,
      startKeys,
      endKeys,
      absorbed,
      appended,
      foreignKeys,
      foreignAt,
      tailKeys,
      ordered: lastForeign < 0 || firstVisibleOwn < 0 || lastForeign < firstVisibleOwn,
      foreignLeft,
      forcedOut: assembler.totals.forcedOut,
      stderr,
      problems,
      skippedBytes,
      interpret: !interpret
        ? undefined
        : {
            prefix,
            prefixOverflow: overflow,
            last: maybeBytes > MAX_CARRIED_BYTES ? [] : [...(lastSetter === undefined ? [] : [lastSetter]), ...maybes].map(carryEvent),
            setsArgs: lastSetter !== undefined,
            lastOverflow: maybeBytes > MAX_CARRIED_BYTES,
          },
      pathStateRead,
      slotRisk: start > 0 && assembler.slotOrdered > slotOrderedAtStart,
      aborted,
    };
  }
}
