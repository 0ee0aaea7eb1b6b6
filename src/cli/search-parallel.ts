// `auspex search` over one large log file on two cores: the file is cut into
// chunks at line starts (search-chunk-plan.ts); the main thread and ONE
// worker thread each search chunks (search-chunk-run.ts), and the main
// thread checks every cut (search-boundary.ts) and writes the chunks' output
// in order. The output is byte for byte the sequential search's: when a cut
// fails its check, the two chunks around it are searched again as one (on
// the main thread); when that one fails at its next cut too, the rest of the
// file is searched as one, straight out. When a search runs in parallel:
// search-parallel-input.ts.
//
// Per cut, once both chunks are searched: check it; write the earlier
// chunk's tail (what it printed after the cut, in its overrun), then the later
// chunk's body. -i carries the last SYSCALL record's a0/a1 from one event to
// the next: a chunk's first events up to one that sets them are printed again
// here by a formatter primed with the events that set them before the cut
// (search-carried-state.ts). CSV chunks print no header: it goes out once,
// before the first byte.
import { channel } from 'node:diagnostics_channel';
import { closeSync, openSync } from 'node:fs';
import type { CommandIo } from './command-io.js';
import type { SearchPlan } from './search-run.js';
import { csvHeader } from '../output/index.js';
import { chunkBytesFor, planChunks } from './search-chunk-plan.js';
import type { Geometry } from './search-chunk-plan.js';
import { ChunkRunner } from './search-chunk-run.js';
import type { ChunkJob, ChunkReport, ChunkSetup, InterpretCarry, StderrItem } from './search-chunk-types.js';
import { ChunkBuffer, PiecePool, VOID_SINK, uncarryEvent } from './search-chunk-output.js';
import type { CarriedEvent } from './search-chunk-output.js';
import { StderrMerger, checkBoundary } from './search-boundary.js';
import type { BoundaryVerdict } from './search-boundary.js';
import { WorkerThread } from './search-worker-thread.js';
import { PieceWriter } from './search-parallel-writer.js';
import type { Replacement } from './search-parallel-writer.js';
import type { ParallelInput } from './search-parallel-input.js';
import { MAX_DIAGNOSTICS_SHOWN, problemsTotalsLine } from './input-problems.js';

export { parallelInput } from './search-parallel-input.js';
export type { ParallelInput } from './search-parallel-input.js';

/** What a parallel run did, published on the `auspex:search:parallel` channel (tests read it). */
export interface ParallelStats {
  readonly chunks: number;
  readonly byWorker: number;
  /** Why the last cut that failed its check failed, if one did. */
  readonly fallback: string | undefined;
  /** Chunks searched again on the main thread (failed cuts, -i prefixes too long to print again). */
  readonly reruns: number;
  /** Where the rest of the file was searched as one, straight out, if it was: a chunk's start, 0 for the file's. */
  readonly sequentialFrom: number | undefined;
}

export const PARALLEL_CHANNEL = 'auspex:search:parallel';
const statsChannel = channel(PARALLEL_CHANNEL);

/**
 * Chunks searched ahead of the last one written: bounds the output held in
 * memory. The worker holds two and this thread searches one, and a finished
 * chunk waits for the one before it: with fewer, this thread waited for work.
 */
const MAX_AHEAD = 4;
/**
 * Threads besides the main one. A second isolate costs its own heap (and the
 * main thread's young generation, which cannot be bounded from inside the
 * process, stays as large as in a sequential search): one keeps memory low.
 */
const WORKER_THREADS = 1;

/**
 * Chunks hold about this many pre-windows, within [2, 16] MiB: small enough
 * that the output waiting for its turn stays small, large enough that
 * pre-windows (read twice) are a small part of the work.
 */
const PRE_WINDOWS_PER_CHUNK = 8;
const MIN_CHUNK_BYTES = 2 * 1024 * 1024;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/** --json writes several times its input: smaller chunks keep the output held as small as before. */
const JSON_PRE_WINDOWS_PER_CHUNK = 6;
const JSON_MIN_CHUNK_BYTES = 2 * 1024 * 1024;

