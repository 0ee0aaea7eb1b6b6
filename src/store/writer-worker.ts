// The store writer's thread: a StoreWriter driven by messages (see
// ingest-target.ts). Batches arrive as transferred memory, are appended,
// and go back the same way; replies keep the order of the messages.
import { parentPort } from 'node:worker_threads';
import { ColumnBatch } from './batch.js';
import type { FromWriter, ToWriter } from './ingest-target.js';
import { EVENT_COLUMNS, REPORT_COLUMNS } from './schema.js';
import { StoreWriter } from './writer.js';

const port = parentPort;
if (port === null) throw new Error('writer-worker.js runs as a worker thread');

let writer: StoreWriter | undefined;
// Column objects to take the transferred memory; one batch of each table.
const events = new ColumnBatch(EVENT_COLUMNS, 0);
const reports = new ColumnBatch(REPORT_COLUMNS, 0);
// Messages are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();

function post(m: FromWriter, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(m, transfer);
}

function errorReply(id: number, e: unknown): FromWriter {
  const err = e as { code?: unknown; message?: unknown };
  return { kind: 'error', id, code: typeof err.code === 'string' ? err.code : undefined, message: String(err.message ?? e) };
}

async function handle(m: ToWriter): Promise<void> {
  if (m.kind === 'open') {
    try {
      writer = await StoreWriter.open(m.path);
      post({ kind: 'opened', start: writer.start });
    } catch (e) {
      post(errorReply(0, e));
    }
    return;
  }
  const w = writer;
  if (w === undefined) {
    post(errorReply(m.id, new Error('store writer: not open')));
    return;
  }
  try {
    switch (m.kind) {
      case 'append': {
        events.attach(m.events);
        reports.attach(m.reports);
        await w.append(events, reports);
        const e = events.detach();
        const r = reports.detach();
        post({ kind: 'appended', id: m.id, events: e, reports: r, totals: w.totals }, [...ColumnBatch.transferList(e), ...ColumnBatch.transferList(r)]);
        return;
      }
      case 'commit':
        await w.commit(m.sources);
        post({ kind: 'done', id: m.id, totals: w.totals });
        return;
      case 'retain':
        post({ kind: 'done', id: m.id, totals: w.totals, retention: await w.retain(m.policy) });
        return;
      case 'close':
        await w.close();
        writer = undefined;
        post({ kind: 'done', id: m.id, totals: w.totals });
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  } catch (e) {
    post(errorReply(m.id, e));
  }
}

port.on('message', (m: ToWriter) => {
  queue = queue.then(() => handle(m));
});
