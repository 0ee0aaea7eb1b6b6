// The store as the server owns it: opened for writing (DuckDB lets one
// process open a file being written, so the server is that process), every
// query and ingest step taking turns on its one connection, and, when asked,
// a log followed as the collector writes it: new lines ingested, then the
// events they completed handed to the live feed.
import { FileSource } from '../collect/index.js';
import type { UserDb } from '../query/index.js';
import { StoreIngest, StoreWriter, readSources } from '../store/index.js';
import type { StoreRows, StoredSource } from '../store/index.js';
import type { Diagnostic } from '../format/index.js';
import { SUMMARY_COLUMNS, summaryOf } from './event-rows.js';
import type { EventSummary } from './api-types.js';
import type { SummaryRow } from './event-rows.js';
import type { SqlValue } from './search-filter.js';
import type { RunQuery, ScanQuery } from './store-search.js';
import { SerialQueue } from './serial-queue.js';
import { statSync } from 'node:fs';
import { JSDuckDBValueConverter } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';

export interface StoreSessionOptions {
  readonly path: string;
  readonly users: UserDb;
  /** Seconds after which an open event is complete (auditd.conf end_of_event_timeout). */
  readonly timeoutSec: number;
  readonly onDiagnostic?: (d: Diagnostic) => void;
}

export interface FollowOptions {
  readonly path: string;
  readonly pollMs: number;
  readonly onEvents: (events: EventSummary[]) => void;
  readonly onError: (e: Error) => void;
}

/** Rows handed to the live feed per batch at most (a burst is summarised by the rest of the API). */
const MAX_LIVE_ROWS = 1000;

export class StoreSession implements StoreRows {
  readonly path: string;
  readonly #writer: StoreWriter;
  readonly #options: StoreSessionOptions;
  readonly #queue = new SerialQueue();
  #follow: { source: FileSource; ingest: StoreIngest; lastSeq: number; timer: NodeJS.Timeout; lastBatchMs: number; open: boolean } | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(writer: StoreWriter, options: StoreSessionOptions) {
    this.path = options.path;
    this.#writer = writer;
    this.#options = options;
  }

  static async open(options: StoreSessionOptions): Promise<StoreSession> {
    return new StoreSession(await StoreWriter.open(options.path), options);
  }

  get following(): string | undefined {
    return this.#follow === undefined ? undefined : this.#follow.source.description;
  }

  /** A read-only query, run when the connection is free. */
  readonly query: RunQuery = async (sql, params) =>
    (await this.#readAll(sql, params as Record<string, SqlValue>)).getRowObjectsJS() as Array<Record<string, unknown>>;

  /** The same, rows as arrays of values in column order (what store/'s readers take). */
  readonly rows: StoreRows['rows'] = async (sql, params) =>
    (await this.#readAll(sql, params)).getRowsJS() as unknown as SqlValue[][];

  /** A query's whole result, read when the connection is free. */
  #readAll(sql: string, params: Parameters<DuckDBConnection['runAndReadAll']>[1]): Promise<DuckDBResultReader> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new Error('the store is closed');
      return this.#writer.connection.runAndReadAll(sql, params);
    });
  }

  sources(): Promise<StoredSource[]> {
    return readSources(this.rows);
  }

  /** The end-of-event timeout this session groups events with. */
  get timeoutSec(): number {
    return this.#options.timeoutSec;
  }

  /** A read-only query streamed in chunks, run when the connection is free (it keeps it until the last chunk). */
  readonly scan: ScanQuery = (sql, params, onRows) =>
    this.#queue.run(async () => {
      if (this.#closed) throw new Error('the store is closed');
      const result = await this.#writer.connection.stream(sql, params as Record<string, SqlValue>);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) return;
        onRows(chunk.convertRows(JSDuckDBValueConverter));
      }
    });

  /** Follows the log from its start (or from when it appears), ingesting new lines as they are written. */
  async follow(options: FollowOptions): Promise<void> {
    const ingest = new StoreIngest(this.#writer, {
      timeoutSec: this.#options.timeoutSec,
      maxInFlight: 100_000,
      batchEvents: 50_000,
      users: this.#options.users,
      ...(this.#options.onDiagnostic === undefined ? {} : { onDiagnostic: this.#options.onDiagnostic }),
    });
    let ino: number | undefined;
    try {
      ino = statSync(options.path).ino;
    } catch {
      ino = undefined;
    }
    const source = new FileSource({ path: options.path, pollMs: options.pollMs, ...(ino === undefined ? {} : { resume: { path: options.path, ino, offset: 0 } }) });
    const [last] = await this.query('SELECT coalesce(max(seq), 0)::DOUBLE AS s FROM events', {});
    // Logs written by auditd or the collector have no EOE lines, so an event
    // is complete only when later records show it is: once the log has been
    // quiet for the end-of-event timeout, what is open is complete (the
    // input is ended, which completes it, and a new one begun).
    const timer = setInterval(() => {
      const f = this.#follow;
      if (f === undefined || !f.open || Date.now() - f.lastBatchMs < this.#options.timeoutSec * 1000) return;
      f.open = false;
      this.#chain = this.#chain.then(() => this.#ingestStep(options, async () => {
        await f.ingest.endInput(true);
        await f.ingest.finish();
        f.ingest.beginInput(options.path);
      })).catch((e: unknown) => options.onError(e as Error));
    }, Math.max(50, options.pollMs));
    const state = { source, ingest, lastSeq: (last?.s as number | undefined) ?? 0, timer, lastBatchMs: Date.now(), open: false };
    this.#follow = state;
    ingest.beginInput(options.path);
    await source.start({
      batch: (bytes) => {
        state.lastBatchMs = Date.now();
        state.open = true;
        // Batches come synchronously; each is ingested and committed in turn.
        this.#chain = this.#chain.then(() => this.#ingestStep(options, async () => {
          await ingest.push(bytes);
          await ingest.finish();
        })).catch((e: unknown) => options.onError(e as Error));
      },
      end: () => {},
      error: (e) => options.onError(e),
    });
  }

  /** Runs an ingest step, then hands the events it stored to the live feed. */
  async #ingestStep(options: FollowOptions, step: () => Promise<void>): Promise<void> {
    const f = this.#follow;
    if (f === undefined || this.#closed) return;
    const fresh = await this.#queue.run(async () => {
      await step();
      const r = await this.#writer.connection.runAndReadAll(
        `SELECT ${SUMMARY_COLUMNS} FROM events WHERE seq > $s::BIGINT ORDER BY seq LIMIT ${MAX_LIVE_ROWS + 1}`, { s: f.lastSeq });
      const rows = r.getRowObjectsJS() as unknown as SummaryRow[];
      if (rows.length > MAX_LIVE_ROWS) {
        const [m] = (await this.#writer.connection.runAndReadAll('SELECT max(seq)::DOUBLE AS s FROM events')).getRowObjectsJS();
        f.lastSeq = (m?.s as number | undefined) ?? f.lastSeq;
      } else if (rows.length > 0) f.lastSeq = (rows[rows.length - 1] as SummaryRow).seq;
      return rows.slice(0, MAX_LIVE_ROWS);
    });
    if (fresh.length > 0) options.onEvents(fresh.map(summaryOf));
  }

  async close(): Promise<void> {
    const f = this.#follow;
    if (f !== undefined) {
      clearInterval(f.timer);
      await f.source.stop();
      await this.#chain;
      await this.#queue.run(async () => {
        await f.ingest.endInput(true);
        await f.ingest.finish();
      });
    }
    await this.#queue.run(async () => {
      this.#closed = true;
      await this.#writer.close();
    });
  }
}
