// A worker thread of the parallel main summary: scans its part of the file
// (report/'s scanPart) with positioned reads and posts the result back.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { scanPart } from '../report/index.js';
import type { PartBounds, PartResult, SummaryScanOptions } from '../report/index.js';

/** What the main thread hands a worker (structured-clone safe: no user database, the summary needs none). */
export interface PartJob {
  readonly path: string;
  readonly bounds: PartBounds;
  readonly options: Omit<SummaryScanOptions, 'users'>;
}

export type PartReply = { readonly kind: 'done'; readonly result: PartResult } | { readonly kind: 'failed'; readonly message: string };

const NO_USERS = { uidOf: (): undefined => undefined, gidOf: (): undefined => undefined, userName: (): undefined => undefined };

function run(job: PartJob): PartReply {
  const fd = openSync(job.path, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
    const read = (pos: number, length: number): Buffer => {
      const n = readSync(fd, buf, 0, Math.min(length, buf.length), pos);
      return buf.subarray(0, n);
    };
    return { kind: 'done', result: scanPart({ ...job.options, users: NO_USERS }, job.bounds, read) };
  } finally {
    closeSync(fd);
  }
}

try {
  parentPort?.postMessage(run(workerData as PartJob));
} catch (e) {
  parentPort?.postMessage({ kind: 'failed', message: (e as Error).message } satisfies PartReply);
}