export async function runParallelSearch(plan: SearchPlan, input: ParallelInput, timeoutSec: number, io: CommandIo): Promise<number> {
  const options = plan.options;
  if (options === undefined) throw new Error('parallel search needs the parsed options');
  let chunkBytes = input.chunkBytes;
  if (chunkBytes === undefined) {
    const fd = openSync(input.path, 'r');
    try {
      const json = plan.format.output === 'json';
      chunkBytes = json
        ? chunkBytesFor(fd, input.fileBytes, timeoutSec + 1, JSON_PRE_WINDOWS_PER_CHUNK, JSON_MIN_CHUNK_BYTES, MAX_CHUNK_BYTES)
        : chunkBytesFor(fd, input.fileBytes, timeoutSec + 1, PRE_WINDOWS_PER_CHUNK, MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
    } finally {
      closeSync(fd);
    }
  }
  const setup: ChunkSetup = {
    path: input.path,
    fileBytes: input.fileBytes,
    options,
    timeoutSec,
    maxPreWindowBytes: input.maxPreWindowBytes ?? Math.max(4 * chunkBytes, 32 * 1024 * 1024),
  };
  return new ParallelSearch(plan, setup, chunkBytes, input.waitForWorker, io).run();
}

/**
 * One parallel search. Chunks are searched ahead by both threads (at most
 * MAX_AHEAD past the last one written); a report is written as soon as it
 * and the one before it are in, in chunk order, one commit at a time.
 */
class ParallelSearch {
  readonly #plan: SearchPlan;
  readonly #setup: ChunkSetup;
  readonly #starts: readonly number[];
  readonly #linesBefore: number[];
  readonly #n: number;
  readonly #io: CommandIo;
  readonly #pool = new PiecePool();
  readonly #out: PieceWriter;
  readonly #merger: StderrMerger;
  readonly #runner: ChunkRunner;
  readonly #workers: WorkerThread[] = [];
  readonly #reports: (ChunkReport | undefined)[];
  /** -i: the events that set the formatter's carried state before each chunk (kept for the fallback). */
  readonly #primers: (readonly CarriedEvent[])[] = [];
  readonly #tailFixes: (Replacement | undefined)[] = [];
  #primer: readonly CarriedEvent[] = [];
  #found = 0;
  #problems = 0;
  #skippedBytes = 0;
  /** Chunks whose body is written (their tail waits for the next cut). */
  #committed = 0;
  #nextJob = 0;
  readonly #requeued: number[] = [];
  #reruns = 0;
  #fallback: string | undefined;
  #sequentialStart: number | undefined;
  #over = false;
  #commits: Promise<void> = Promise.resolve();
  readonly #waitForWorker: boolean;
  #failure: { readonly err: unknown } | undefined;
  #wake: (() => void) | undefined;

  constructor(plan: SearchPlan, setup: ChunkSetup, chunkBytes: number, waitForWorker: boolean, io: CommandIo) {
    this.#plan = plan;
    this.#setup = setup;
    this.#io = io;
    this.#waitForWorker = waitForWorker;
    // The worker loads its modules while this thread cuts the file (and counts lines for JSON).
    for (let i = 0; i < (setup.fileBytes > chunkBytes ? WORKER_THREADS : 0); i++) {
      this.#workers.push(
        new WorkerThread(
          setup,
          () => this.#notify(),
          (r) => this.#arrived(r),
          (index) => {
            if (index !== undefined) this.#requeued.push(index);
            this.#notify();
          },
        ),
      );
    }
    let geometry: Geometry;
    try {
      geometry = planChunks(setup.path, setup.fileBytes, chunkBytes, plan.format.output === 'json');
    } catch (err) {
      for (const w of this.#workers) void w.stop();
      throw err;
    }
    this.#starts = geometry.starts;
    this.#linesBefore = geometry.linesBefore;
    this.#n = geometry.starts.length;
    // CSV chunks print no header: it goes out once, before the first byte.
    this.#out = new PieceWriter(io.stdout, this.#pool, plan.format.output === 'csv' ? csvHeader(plan.format.extra) : undefined);
    this.#merger = new StderrMerger((t) => io.stderr.write(t), MAX_DIAGNOSTICS_SHOWN);
    this.#runner = new ChunkRunner(setup, plan.host, this.#pool);
    this.#reports = new Array<ChunkReport | undefined>(this.#n);
  }

  async run(): Promise<number> {
    try {
      // Search chunks on this thread while the worker searches others; commits
      // run between (at this thread's awaits). Every report, commit and lost
      // worker wakes the loop; it ends when the last chunk is written.
      for (;;) {
        this.#feedWorker();
        if (this.#over || this.#out.closed) break;
        const waiting = this.#waitForWorker && this.#workers.some((w) => w.starting);
        const k = waiting ? undefined : this.#takeJob();
        if (k !== undefined) this.#arrived(await this.#runner.run(this.#jobFor(k)));
        else await new Promise<void>((resolve) => (this.#wake = resolve));
      }
      await this.#commits;
    } finally {
      for (const w of this.#workers) await w.stop();
    }
    if (this.#failure !== undefined) throw this.#failure.err;
    return this.#finish();
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  #arrived(r: ChunkReport): void {
    this.#reports[r.index] = r;
    this.#commits = this.#commits
      .then(() => this.#commit())
      .catch((err: unknown) => {
        // Ends the search; run() throws it.
        this.#failure ??= { err };
        this.#over = true;
        this.#notify();
      });
    this.#notify();
  }

  #jobFor(k: number): ChunkJob {
    return {
      index: k,
      first: k,
      start: this.#starts[k] as number,
      end: this.#endOf(k),
      linesBefore: this.#plan.format.output === 'json' ? this.#linesBefore[k] : undefined,
      skipPrinted: 0,
      quietBefore: 0,
      primer: undefined,
      collectPrefix: this.#plan.format.output === 'interpret' && k > 0,
    };
  }

  #endOf(k: number): number {
    return k + 1 < this.#n ? (this.#starts[k + 1] as number) : this.#setup.fileBytes;
  }

  #takeJob(): number | undefined {
    if (this.#over) return undefined;
    if (this.#requeued.length > 0) return this.#requeued.shift();
    if (this.#nextJob < this.#n && this.#nextJob < this.#committed + MAX_AHEAD) return this.#nextJob++;
    return undefined;
  }

  #feedWorker(): void {
    for (const w of this.#workers) {
      if (!w.idle) continue;
      const k = this.#takeJob();
      if (k === undefined) return;
      w.run(this.#jobFor(k), this.#pool);
    }
  }

  /** Checks cuts and writes output as far as the reports allow. */
  async #commit(): Promise<void> {
    while (!this.#over && this.#committed < this.#n) {
      const k = this.#committed;
      let cur = this.#reports[k];
      if (cur === undefined) return;
      if (k > 0) {
        const prev = this.#reports[k - 1] as ChunkReport;
        const verdict = this.#check(prev, cur);
        if (verdict.ok) this.#writeTail(k - 1, cur);
        else {
          this.#fallback = verdict.reason;
          cur = await this.#searchAgain(prev, k);
          if (cur === undefined) return;
          this.#reports[k] = cur;
        }
        this.#reports[k - 1] = undefined;
      }
      await this.#writeBody(k);
      this.#committed++;
      this.#feedWorker();
      this.#notify();
      if (this.#out.closed) {
        this.#over = true;
        return;
      }
    }
    if (!this.#over && this.#committed === this.#n) {
      this.#writeTail(this.#n - 1, undefined);
      this.#over = true;
      this.#notify();
    }
  }

  /**
   * A cut failed its check: the chunk before it (whose start is verified and
   * whose body is out) and the chunk after it are searched again as one, on
   * this thread. If that chunk was already two or more, or the formatter's
   * state cannot be rebuilt there, the rest of the file is searched as one,
   * straight out, and undefined returned.
   */
  async #searchAgain(prev: ChunkReport, k: number): Promise<ChunkReport | undefined> {
    this.#reruns++;
    const first = prev.first;
    const job: ChunkJob = {
      index: k,
      first,
      start: this.#starts[first] as number,
      end: this.#endOf(k),
      linesBefore: this.#linesBefore[first],
      skipPrinted: prev.printedBefore + prev.bodyPrinted,
      quietBefore: prev.end,
      primer: this.#primers[first],
      collectPrefix: false,
    };
    if (first === k - 1) {
      const r = await this.#runner.run(job);
      if (first === 0 || !(r.pathStateRead || r.slotRisk)) return r;
      this.#fallback = r.slotRisk ? 'events with one id ordered by array slots' : 'an event may print the path left by an earlier one';
    }
    this.#over = true;
    this.#notify();
    for (const w of this.#workers) await w.stop();
    await this.#sequentialFrom(job);
    return undefined;
  }

  #check(prev: ChunkReport, cur: ChunkReport): BoundaryVerdict {
    const verdict = checkBoundary(prev, cur);
    if (!verdict.ok) return verdict;
    if (prev.interpret?.lastOverflow === true) return { ok: false, reason: '-i events to carry past the cut too large' };
    if (cur.pathStateRead) return { ok: false, reason: 'an event may print the path left by an earlier one' };
    if (cur.slotRisk) return { ok: false, reason: 'events with one id ordered by array slots' };
    return verdict;
  }

  /** The chunk's tail; its lines of the error stream go where the next chunk (the truth after the cut) handed their events out. */
  #writeTail(k: number, next: ChunkReport | undefined): void {
    const r = this.#reports[k] as ChunkReport;
    this.#out.writeParts(r.tail, this.#tailFixes[k]);
    this.#tailFixes[k] = undefined;
    this.#found += r.tailPrinted;
    for (const item of r.stderr) {
      if (item.kind !== 'text' || item.tail < 0) continue;
      this.#merger.add(item, k, 0, next === undefined ? item.at : (next.foreignAt[item.tail] as number));
    }
  }

  async #writeBody(k: number): Promise<void> {
    let r = this.#reports[k] as ChunkReport;
    this.#primers[k] = this.#primer;
    let bodyFix: Replacement | undefined;
    if (r.interpret !== undefined && k > 0) {
      if (r.interpret.prefixOverflow) {
        // Too long to print again here: search the chunk again, primed.
        this.#reruns++;
        r = await this.#runner.run({ ...this.#jobFor(k), primer: this.#primer, collectPrefix: false });
        this.#reports[k] = r;
      } else if (r.interpret.prefix.length > 0) {
        const fix = this.#fixPrefix(r.interpret);
        bodyFix = fix.body;
        this.#tailFixes[k] = fix.tail;
      }
      const carry = r.interpret as InterpretCarry;
      this.#primer = carry.setsArgs ? carry.last : [...this.#primer, ...carry.last];
    }
    this.#out.writeParts(r.body, bodyFix);
    this.#found += r.bodyPrinted;
    this.#problems += r.problems;
    this.#skippedBytes += r.skippedBytes;
    const base = this.#linesBefore[r.first] as number;
    this.#linesBefore[k + 1] ??= base + r.lines;
    for (const item of r.stderr) if (item.kind === 'diagnostic' || item.tail < 0) this.#merger.add(item, k, base);
    this.#merger.flush(this.#endOf(k));
    await this.#out.drain();
  }

  /** -i: the chunk's first events printed again by a formatter primed with the events carried from before it. */
  #fixPrefix(carry: InterpretCarry): { body: Replacement | undefined; tail: Replacement | undefined } {
    const path = this.#setup.path;
    const f = this.#runner.newFormatter();
    for (const e of this.#primer) f(uncarryEvent(e, path), VOID_SINK);
    const body = new ChunkBuffer(this.#pool);
    const tail = new ChunkBuffer(this.#pool);
    let bodySkip = 0;
    let tailSkip = 0;
    for (const p of carry.prefix) {
      f(uncarryEvent(p.event, path), p.inTail ? tail : body);
      if (p.inTail) tailSkip += p.bytes;
      else bodySkip += p.bytes;
    }
    const part = (b: ChunkBuffer, skip: number): Replacement | undefined => {
      const pieces = b.pieces();
      const head = Buffer.concat(pieces);
      for (const p of pieces) this.#pool.give(p);
      return skip > 0 || head.length > 0 ? { head, skip } : undefined;
    };
    return { body: part(body, bodySkip), tail: part(tail, tailSkip) };
  }

  /**
   * The rest of the search from `job`'s start to the end of the file, straight
   * out; csv/text from the start of the file, since the path state their
   * formatter carries is known nowhere else.
   */
  async #sequentialFrom(job: ChunkJob): Promise<void> {
    const csvText = this.#plan.format.output === 'csv' || this.#plan.format.output === 'text';
    let run = job.first > 0 && csvText ? this.#fromStart(job) : { ...job, end: this.#setup.fileBytes };
    for (;;) {
      const base = this.#linesBefore[run.first] as number;
      const onStderr = (item: StderrItem): void => {
        if (item.kind === 'diagnostic') {
          this.#problems++;
          this.#skippedBytes += item.diag.skippedBytes;
        }
        this.#merger.add(item, run.index, base);
        this.#merger.flush(item.at, true);
      };
      const out = this.#out;
      this.#sequentialStart = run.start;
      const r = await this.#runner.run(run, { sink: out, onStderr, pause: () => out.drain(), closed: () => out.closed });
      this.#found += r.bodyPrinted + r.tailPrinted;
      if (!r.aborted) return;
      // Events with one id met an order only a run from the start knows: go on from there.
      this.#fallback = 'events with one id ordered by array slots';
      run = this.#fromStart({ ...run, quietBefore: Math.max(run.quietBefore, r.readEnd) });
    }
  }

  /** A run from the start of the file that prints only what is not out yet. */
  #fromStart(job: ChunkJob): ChunkJob {
    this.#merger.discard(); // the run from the start writes them again
    return { ...job, first: 0, start: 0, end: this.#setup.fileBytes, linesBefore: 0, skipPrinted: this.#found, primer: undefined };
  }

  async #finish(): Promise<number> {
    const io = this.#io;
    this.#merger.flush(Number.POSITIVE_INFINITY);
    if (statsChannel.hasSubscribers) {
      const stats: ParallelStats = { chunks: this.#n, byWorker: this.#workers.reduce((n, w) => n + w.done, 0), fallback: this.#fallback, reruns: this.#reruns, sequentialFrom: this.#sequentialStart };
      statsChannel.publish(stats);
    }
    await this.#out.end();
    if (this.#out.error !== undefined) {
      io.stderr.write(`auspex: write error: ${this.#out.error.message}\n`);
      return 1;
    }
    const totals = problemsTotalsLine(this.#problems, this.#skippedBytes);
    if (totals !== '') io.stderr.write(totals);
    if (this.#found === 0) {
      if (this.#plan.format.output !== 'raw') io.stderr.write('<no matches>\n');
      return 1;
    }
    return 0;
  }
}
