// The store opened for writing: schema brought up to date, then chunks of
// rows appended through DuckDB's Appender inside a transaction — rows
// already stored (same identity) skipped, the rest numbered — and committed
// with the inputs they came from. A crash loses at most the transaction in
// flight; ingesting the same input again then stores exactly what is missing.
import { Buffer } from 'node:buffer';
import { debuglog } from 'node:util';
import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import type { ColumnBatch } from './batch.js';
import { fillChunk, loadChunkFill } from './chunk-fill.js';
import { closeDuck, describeDuckError, duckApi, openDuck } from './duck.js';
import type { OpenDuck } from './duck.js';
import { IdentitySet, PendingIdentities } from './identity.js';
import { migrate } from './migrate.js';
import { applyRetention } from './retention.js';
import { rollupInserts } from './summary-rollup.js';
import { SourceBook } from './source-book.js';
import type { SourceState } from './source-book.js';
import type { RetentionPolicy, RetentionResult } from './retention.js';

const VECTOR_SIZE = 2048;
/** DuckDB's rows per row group: the unit it compresses and writes. */
const ROW_GROUP_ROWS = 122_880;
/** Rows the appender gathers before they go to the transaction. */
const FLUSH_ROWS = 32_768;
/** NODE_DEBUG=auspex: the time each step of a commit takes. */
const trace = debuglog('auspex');


export interface AppendResult {
  readonly events: number;
  readonly skippedEvents: number;
  readonly reportEvents: number;
  readonly skippedReportEvents: number;
}

/** How a table's rows give their identity, and the query for those stored in a time range. */
interface TableIdentity {
  readonly table: 'events' | 'report_events';
  /** Milliseconds since the epoch of each row of a batch. */
  readonly ms: (batch: ColumnBatch) => (row: number) => number;
  /** Stored (ms, serial, node, shape) with ms in [$lo, $hi]. */
  readonly storedSql: string;
  readonly maxMsSql: string;
  readonly sourceColumn: string;
}

const EVENTS: TableIdentity = {
  table: 'events',
  ms: (batch) => {
    const time = batch.int64('time').values;
    return (row) => time[row] as number;
  },
  storedSql: 'SELECT epoch_ms(time), serial, node, shape FROM events WHERE time BETWEEN epoch_ms($lo::BIGINT) AND epoch_ms($hi::BIGINT)',
  maxMsSql: 'SELECT coalesce(epoch_ms(max(time)), -1) FROM events',
  sourceColumn: 'source_id',
};

const REPORT_EVENTS: TableIdentity = {
  table: 'report_events',
  ms: (batch) => {
    const sec = batch.int64('sec').values;
    const milli = batch.int16('milli').values;
    return (row) => (sec[row] as number) * 1000 + (milli[row] as number);
  },
  storedSql: 'SELECT sec * 1000 + milli, serial, node, shape FROM report_events WHERE sec BETWEEN $lo::BIGINT // 1000 AND $hi::BIGINT // 1000',
  maxMsSql: 'SELECT coalesce(max(sec * 1000 + milli), -1) FROM report_events',
  sourceColumn: 'src',
};

/** One table's appender, the chunk it fills, and what tells stored rows apart. */
class TableAppender {
  readonly id: TableIdentity;
  readonly #appender: DuckDBAppender;
  readonly #chunk: DuckDBDataChunk;
  /** The identities appended in the open transaction. */
  readonly pending = new PendingIdentities();
  /** The newest time stored by committed transactions (ms): chunks after it need no lookup. */
  committedMaxMs: number;
  pendingMaxMs = -Infinity;
  nextSeq: number;
  /** Rows in the appender's buffer, and rows appended in the open transaction. */
  #unflushed = 0;
  #appended = 0;

  constructor(id: TableIdentity, appender: DuckDBAppender, chunk: DuckDBDataChunk, maxMs: number, nextSeq: number) {
    this.id = id;
    this.#appender = appender;
    this.#chunk = chunk;
    this.committedMaxMs = maxMs;
    this.nextSeq = nextSeq;
  }

