// Log bytes → the store. Records are read once and grouped twice: as the
// kernel meant (`events`, EOE kept in the raw lines) and as aureport groups
// them (`report_events`, with what its summary counts). Rows gather in
// batches; a full batch is committed (one transaction) before more input is
// read. All inputs of one ingest share both groupings, which are completed
// only after the last input, as `auspex report -if` reads a rotated set.
import type { Buffer } from 'node:buffer';
import { RecordReader, RecordType } from '../format/index.js';
import type { AuditRecord, Diagnostic } from '../format/index.js';
import { EventAssembler, eventKey } from '../events/index.js';
import type { AuditEvent } from '../events/index.js';
import type { UserDb } from '../query/index.js';
import { ColumnBatch } from './batch.js';
import { EventRowBuilder } from './event-row.js';
import { ReportReading, ReportRowBuilder } from './report-row.js';
import { EVENT_COLUMNS, REPORT_COLUMNS } from './schema.js';
import { DirectTarget } from './ingest-target.js';
import type { IngestTarget } from './ingest-target.js';
import type { SourceBook } from './source-book.js';
import { StoreWriter } from './writer.js';

export interface IngestOptions {
  /** Seconds after which an open event is complete (auditd.conf end_of_event_timeout). */
  readonly timeoutSec: number;
  readonly maxInFlight: number;
  /** Events read per transaction (about: a transaction ends after the chunk that reaches it). */
  readonly batchEvents: number;
  readonly users: UserDb;
  readonly onDiagnostic?: (d: Diagnostic) => void;
  /** After each transaction committed. */
  readonly onCommit?: (totals: IngestTotals) => void;
}

export interface IngestTotals {
  readonly records: number;
  /** Events read (as the kernel groups them). */
  readonly events: number;
  /** Events stored now; the rest were in the store already. */
  readonly stored: number;
  readonly alreadyStored: number;
  /** Lines that were not records (reported as diagnostics). */
  readonly skippedLines: number;
  readonly skippedBytes: number;
  /** Events forced out early because too many were open at once. */
  readonly forcedOut: number;
}

/**
 * Rows handed to the writer at a time: four DuckDB data chunks, as each
 * hand-over costs the reading thread ~3 ms whatever its size (0.3 s for the
 * benchmark log at one chunk per hand-over); one chunk when transactions are
 * small (under 16 such hand-overs), so that a transaction still ends within
 * a chunk of its --batch size (the most a kill can lose).
 */
const CHUNK_ROWS = 8192;
const MIN_CHUNK_ROWS = 2048;

/** A chunk of rows of each table, with their row builders. */
class BatchPair {
  readonly events: ColumnBatch;
  readonly reports: ColumnBatch;
  readonly eventRows: EventRowBuilder;
  readonly reportRows: ReportRowBuilder;

  constructor(reading: ReportReading, rows: number) {
    this.events = new ColumnBatch(EVENT_COLUMNS, rows);
    this.reports = new ColumnBatch(REPORT_COLUMNS, rows);
    this.eventRows = new EventRowBuilder(this.events);
    this.reportRows = new ReportRowBuilder(this.reports, reading);
  }

  get full(): boolean {
    return this.events.full || this.reports.full;
  }

  clear(): void {
    this.events.clear();
    this.reports.clear();
  }
}

/**
 * Rows in pairs handed to the target and not yet back: enough to keep
 * reading while the writer compresses a row group (about 0.5 s, some 60 k
 * events of reading), at some 1.5 kB a row.
 */
const MAX_IN_FLIGHT_ROWS = 65_536;

