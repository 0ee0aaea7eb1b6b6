// One aureport 3.0.9 report over a stream of events: its heading, the time
// range it tracks (the first record read, the last event of the last file),
// -ts/-te applied to records before grouping and again to events, each event
// scanned and either listed, counted or summed, and the closing text with
// aureport's exit code.
import type { AuditEvent } from '../events/index.js';
import type { AureportKind, EventFilter, ReportDetail } from './options.js';
import type { EventScanner } from './facts.js';
import type { Presenter } from './presenter.js';
import type { ReportRun, RunText } from './report-run.js';
import { formatDetail, listsEvent } from './detail-report.js';
import type { TtyDataFormatter } from './detail-report.js';
import { RankedAggregator, formatRanked, isRankedKind } from './ranked-report.js';
import type { Stamp } from './summary-report.js';
import { SummaryAggregator, formatSummary } from './summary-report.js';
import { detailedTitle, summaryTitle } from './titles.js';

const NONE_FOUND = '<no events of interest were found>\n\n';
const NO_STAMP: Stamp = { sec: 0, milli: 0 };

export interface AureportRunConfig {
  readonly kind: AureportKind;
  readonly detail: ReportDetail;
  readonly filter: EventFilter;
  readonly presenter: Presenter;
  readonly scan: EventScanner;
  readonly ttyData?: TtyDataFormatter;
}

export class AureportRun implements ReportRun {
  readonly policy = 'ausearch' as const;
  readonly #kind: AureportKind;
  readonly #detail: ReportDetail;
  readonly #start: number;
  readonly #end: number;
  readonly #filter: EventFilter;
  readonly #p: Presenter;
  readonly #scan: EventScanner;
  readonly #ttyData: TtyDataFormatter | undefined;
  readonly #summary: SummaryAggregator | undefined;
  readonly #ranked: RankedAggregator | undefined;
  /** The report keeps the range of each file (aureport: RPT_TIME and RPT_SUMMARY). */
  readonly #tracksRange: boolean;
  #first: Stamp = NO_STAMP;
  #last: Stamp = NO_STAMP;
  #file = '';
  #fileFirst: Stamp | undefined;
  #fileLast: Stamp = NO_STAMP;
  #found = false;
  #line = 0;

  constructor(config: AureportRunConfig) {
    this.#kind = config.kind;
    this.#detail = config.detail;
    this.#filter = config.filter;
    this.#start = config.filter.startSec;
    this.#end = config.filter.endSec;
    this.#p = config.presenter;
    this.#scan = config.scan;
    this.#ttyData = config.ttyData;
    this.#tracksRange = config.kind === 'time' || config.kind === 'summary';
    if (config.detail === 'summary') {
      if (config.kind === 'summary') this.#summary = new SummaryAggregator();
      else if (isRankedKind(config.kind)) this.#ranked = new RankedAggregator(config.kind, config.presenter);
    }
  }

  start(): RunText {
    if (this.#detail === 'detailed') return { stdout: detailedTitle(this.#kind), stderr: '' };
    const title = summaryTitle(this.#kind, this.#filter.outcome);
    if (title === undefined) return { stdout: '\n', stderr: 'Unimplemented option\n', exitCode: 1 };
    return { stdout: title, stderr: '' };
  }

  acceptRecord(sec: number, milli: number): boolean {
    // ausearch-lol's extract_timestamp: the first record read is the start of
    // the log's range, unless -ts is given: then only a record left out is.
    if ((this.#start !== 0 && sec < this.#start) || (this.#end !== 0 && sec > this.#end)) {
      if (this.#first.sec === 0) this.#first = { sec, milli };
      return false;
    }
    if (this.#first.sec === 0 && this.#start === 0) this.#first = { sec, milli };
    return true;
  }

  beginFile(name: string): void {
    this.#file = name;
    this.#fileFirst = undefined;
    this.#fileLast = NO_STAMP;
  }

  event(event: AuditEvent): string {
    if (this.#tracksRange) {
      const stamp = { sec: event.sec, milli: event.milli };
      this.#fileFirst ??= stamp;
      this.#fileLast = stamp;
    }
    if ((this.#start !== 0 && event.sec < this.#start) || (this.#end !== 0 && event.sec > this.#end)) return '';
    const facts = this.#scan(event);
    if (facts === undefined) return '';
    if (this.#detail === 'summary') {
      if (this.#summary !== undefined) {
        this.#summary.add(facts);
        this.#found = true;
      } else this.#ranked?.add(facts);
      return '';
    }
    if (!listsEvent(this.#kind, facts)) return '';
    this.#found = true;
    const { text, line } = formatDetail(this.#kind, facts, this.#line, this.#p, this.#ttyData);
    this.#line = line;
    return text;
  }

  endFile(): string {
    this.#last = this.#fileLast;
    if (this.#kind !== 'time') return '';
    const first = this.#fileFirst;
    if (first === undefined) return `${this.#file}: no records\n`;
    return `${this.#file}: ${this.#stamp(first)} - ${this.#stamp(this.#fileLast)}\n`;
  }

  finish(): RunText & { readonly exitCode: 0 | 1 } {
    if (!this.#found && this.#detail === 'detailed' && this.#kind !== 'time') {
      return { stdout: NONE_FOUND, stderr: '', exitCode: 1 };
    }
    let stdout = '';
    if (this.#summary !== undefined) {
      stdout = formatSummary({ first: this.#first, last: this.#last, startSec: this.#start, endSec: this.#end, counts: this.#summary.counts() }, this.#p);
    } else if (this.#ranked !== undefined) {
      stdout = formatRanked(this.#ranked.model(), this.#p);
    }
    return { stdout, stderr: '', exitCode: 0 };
  }

  #stamp(s: Stamp): string {
    return `${this.#p.date(s.sec)}.${String(s.milli).padStart(3, '0')}`;
  }
}
