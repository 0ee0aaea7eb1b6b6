// When `auspex search` runs in parallel (search-parallel.ts): one regular,
// uncompressed file of at least 64 MiB, two cores, and nothing that needs the
// events in one stream (--checkpoint, --just-one, --line-buffered).
//
// Testing knobs (environment): AUSPEX_PARALLEL=0 never, =1 always (any size,
// any number of cores; the main thread then waits for the worker, so both
// search chunks even of a small input); AUSPEX_PARALLEL_CHUNK_BYTES sets the
// chunk size and AUSPEX_PARALLEL_PREWINDOW_BYTES how far before a chunk its
// reader may start.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { LogInput } from './log-input.js';
import type { SearchPlan } from './search-run.js';

export interface ParallelInput {
  readonly path: string;
  readonly fileBytes: number;
  readonly chunkBytes: number;
  /** How far before a chunk its reader may start. */
  readonly maxPreWindowBytes: number;
  /** The main thread waits for the worker before it searches (forced runs: small test inputs would be done before it starts). */
  readonly waitForWorker: boolean;
}

/** Smaller files are searched sequentially (unless AUSPEX_PARALLEL=1). */
const MIN_PARALLEL_BYTES = 64 * 1024 * 1024;
/** Small enough that the output waiting for its turn stays small, large enough that pre-windows are a small part. */
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

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
  const chunkBytes = size(env.AUSPEX_PARALLEL_CHUNK_BYTES) ?? DEFAULT_CHUNK_BYTES;
  const maxPreWindowBytes = size(env.AUSPEX_PARALLEL_PREWINDOW_BYTES) ?? Math.max(4 * chunkBytes, 32 * 1024 * 1024);
  return { path: input.path, fileBytes, chunkBytes, maxPreWindowBytes, waitForWorker: forced };
}