export class StoreIngest {
  readonly #target: IngestTarget;
  readonly #book: SourceBook;
  readonly #options: IngestOptions;
  readonly #kernel: EventAssembler;
  readonly #ausearch: EventAssembler;
  /** EOE records that completed an event the kernel assembler has not handed out yet, by event key. */
  readonly #eoe = new Map<string, AuditRecord>();
  readonly #pool: BatchPair[] = [];
  readonly #ready: BatchPair[] = [];
  readonly #inFlight: { readonly pair: BatchPair; readonly written: Promise<void> }[] = [];
  #committing: Promise<void> | undefined;
  #pair: BatchPair;
  #reader: RecordReader | undefined;
  #source = 0;
  #sourceBase = 0;
  #records = 0;
  #events = 0;
  #skippedLines = 0;
  #skippedBytes = 0;
  #failure: unknown;
  #sinceCommit = 0;
  readonly #chunkRows: number;
  readonly #reading: ReportReading;

  constructor(target: IngestTarget | StoreWriter, options: IngestOptions) {
    this.#target = target instanceof StoreWriter ? new DirectTarget(target) : target;
    this.#book = this.#target.book;
    this.#options = options;
    this.#chunkRows = options.batchEvents >= 16 * CHUNK_ROWS ? CHUNK_ROWS : MIN_CHUNK_ROWS;
    this.#reading = new ReportReading(options.users);
    this.#pair = this.#newPair();
    this.#kernel = new EventAssembler({
      policy: 'kernel', timeoutSec: options.timeoutSec, maxInFlight: options.maxInFlight,
      onEvent: (event) => this.#kernelEvent(event, this.#takeEoe(event)),
    });
    this.#ausearch = new EventAssembler({
      policy: 'ausearch', timeoutSec: options.timeoutSec, maxInFlight: options.maxInFlight,
      onEvent: (event) => {
        this.#room();
        this.#pair.reportRows.add(event, this.#source);
      },
    });
  }

  get totals(): IngestTotals {
    const written = this.#target.totals;
    return {
      records: this.#records, events: this.#events, stored: written.stored, alreadyStored: written.already,
      skippedLines: this.#skippedLines, skippedBytes: this.#skippedBytes,
      forcedOut: this.#kernel.totals.forcedOut + this.#ausearch.totals.forcedOut,
    };
  }

  /** Starts the next input; its lines are numbered on from the store's record order. */
  beginInput(name: string): void {
    this.#sourceBase = this.#book.nextRseq;
    this.#source = this.#book.begin(name, this.#options.timeoutSec);
    const base = this.#sourceBase;
    const onDiagnostic = this.#options.onDiagnostic;
    this.#reader = new RecordReader({
      file: name,
      firstLine: base,
      onRecord: (r) => this.#record(r),
      onDiagnostic: (d) => {
        this.#skippedLines++;
        this.#skippedBytes += d.skippedBytes;
        // Line numbers count in the store's order here; name the file's own.
        onDiagnostic?.({ ...d, line: d.line - base + 1 });
      },
    });
  }

  /** The next bytes of the current input; resolves once full batches are committed. */
  async push(chunk: Buffer): Promise<void> {
    (this.#reader as RecordReader).push(chunk);
    await this.#commitReady();
  }

  /** The end of the current input; `last` completes every event still open. */
  async endInput(last: boolean): Promise<void> {
    const reader = this.#reader as RecordReader;
    reader.end();
    if (last) {
      this.#kernel.flush();
      this.#ausearch.flush();
    }
    this.#book.readThrough(this.#source, this.#sourceBase + reader.totals.lines - 1);
    this.#book.end(this.#source);
    await this.#commitReady();
  }

  /**
   * Hands the rows gathered so far to the target and commits them, without
   * ending the input: for a live feed, so that what is read is stored soon
   * (events still open stay open).
   */
  async commitNow(): Promise<void> {
    if (this.#pair.events.length > 0 || this.#pair.reports.length > 0) {
      this.#ready.push(this.#pair);
      this.#pair = this.#pool.pop() ?? this.#newPair();
    }
    const reader = this.#reader;
    if (reader !== undefined) this.#book.readThrough(this.#source, this.#sourceBase + reader.totals.lines - 1);
    while (this.#ready.length > 0) {
      const pair = this.#ready.shift() as BatchPair;
      this.#inFlight.push({ pair, written: this.#target.write(pair.events, pair.reports) });
    }
    while (this.#inFlight.length > 0) await this.#settleOldest();
    await this.#commit();
    await this.#committing;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Writes and commits what is left; resolves once it is durable. */
  async finish(): Promise<IngestTotals> {
    this.#ready.push(this.#pair);
    await this.#commitReady();
    this.#pair = this.#pool.pop() ?? this.#newPair();
    while (this.#inFlight.length > 0) await this.#settleOldest();
    await this.#commit();
    await this.#committing;
    return this.totals;
  }

  #record(r: AuditRecord): void {
    this.#records++;
    const eoe = r.type === RecordType.EOE;
    if (eoe) this.#eoe.set(eventKey(r), r);
    const outcome = this.#kernel.push(r);
    if (eoe && outcome === 'dropped') {
      // An EOE that ends nothing: kept as an event of its own, so the store
      // still holds every record of the input.
      this.#eoe.delete(eventKey(r));
      this.#kernelEvent({ node: r.node, sec: r.sec, milli: r.milli, serial: r.serial, records: [r], enriched: r.enriched }, undefined);
    }
    // The aureport grouping sees what aureport reads; the events table keeps every record.
    if (r.ausearchReads) this.#ausearch.push(r);
  }

  #takeEoe(event: AuditEvent): AuditRecord | undefined {
    if (this.#eoe.size === 0) return undefined;
    const key = eventKey(event);
    const eoe = this.#eoe.get(key);
    if (eoe !== undefined) this.#eoe.delete(key);
    return eoe;
  }

  #kernelEvent(event: AuditEvent, eoe: AuditRecord | undefined): void {
    this.#room();
    this.#events++;
    const source = this.#sourceOf(event.records[0] as AuditRecord);
    this.#book.countRead(source);
    this.#pair.eventRows.add(event, eoe, source);
  }

  // The source of a record: records of one event can come from an earlier
  // input of the same run (events stay open across inputs).
  #sourceOf(r: AuditRecord): number {
    return r.lineNo >= this.#sourceBase ? this.#source : this.#book.sourceAt(r.lineNo) ?? this.#source;
  }

  #newPair(): BatchPair {
    return new BatchPair(this.#reading, this.#chunkRows);
  }

  /** Makes sure the current pair has room for one more row of each kind. */
  #room(): void {
    if (!this.#pair.full) return;
    this.#ready.push(this.#pair);
    this.#pair = this.#pool.pop() ?? this.#newPair();
  }

  // Hands full pairs to the target (a few may be in flight while more are
  // read) and starts a commit every batchEvents events.
  async #commitReady(): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const reader = this.#reader;
    if (reader !== undefined) this.#book.readThrough(this.#source, this.#sourceBase + reader.totals.lines - 1);
    while (this.#ready.length > 0) {
      const pair = this.#ready.shift() as BatchPair;
      this.#sinceCommit += pair.events.length;
      const written = this.#target.write(pair.events, pair.reports);
      written.catch((e: unknown) => {
        this.#failure ??= e;
      });
      this.#inFlight.push({ pair, written });
      if (this.#inFlight.length * this.#chunkRows >= MAX_IN_FLIGHT_ROWS) await this.#settleOldest();
      if (this.#sinceCommit >= this.#options.batchEvents) await this.#commit();
    }
  }

  async #settleOldest(): Promise<void> {
    const oldest = this.#inFlight.shift();
    if (oldest === undefined) return;
    await oldest.written;
    oldest.pair.clear();
    this.#pool.push(oldest.pair);
  }

  // One commit at a time; the next waits for the one before.
  async #commit(): Promise<void> {
    await this.#committing;
    if (this.#failure !== undefined) throw this.#failure;
    this.#sinceCommit = 0;
    const done = this.#target.commit(this.#book.forCommit()).then(() => this.#options.onCommit?.(this.totals));
    done.catch((e: unknown) => {
      this.#failure ??= e;
    });
    this.#committing = done;
  }
}
