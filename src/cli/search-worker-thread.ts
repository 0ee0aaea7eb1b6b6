// The main thread's side of a parallel search's worker thread
// (search-parallel-worker.ts): starts it with a small young generation,
// hands it chunks with free pieces for its pool, and gets the reports back;
// a worker that fails or dies gives its chunks back to the main thread. It
// holds up to two chunks, so that it starts the next as soon as it sends a
// report, not when the main thread (busy searching a chunk of its own) has
// read the report.
import { Worker } from 'node:worker_threads';
import type { ChunkJob, ChunkReport, ChunkSetup } from './search-chunk-types.js';
import type { PiecePool } from './search-chunk-output.js';

/** A chunk to search, and free pieces for the worker's pool (output pieces come back once written). */
export type WorkerRequest = { readonly kind: 'run'; readonly job: ChunkJob; readonly spare: readonly ArrayBuffer[] } | { readonly kind: 'stop' };
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'report'; readonly report: ChunkReport }
  | { readonly kind: 'failed'; readonly message: string };

/** How long stop() waits for a worker to end by itself. */
const STOP_WAIT_MS = 2000;

/** Chunks a worker holds at once (the one it searches and the next). */
const MAX_HELD = 2;
/** The worker's heap: a small young generation keeps its memory low. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** Output pieces cross threads as plain Uint8Arrays: make them Buffers again. */
function reviveReport(r: ChunkReport): ChunkReport {
  const revive = (p: Uint8Array): Buffer => Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  return { ...r, body: r.body.map(revive), tail: r.tail.map(revive) };
}

export class WorkerThread {
  readonly #worker: Worker;
  /** The chunks it was given and has not reported yet, in order. */
  readonly #jobs: number[] = [];
  #alive = true;
  /** Its modules are loaded and its plan made (until then the main thread searches alone). */
  #ready = false;
  /** Pieces its reports brought that have not gone back to it yet. */
  #owed = 0;
  /** Chunks it searched. */
  done = 0;

  /** `onReady` is called once it can take chunks; `onLost` gets each chunk it held when it failed or died (undefined: none). */
  constructor(setup: ChunkSetup, onReady: () => void, onReport: (r: ChunkReport) => void, onLost: (index: number | undefined) => void) {
    this.#worker = new Worker(new URL('./search-parallel-worker.js', import.meta.url), {
      workerData: setup,
      resourceLimits: WORKER_LIMITS,
      stdout: true,
      stderr: true,
    });
    const lost = (): void => {
      if (!this.#alive) return;
      this.#alive = false;
      const lostJobs = this.#jobs.splice(0);
      void this.#worker.terminate();
      if (lostJobs.length === 0) onLost(undefined);
      for (const index of lostJobs) onLost(index);
    };
    this.#worker.on('message', (m: WorkerReply) => {
      if (!this.#alive) return; // stopping: what it finishes is not wanted any more
      if (m.kind === 'ready') {
        this.#ready = true;
        return onReady();
      }
      if (m.kind !== 'report') return lost();
      const at = this.#jobs.indexOf(m.report.index);
      if (at >= 0) this.#jobs.splice(at, 1);
      this.done++;
      this.#owed += m.report.body.length + m.report.tail.length;
      onReport(reviveReport(m.report));
    });
    this.#worker.on('error', lost);
    this.#worker.on('exit', lost);
  }

  /** Alive but not ready yet. */
  get starting(): boolean {
    return this.#alive && !this.#ready;
  }

  /** Ready and holding fewer than two chunks. */
  get idle(): boolean {
    return this.#alive && this.#ready && this.#jobs.length < MAX_HELD;
  }

  /** Starts `job`, handing back as many free pieces of `pool` as its reports brought (once written, they are free). */
  run(job: ChunkJob, pool: PiecePool): void {
    this.#jobs.push(job.index);
    const spare = pool.spare(this.#owed);
    this.#owed -= spare.length;
    const request: WorkerRequest = { kind: 'run', job, spare };
    this.#worker.postMessage(request, spare);
  }

  /**
   * Asks the worker to finish and waits for it to end by itself; terminate()
   * only if it has not within STOP_WAIT_MS. A worker terminated while V8
   * still compiles its code on a helper thread can abort the whole process
   * (Node 20: "NodePlatform::ForIsolate ... Assertion failed"), which the
   * test suite met about once in eight runs of the parallel search tests.
   */
  async stop(): Promise<void> {
    if (!this.#alive) return;
    this.#alive = false;
    const ended = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ kind: 'stop' } satisfies WorkerRequest);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_WAIT_MS);
    });
    if ((await Promise.race([ended, late])) === 'late') await this.#worker.terminate();
    clearTimeout(timer);
  }
}
