// Where StoreIngest's batches go: a StoreWriter on the same thread, or one
// on a worker thread, so that DuckDB appends, compresses and commits on the
// second core while this one reads and groups records. Batches handed over
// come back (their memory with them) once written, to be filled again. The
// worker's store may still be opening while reading starts (see renumber.ts).
import { Worker } from 'node:worker_threads';
import type { ColumnBatch, BatchData } from './batch.js';
import { ColumnBatch as Batch } from './batch.js';
import type { RetentionPolicy, RetentionResult } from './retention.js';
import { SourceBook } from './source-book.js';
import type { SourceState } from './source-book.js';
import { StoreError } from './store-error.js';
import type { StoreErrorCode } from './store-error.js';
import { StoreWriter } from './writer.js';
import type { WriterStart } from './writer.js';
import { NO_RENUMBERING, renumberRows, renumberSources } from './renumber.js';
import type { Renumbering } from './renumber.js';

export interface WriteTotals {
  /** Events stored, and events found stored already, as far as written. */
  readonly stored: number;
  readonly already: number;
}

export interface IngestTarget {
  readonly path: string;
  /** The inputs read into the store through this target. */
  readonly book: SourceBook;
  readonly totals: WriteTotals;
  /** Resolves once the store is open (rejects if it cannot be); the other calls wait for it. */
  readonly ready: Promise<void>;
  /** Writes the rows of both batches; resolves when the batches may be cleared and filled again. */
  write(events: ColumnBatch, reports: ColumnBatch): Promise<void>;
  /** Makes what was written durable, with the sources' state. */
  commit(sources: readonly SourceState[]): Promise<void>;
  retain(policy: RetentionPolicy): Promise<RetentionResult>;
  close(): Promise<void>;
}

/** The writer on this thread; calls run one after another, in the order made. */
export class DirectTarget implements IngestTarget {
  readonly ready: Promise<void> = Promise.resolve();
  readonly #writer: StoreWriter;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(writer: StoreWriter) {
    this.#writer = writer;
  }

  get path(): string {
    return this.#writer.path;
  }

  get book(): SourceBook {
    return this.#writer.book;
  }

  get totals(): WriteTotals {
    return this.#writer.totals;
  }

  async write(events: ColumnBatch, reports: ColumnBatch): Promise<void> {
    await this.#then(() => this.#writer.append(events, reports));
  }

  commit(sources: readonly SourceState[]): Promise<void> {
    return this.#then(() => this.#writer.commit(sources));
  }

  retain(policy: RetentionPolicy): Promise<RetentionResult> {
    return this.#then(() => this.#writer.retain(policy));
  }

  close(): Promise<void> {
    return this.#then(() => this.#writer.close());
  }

  #then<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(step);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** Messages to the writer thread. */
export type ToWriter =
  | { readonly kind: 'open'; readonly path: string }
  | { readonly kind: 'append'; readonly id: number; readonly events: BatchData; readonly reports: BatchData }
  | { readonly kind: 'commit'; readonly id: number; readonly sources: readonly SourceState[] }
  | { readonly kind: 'retain'; readonly id: number; readonly policy: RetentionPolicy }
  | { readonly kind: 'close'; readonly id: number };

/** Replies from it: `id` answers the message of that id. */
export type FromWriter =
  | { readonly kind: 'opened'; readonly start: WriterStart }
  | { readonly kind: 'appended'; readonly id: number; readonly events: BatchData; readonly reports: BatchData; readonly totals: WriteTotals }
  | { readonly kind: 'done'; readonly id: number; readonly totals: WriteTotals; readonly retention?: RetentionResult }
  | { readonly kind: 'error'; readonly id: number; readonly code: string | undefined; readonly message: string };

function errorOf(m: { code: string | undefined; message: string }): Error {
  return m.code !== undefined && m.code.startsWith('E_STORE') ? new StoreError(m.code as StoreErrorCode, m.message) : new Error(m.message);
}

/**
 * The writer on a worker thread (see writer-worker.ts). Made by start(), it
 * takes batches at once, while the thread still loads DuckDB and opens the
 * store: its book numbers sources and lines from 1, and rows and sources are
 * moved on to the store's numbering when handed over.
 */
export class WorkerTarget implements IngestTarget {
  readonly path: string;
  readonly book = new SourceBook(1, 1);
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (m: FromWriter) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #totals: WriteTotals = { stored: 0, already: 0 };
  #failure: Error | undefined;
  #shift: Renumbering = NO_RENUMBERING;
  #opened: { resolve: (start: WriterStart) => void; reject: (e: Error) => void } | undefined;

