// The collector's core, source-independent: bytes of log lines in; records
// parsed, their serials tracked, written to the auditd-format log as they
// come (RAW as received, ENRICHED with auditd's interpretations added),
// grouped into events (EOE or a single-record type completes one, else the
// end-of-event timeout) and handed to enrichment and the JSON sink. Each
// batch ends with one write per sink, before the source may read on.
import type { AuditEvent } from '../events/index.js';
import { EventAssembler } from '../events/index.js';
import type { AuditRecord, Diagnostic } from '../format/index.js';
import { RecordReader, isHeaderProblem, parseRecordLine } from '../format/index.js';
import type { LineSink } from './line-sink.js';
import type { EnrichedTail } from './enriched-tail.js';
import type { JsonSink } from './json-sink.js';
import type { LogWriter } from './log-writer.js';
import { SerialTracker } from './serial-tracker.js';
import type { SerialGap } from './serial-tracker.js';

/** What enrichment does with the stream (enrich/ implements it). */
export interface PipelineEnricher {
  /** Every record as it arrives: state that must be caught before it changes (process tree, BPF programs). */
  record(record: AuditRecord): void;
  /** Context for a complete event; undefined when there is none. */
  event(event: AuditEvent): object | undefined;
}

/** Looks at each complete event and may say something about it: JSON lines for the alert sink (detect/'s Sigma rules, io_uring profile checks). */
export interface PipelineStage {
  event(event: AuditEvent): readonly string[];
}

/** The event store (store/'s StoreFeed): the input bytes in order; it must not make the pipeline wait. */
export interface StoreSink {
  push(bytes: Buffer): void;
  close(): Promise<void>;
}

export interface PipelineSinks {
  readonly log?: LogWriter | undefined;
  /** Present when the log is ENRICHED. */
  readonly tail?: EnrichedTail | undefined;
  readonly json?: JsonSink | undefined;
  /** Where the stages' lines go. */
  readonly alerts?: LineSink | undefined;
  readonly store?: StoreSink | undefined;
}

export interface PipelineOptions {
  readonly sourceName: string;
  readonly endOfEventTimeoutSec: number;
  readonly serialGapSec: number;
  readonly enricher?: PipelineEnricher | undefined;
  readonly stages?: readonly PipelineStage[] | undefined;
  readonly onGap: (gap: SerialGap) => void;
  readonly onDiagnostic: (d: Diagnostic) => void;
  /** Wall clock in milliseconds (lag is measured against it). */
  readonly nowMs: () => number;
}

export interface PipelineCounters {
  readonly records: number;
  readonly events: number;
  readonly badLines: number;
  /** Largest (wall clock - record time) seen since the last takeLag(), in ms. */
  readonly lagMs: number;
}

const EOE = 1320;

/** DAEMON_* records (1200-1299) are numbered by the daemon that wrote them, not the kernel. */
function kernelNumbered(type: number): boolean {
  return type < 1200 || type > 1299;
}

export class Pipeline {
  #sinks: PipelineSinks;
  readonly #options: PipelineOptions;
  readonly #reader: RecordReader;
  readonly #assembler: EventAssembler;
  readonly #tracker: SerialTracker;
  #records = 0;
  #events = 0;
  #badLines = 0;
  #lagMs = 0;
  #nowMs = 0;

  constructor(sinks: PipelineSinks, options: PipelineOptions) {
    this.#sinks = sinks;
    this.#options = options;
    this.#tracker = new SerialTracker(options.serialGapSec, options.onGap);
    this.#assembler = new EventAssembler({
      policy: 'kernel',
      timeoutSec: options.endOfEventTimeoutSec,
      maxInFlight: 4096,
      onEvent: (e) => this.#event(e),
    });
    this.#reader = new RecordReader({
      file: options.sourceName,
      onRecord: (r) => this.#record(r),
      onDiagnostic: (d) => {
        this.#badLines++;
        options.onDiagnostic(d);
      },
    });
  }

  get counters(): PipelineCounters {
    return { records: this.#records, events: this.#events, badLines: this.#badLines, lagMs: this.#lagMs };
  }

  get serials(): SerialTracker {
    return this.#tracker;
  }

  /** Events still open or waiting for an earlier one. */
  get pendingEvents(): number {
    return this.#assembler.pending;
  }

  /** The lag peak since the last call, then reset. */
  takeLag(): number {
    const lag = this.#lagMs;
    this.#lagMs = 0;
    return lag;
  }

  /** New sinks after a reload (the log writer keeps its file unless its settings changed). */
  setSinks(sinks: PipelineSinks): void {
    this.commit();
    this.#sinks = sinks;
  }

  push(bytes: Buffer): void {
    this.#nowMs = this.#options.nowMs();
    this.#sinks.store?.push(bytes);
    this.#reader.push(bytes);
    this.commit();
  }

  /** One record made here (the daemon's own DAEMON_* records), outside the source's line stream. */
  pushLine(line: string): void {
    const r = parseRecordLine(Buffer.from(line, 'latin1'), { file: 'auspex', line: 0 });
    if (isHeaderProblem(r)) throw new Error(`internal record is malformed: ${r.message}`);
    this.#sinks.store?.push(Buffer.from(`${line}\n`, 'latin1'));
    this.#nowMs = this.#options.nowMs();
    this.#record(r);
    this.commit();
  }

  /** Time passes without records: events past the timeout complete, gaps past theirs are reported. */
  tick(): void {
    const nowSec = Math.floor(this.#options.nowMs() / 1000);
    this.#assembler.tick(nowSec);
    this.#tracker.tick(nowSec);
    this.commit();
  }

  /** End of input: the last line even without a newline, every open event. */
  end(): void {
    this.#reader.end();
    this.#assembler.flush();
    this.#tracker.flush();
    this.commit();
  }

  commit(): void {
    this.#sinks.log?.commit();
    this.#sinks.json?.commit();
    this.#sinks.alerts?.commit();
  }

  #record(r: AuditRecord): void {
    this.#records++;
    if (kernelNumbered(r.type)) this.#tracker.see(r.node, r.serial, Math.floor(this.#nowMs / 1000));
    const lag = this.#nowMs - (r.sec * 1000 + r.milli);
    if (lag > this.#lagMs) this.#lagMs = lag;
    const log = this.#sinks.log;
    // EOE marks the end of an event for live readers; auditd never logs it.
    if (log !== undefined && r.type !== EOE) {
      const tail = this.#sinks.tail;
      if (tail === undefined) log.append(r.buffer, r.lineStartAt, r.messageEndAt);
      else if (r.enriched) log.append(r.buffer, r.lineStartAt, r.lineEndAt);
      else {
        const t = tail.tailFor(r);
        log.append(r.buffer, r.lineStartAt, r.messageEndAt, t === undefined ? undefined : Buffer.from(t, 'latin1'));
      }
    }
    this.#options.enricher?.record(r);
    this.#assembler.push(r);
  }

  #event(e: AuditEvent): void {
    this.#events++;
    const alerts = this.#sinks.alerts;
    if (alerts !== undefined) for (const stage of this.#options.stages ?? []) for (const line of stage.event(e)) alerts.add(line);
    const json = this.#sinks.json;
    if (json === undefined) return;
    json.add(e, this.#options.enricher?.event(e));
  }
}