  append(batch: ColumnBatch): void {
    for (let from = 0; from < batch.length; from += VECTOR_SIZE) {
      const n = Math.min(VECTOR_SIZE, batch.length - from);
      fillChunk(this.#chunk, batch.columns, from, n);
      this.#appender.appendDataChunk(this.#chunk);
      this.#unflushed += n;
      this.#appended += n;
    }
    // The appender's rows go to the transaction often, so that its buffer
    // stays small; a row group the transaction fills is compressed and
    // written then (write_buffer_row_group_count 1), on this thread, while
    // reading goes on — hence a flush as soon as one is full.
    const groupFull = Math.floor(this.#appended / ROW_GROUP_ROWS) > Math.floor((this.#appended - this.#unflushed) / ROW_GROUP_ROWS);
    if (this.#unflushed >= FLUSH_ROWS || groupFull) {
      const t0 = performance.now();
      this.flush();
      if (trace.enabled) trace(`${this.id.table}: flush${groupFull ? ' and a row group written' : ''} in ${(performance.now() - t0).toFixed(0)} ms`);
    }
  }

  flush(): void {
    this.#appender.flushSync();
    this.#unflushed = 0;
  }

  committed(): void {
    this.pending.clear();
    this.#appended = 0;
    if (this.pendingMaxMs > this.committedMaxMs) this.committedMaxMs = this.pendingMaxMs;
  }

  rolledBack(nextSeq: number): void {
    this.pending.clear();
    this.#appended = 0;
    this.#unflushed = 0;
    this.pendingMaxMs = -Infinity;
    this.nextSeq = nextSeq;
  }

  close(): void {
    this.#appender.closeSync();
  }
}

/**
 * DuckDB settings of a writer. A transaction's appended rows are compressed
 * and written a row group at a time, as soon as one is full, instead of five
 * at a time (DuckDB's default for bulk loads): the work is then done while
 * the reading thread goes on, not all in the COMMIT that follows the last
 * input, and at most one row group per table waits in memory.
 */
const WRITER_SETTINGS: Readonly<Record<string, string>> = { write_buffer_row_group_count: '1' };

/** What a new writer tells the reading side: where numbering goes on. */
export interface WriterStart {
  readonly nextSourceId: number;
  readonly nextRseq: number;
}

export class StoreWriter {
  readonly path: string;
  readonly start: WriterStart;
  /** The inputs read into this writer, for every StoreIngest that uses it. */
  readonly book: SourceBook;
  readonly #duck: OpenDuck;
  readonly #con: DuckDBConnection;
  readonly #events: TableAppender;
  readonly #reports: TableAppender;
  /** Source ids recorded in the store by this writer; names any source has. */
  readonly #inserted = new Set<number>();
  readonly #knownNames: Set<string>;
  /** Source ids that rows of the open transaction refer to. */
  readonly #used = new Set<number>();
  #inTransaction = false;
  /** Per row of the batch being appended: 1 to keep it. */
  #keep = new Uint8Array(0);
  #seqAtBegin: readonly [number, number] = [0, 0];
  #stored = 0;
  #already = 0;
  /** The schema version the store had when opened (0: created now). */
  readonly previousVersion: number;

  private constructor(path: string, duck: OpenDuck, events: TableAppender, reports: TableAppender, start: WriterStart,
    knownNames: Set<string>, previousVersion: number) {
    this.path = path;
    this.#duck = duck;
    this.#con = duck.connection;
    this.#events = events;
    this.#reports = reports;
    this.start = start;
    this.book = new SourceBook(start.nextSourceId, start.nextRseq);
    this.#knownNames = knownNames;
    this.previousVersion = previousVersion;
  }

  static async open(path: string, settings: Readonly<Record<string, string>> = {}): Promise<StoreWriter> {
    const duck = await openDuck(path, 'write', { ...WRITER_SETTINGS, ...settings });
    try {
      const con = duck.connection;
      const previous = await migrate(con, path);
      const r = await con.runAndReadAll(
        'SELECT (SELECT coalesce(max(seq), 0) FROM events) + 1, (SELECT coalesce(max(seq), 0) FROM report_events) + 1, ' +
        '(SELECT coalesce(max(source_id), 0) FROM sources) + 1, (SELECT coalesce(max(rseq_last), 0) FROM sources) + 1, ' +
        `(${EVENTS.maxMsSql}), (${REPORT_EVENTS.maxMsSql})`);
      const [eventSeq, reportSeq, sourceId, rseq, eventMax, reportMax] = (r.getRowsJS()[0] ?? []).map((v) => Number(v)) as number[];
      const names = new Set((await con.runAndReadAll('SELECT DISTINCT name FROM sources')).getRowsJS().map((row) => String(row[0])));
      const { DuckDBDataChunk } = await duckApi();
      await loadChunkFill();
      const appenderOf = async (table: string): Promise<{ appender: DuckDBAppender; chunk: DuckDBDataChunk }> => {
        const appender = await con.createAppender(table);
        const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
        return { appender, chunk: DuckDBDataChunk.create(types, VECTOR_SIZE) };
      };
      const e = await appenderOf('events');
      const rp = await appenderOf('report_events');
      const events = new TableAppender(EVENTS, e.appender, e.chunk, eventMax as number, eventSeq as number);
      const reports = new TableAppender(REPORT_EVENTS, rp.appender, rp.chunk, reportMax as number, reportSeq as number);
      return new StoreWriter(path, duck, events, reports, { nextSourceId: sourceId as number, nextRseq: rseq as number }, names, previous);
    } catch (e) {
      closeDuck(duck);
      throw describeDuckError(path, e);
    }
  }

  get connection(): DuckDBConnection {
    return this.#con;
  }

  /** Events stored by this writer, and events it found stored already. */
  get totals(): { readonly stored: number; readonly already: number } {
    return { stored: this.#stored, already: this.#already };
  }

  /**
   * Appends the rows of both batches that are not stored yet to the open
   * transaction (begun if none is). The batches are compacted to the rows
   * kept and numbered; the caller clears them afterwards.
   */
  async append(events: ColumnBatch, reports: ColumnBatch): Promise<AppendResult> {
    try {
      if (!this.#inTransaction) {
        await this.#con.run('BEGIN TRANSACTION');
        this.#inTransaction = true;
        this.#seqAtBegin = [this.#events.nextSeq, this.#reports.nextSeq];
      }
      const eventsIn = events.length;
      const reportsIn = reports.length;
      await this.#appendTo(this.#events, events);
      await this.#appendTo(this.#reports, reports);
      this.#stored += events.length;
      this.#already += eventsIn - events.length;
      return { events: events.length, skippedEvents: eventsIn - events.length, reportEvents: reports.length, skippedReportEvents: reportsIn - reports.length };
    } catch (e) {
      await this.#rollback();
      throw describeDuckError(this.path, e);
    }
  }

  /** Makes everything appended so far durable, with the inputs it came from. */
  async commit(sources: readonly SourceState[]): Promise<void> {
    try {
      if (!this.#inTransaction) {
        await this.#con.run('BEGIN TRANSACTION');
        this.#inTransaction = true;
        this.#seqAtBegin = [this.#events.nextSeq, this.#reports.nextSeq];
      }
      const t0 = performance.now();
      this.#events.flush();
      this.#reports.flush();
      const t1 = performance.now();
      await this.#writeSources(sources);
      // The summary's rollups of the rows this transaction added.
      if (this.#reports.nextSeq > this.#seqAtBegin[1]) {
        for (const sql of rollupInserts(`seq >= ${this.#seqAtBegin[1]}`)) await this.#con.run(sql);
      }
      const t2 = performance.now();
      await this.#con.run('COMMIT');
      if (trace.enabled) trace(`commit: flush ${(t1 - t0).toFixed(0)} ms, sources+rollups ${(t2 - t1).toFixed(0)} ms, COMMIT ${(performance.now() - t2).toFixed(0)} ms`);
      this.#inTransaction = false;
      this.#events.committed();
      this.#reports.committed();
      this.#used.clear();
    } catch (e) {
      await this.#rollback();
      throw describeDuckError(this.path, e);
    }
  }

  async #rollback(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    try {
      await this.#con.run('ROLLBACK');
    } catch {
      // the transaction may already be gone with the error
    }
    this.#events.rolledBack(this.#seqAtBegin[0]);
    this.#reports.rolledBack(this.#seqAtBegin[1]);
    this.#used.clear();
  }

  async #appendTo(t: TableAppender, batch: ColumnBatch): Promise<void> {
    if (batch.length === 0) return;
    await this.#dropStored(t, batch);
    const seq = batch.int64('seq').values;
    const ms = t.id.ms(batch);
    const src = batch.int32(t.id.sourceColumn).values;
    for (let i = 0; i < batch.length; i++) {
      seq[i] = t.nextSeq++;
      const m = ms(i);
      if (m > t.pendingMaxMs) t.pendingMaxMs = m;
      this.#used.add(src[i] as number);
    }
    if (batch.length > 0) t.append(batch);
  }

