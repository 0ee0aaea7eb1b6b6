// The worker thread of a parallel search (search-parallel.ts): makes the
// search's plan from the plain options it is started with, then searches each
// chunk the main thread sends and sends back the report, its output moved,
// not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkRunner } from './search-chunk-run.js';
import type { ChunkReport, ChunkSetup } from './search-chunk-types.js';
import type { WorkerReply, WorkerRequest } from './search-worker-thread.js';
import { searchHost } from './search-host.js';
import { PiecePool } from './search-chunk-output.js';

/** The memory blocks of a report's output and carried events, each once. */
function transferList(r: ChunkReport): ArrayBuffer[] {
  const blocks = new Set<ArrayBuffer>();
  const add = (b: Uint8Array): void => {
    if (b.buffer instanceof ArrayBuffer) blocks.add(b.buffer);
  };
  r.body.forEach(add);
  r.tail.forEach(add);
  r.interpret?.prefix.forEach((p) => add(p.event.lines));
  r.interpret?.last.forEach((e) => add(e.lines));
  return [...blocks];
}

const port = parentPort;
if (port !== null) {
  const pool = new PiecePool();
  const runner = new ChunkRunner(workerData as ChunkSetup, searchHost(), pool);
  // One chunk at a time, in the order given: runs share the formatter, whose
  // carried state (-i's SYSCALL arguments, csv's path) interleaved runs would mix.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: WorkerRequest) => {
    if (m.kind === 'stop') {
      // After the chunks already given: with the port closed the thread ends by itself.
      queue = queue.then(() => port.close());
      return;
    }
    for (const block of m.spare) pool.give(new Uint8Array(block));
    queue = queue.then(() =>
      runner.run(m.job).then(
        (report) => port.postMessage({ kind: 'report', report } satisfies WorkerReply, transferList(report)),
        (err: unknown) => port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
      ),
    );
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
}