  private constructor(path: string, worker: Worker) {
    this.path = path;
    this.#worker = worker;
    const opened = new Promise<WriterStart>((resolve, reject) => {
      this.#opened = { resolve, reject };
    });
    this.ready = opened.then((start) => {
      this.#shift = { id: start.nextSourceId - 1, rseq: start.nextRseq - 1 };
    });
    this.ready.catch(() => undefined); // a caller that never waits for it learns of the failure from its next call
    worker.on('message', (m: FromWriter) => this.#reply(m));
    worker.on('error', (e) => this.#fail(e));
    worker.on('exit', () => this.#fail(new Error('the store writer thread ended')));
    worker.postMessage({ kind: 'open', path } satisfies ToWriter);
  }

  /** A target whose store opens on the thread meanwhile (see ready). */
  static start(path: string): WorkerTarget {
    return new WorkerTarget(path, new Worker(new URL('./writer-worker.js', import.meta.url)));
  }

  /** A target whose store is open. */
  static async open(path: string): Promise<WorkerTarget> {
    const target = WorkerTarget.start(path);
    try {
      await target.ready;
    } catch (e) {
      await target.#worker.terminate();
      throw e;
    }
    return target;
  }

  get totals(): WriteTotals {
    return this.#totals;
  }

  async write(events: ColumnBatch, reports: ColumnBatch): Promise<void> {
    await this.ready;
    renumberRows(events, reports, this.#shift);
    const e = events.detach();
    const r = reports.detach();
    const reply = await this.#send({ kind: 'append', id: this.#nextId++, events: e, reports: r }, [...Batch.transferList(e), ...Batch.transferList(r)]);
    if (reply.kind !== 'appended') throw new Error(`store writer: unexpected reply ${reply.kind}`);
    events.attach(reply.events);
    reports.attach(reply.reports);
  }

  async commit(sources: readonly SourceState[]): Promise<void> {
    await this.ready;
    await this.#send({ kind: 'commit', id: this.#nextId++, sources: renumberSources(sources, this.#shift) });
  }

  async retain(policy: RetentionPolicy): Promise<RetentionResult> {
    await this.ready;
    const reply = await this.#send({ kind: 'retain', id: this.#nextId++, policy });
    if (reply.kind !== 'done' || reply.retention === undefined) throw new Error('store writer: no retention result');
    return reply.retention;
  }

  /** Closes the store; a store that never opened has nothing to close (ready told why). */
  async close(): Promise<void> {
    try {
      const opened = await this.ready.then(() => true, () => false);
      if (opened) await this.#send({ kind: 'close', id: this.#nextId++ });
    } finally {
      await this.#worker.terminate();
    }
  }

  #send(message: ToWriter & { readonly id: number }, transfer: ArrayBuffer[] = []): Promise<FromWriter> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.set(message.id, { resolve, reject });
      this.#worker.postMessage(message, transfer);
    });
  }

  #reply(m: FromWriter): void {
    if (m.kind === 'opened') {
      this.#opened?.resolve(m.start);
      this.#opened = undefined;
      return;
    }
    if (m.kind === 'error' && this.#opened !== undefined) {
      // The open failed (the thread answers nothing before it has opened).
      this.#fail(errorOf(m));
      return;
    }
    if (m.kind !== 'error') this.#totals = m.totals;
    const waiter = this.#waiting.get(m.id);
    this.#waiting.delete(m.id);
    if (m.kind === 'error') {
      const e = errorOf(m);
      this.#fail(e);
      waiter?.reject(e);
      return;
    }
    waiter?.resolve(m);
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    this.#opened?.reject(this.#failure);
    this.#opened = undefined;
    for (const w of this.#waiting.values()) w.reject(this.#failure);
    this.#waiting.clear();
  }
}

/** A target for the store at `path`, open: on a worker thread unless told otherwise. */
export async function openIngestTarget(path: string, options: { readonly thread?: boolean } = {}): Promise<IngestTarget> {
  if (options.thread === false) return new DirectTarget(await StoreWriter.open(path));
  return WorkerTarget.open(path);
}

/** A target for the store at `path` on a worker thread, taking rows while the store opens (see IngestTarget.ready). */
export function startIngestTarget(path: string): IngestTarget {
  return WorkerTarget.start(path);
}