  // Rows whose identity is stored already, or appended earlier in this
  // transaction or batch, are dropped. Only a batch reaching back to times
  // already committed asks the database; rows of this transaction are known
  // here (PendingIdentities).
  async #dropStored(t: TableAppender, batch: ColumnBatch): Promise<void> {
    const ms = t.id.ms(batch);
    const serial = batch.int64('serial').values;
    const node = batch.bytes('node').arena;
    const shape = batch.uint32('shape').values;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < batch.length; i++) {
      const m = ms(i);
      if (m < lo) lo = m;
      if (m > hi) hi = m;
    }
    let stored: IdentitySet | undefined;
    if (lo <= t.committedMaxMs) {
      stored = new IdentitySet();
      const r = await this.#con.runAndReadAll(t.id.storedSql, { lo, hi });
      for (const [m, se, n, sh] of r.getRowsJS()) stored.add(Number(m), Number(se), n as string | null, Number(sh));
    }
    const pending = t.pending;
    const keep = this.#keep.length >= batch.length ? this.#keep : (this.#keep = new Uint8Array(batch.length));
    let dropped = 0;
    for (let row = 0; row < batch.length; row++) {
      const m = ms(row);
      const se = serial[row] as number;
      const sh = shape[row] as number;
      const bytes = node.length(row) < 0 ? null : node.get(row);
      const known = stored !== undefined && stored.size > 0 && stored.has(m, se, bytes === null ? null : Buffer.from(bytes).toString('utf8'), sh);
      const kept = !known && pending.add(m, se, sh, pending.nodeId(bytes));
      keep[row] = kept ? 1 : 0;
      if (!kept) dropped++;
    }
    if (dropped > 0) batch.compact((row) => keep[row] === 1);
  }

  async #writeSources(sources: readonly SourceState[]): Promise<void> {
    for (const s of sources) {
      // An input whose events were all stored already is not recorded (reading
      // the same log again, under any name, leaves the store as it was); an
      // input without events is, once, so that reports list it.
      const wanted = this.#used.has(s.id) || (s.ended && s.read === 0 && !this.#knownNames.has(s.name));
      if (!this.#inserted.has(s.id) && wanted) {
        await this.#con.run('INSERT INTO sources VALUES ($id, $name, $first, $last, $timeout, now()::TIMESTAMP)', {
          id: s.id, name: s.name, first: s.rseqFirst, last: s.rseqLast, timeout: s.timeoutSec,
        });
        this.#inserted.add(s.id);
        this.#knownNames.add(s.name);
      } else if (this.#inserted.has(s.id)) {
        await this.#con.run('UPDATE sources SET rseq_last = $last WHERE source_id = $id', { id: s.id, last: s.rseqLast });
      }
    }
  }

  async retain(policy: RetentionPolicy): Promise<RetentionResult> {
    try {
      return await applyRetention(this.#con, policy);
    } catch (e) {
      throw describeDuckError(this.path, e);
    }
  }

  async close(): Promise<void> {
    if (this.#inTransaction) await this.commit([]);
    this.#events.close();
    this.#reports.close();
    const t0 = performance.now();
    await this.#con.run('CHECKPOINT');
    closeDuck(this.#duck);
    if (trace.enabled) trace(`close: CHECKPOINT and close ${(performance.now() - t0).toFixed(0)} ms`);
  }
}
