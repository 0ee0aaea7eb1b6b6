// When `auspex search` runs in parallel (search-parallel.ts): one regular,
// uncompressed file, two cores, and nothing that needs the events in one
// stream (--checkpoint, --just-one, --line-buffered); by itself only past
// 4 GiB, whatever the format. --json went parallel from 64 MiB (7 s against
// 10 s sequential on the 200 MiB benchmark log) but peaked at 156-171 MB
// there, over the 150 MB the search may take on that log (88-96 MB
// sequential), and at 13-16 s when another job kept a core busy. The text formats went
// parallel from 256 MiB until the sequential search lost its per-record
// objects; since then a second thread costs 1.5-1.9 times the CPU (its
// start, chunk runs' pre-windows and recompilations) and, measured again
// after the chunk runs were made cheaper, gains only when a core is idle:
// -i 3.35-3.72 against 3.78-3.86 s on 600 MiB at load ~2.5, slower at load
// 4-5 on 600 MiB and 1.2 GiB, --raw -k even or slower, all at 140-167 MB
// against 65-72. So they go parallel only past 4 GiB (docs/performance.md).
//
// Testing knobs (environment): AUSPEX_PARALLEL=0 never, =1 always (any size,
// any number of cores; on a small input the main thread then waits for the
// worker, so both search chunks); AUSPEX_PARALLEL_CHUNK_BYTES sets the
// chunk size and AUSPEX_PARALLEL_PREWINDOW_BYTES how far before a chunk its
// reader may start.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { LogInput } from './log-input.js';
import type { SearchPlan } from './search-run.js';

export interface ParallelInput {
  readonly path: string;
  readonly fileBytes: number;
  /** Chunk size and how far before a chunk its reader may start, when set (else found from the file). */
  readonly chunkBytes: number | undefined;
  readonly maxPreWindowBytes: number | undefined;
  /** The main thread waits for the worker before it searches (forced runs on small inputs, which would be done before it starts). */
  readonly waitForWorker: boolean;
}

/** Smaller files are searched sequentially (unless AUSPEX_PARALLEL=1). */
const MIN_PARALLEL_BYTES = 4 * 1024 * 1024 * 1024;
/** Forced runs on inputs smaller than this wait for the worker (else the main thread is done before it starts). */
const WAIT_BELOW_BYTES = 32 * 1024 * 1024;
/** The input, when this search can run in parallel: one regular, uncompressed file, large enough, and two cores. */
export function parallelInput(plan: SearchPlan, files: readonly LogInput[], env: Readonly<Record<string, string | undefined>>): ParallelInput | undefined {
  const mode = env.AUSPEX_PARALLEL;
  if (mode === '0' || plan.options === undefined || plan.justOne || plan.lineBuffered || plan.checkpoint !== undefined) return undefined;
  const input = files.length === 1 ? files[0] : undefined;
  if (input === undefined || input.kind !== 'file') return undefined;
  let fileBytes: number;
  try {
    const st = statSync(input.path);
    if (!st.isFile()) return undefined;
    fileBytes = st.size;
    const fd = openSync(input.path, 'r');
    const head = Buffer.alloc(2);
    try {
      readSync(fd, head, 0, 2, 0);
    } finally {
      closeSync(fd);
    }
    if (head[0] === 0x1f && head[1] === 0x8b) return undefined; // gzip: one stream, read in order
  } catch {
    return undefined; // the sequential search reports it
  }
  const forced = mode === '1';
  if (fileBytes === 0 || (!forced && (fileBytes < MIN_PARALLEL_BYTES || availableParallelism() < 2))) return undefined;
  const size = (text: string | undefined): number | undefined => {
    const v = Number(text);
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };
  const chunkBytes = size(env.AUSPEX_PARALLEL_CHUNK_BYTES);
  const maxPreWindowBytes = size(env.AUSPEX_PARALLEL_PREWINDOW_BYTES);
  return { path: input.path, fileBytes, chunkBytes, maxPreWindowBytes, waitForWorker: forced && fileBytes < WAIT_BELOW_BYTES };
}
