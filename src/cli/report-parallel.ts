// The main summary of one large log file on several cores: the file is cut at
// line starts into a part per core, each scanned by a worker thread
// (report-parallel-worker.ts) that reads from a little before its cut (so it
// knows the events open there) to past its end (until its own events are
// complete); report/'s mergeParts checks the parts agree at every cut and
// joins them. Any doubt (disagreeing cuts, an unusual line, a failed worker)
// returns undefined and the caller scans the file whole, as it does when the
// file is small or the machine has no idle core.
import { closeSync, openSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { chunkStarts, preWindowStart } from './search-chunk-plan.js';
import type { PartJob, PartReply } from './report-parallel-worker.js';
import { mergeParts } from '../report/index.js';
import type { EventFilter, PartBounds, PartResult, SummaryModel, SummaryScanOptions } from '../report/index.js';

/** Below this size one thread is as quick as starting workers. */
export const PARALLEL_MIN_BYTES = 48 * 1024 * 1024;

/** The parts' bounds for `parts` workers, or undefined when the file is too small to cut. */
function planParts(path: string, fileBytes: number, parts: number, timeoutSec: number): PartBounds[] | undefined {
  const fd = openSync(path, 'r');
  try {
    const starts = chunkStarts(fd, fileBytes, Math.ceil(fileBytes / parts));
    if (starts.length < 2) return undefined;
    return starts.map((start, i) => ({
      // Events open at the cut began no more than the end-of-event timeout before it, in a log in time order.
      foreignFrom: i === 0 ? 0 : preWindowStart(fd, start, fileBytes, timeoutSec + 1, starts[i - 1] as number),
      ownFrom: start,
      ownTo: i + 1 < starts.length ? (starts[i + 1] as number) : fileBytes,
      fileBytes,
    }));
  } finally {
    closeSync(fd);
  }
}

function runPart(job: PartJob): Promise<PartResult | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./report-parallel-worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    const done = (r: PartResult | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    worker.on('message', (m: PartReply) => done(m.kind === 'done' ? m.result : undefined));
    worker.on('error', () => done(undefined));
    worker.on('exit', () => done(undefined));
  });
}

export async function parallelSummary(
  path: string, filter: EventFilter, options: Omit<SummaryScanOptions, 'users' | 'filter'>, minBytes = PARALLEL_MIN_BYTES,
): Promise<{ readonly model: SummaryModel; readonly warnings: readonly string[] } | undefined> {
  let fileBytes: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    fileBytes = st.size;
  } catch {
    return undefined;
  }
  // Workers pay for their start (each loads the modules) with cores of their own:
  // on a machine already busy they only add work.
  const cores = availableParallelism();
  const idle = Math.floor(cores - (loadavg()[0] ?? 0) + 0.5);
  const parts = Math.min(cores, 4, minBytes === 0 ? cores : idle);
  if (parts < 2 || fileBytes < minBytes) return undefined;
  const bounds = planParts(path, fileBytes, parts, options.timeoutSec);
  if (bounds === undefined) return undefined;
  const results = await Promise.all(bounds.map((b) => runPart({ path, bounds: b, options: { ...options, filter } })));
  if (results.some((r) => r === undefined)) return undefined;
  return mergeParts(results as PartResult[], filter, options.maxInFlight);
}
