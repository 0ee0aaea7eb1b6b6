// The main summary (aureport --summary) straight from log bytes, without
// building records or events: lines split and headers read in place, records
// grouped as ausearch groups them (EventGrouper) and folded into their event's
// fields as they arrive — SYSCALL, PATH and CWD read in place when they have
// the kernel's shape, every other record through query/'s parser — then each
// complete event counted as AureportRun counts it. Any line the general
// reader would treat specially (not a record, NUL bytes, overlong, no final
// newline, gzip) makes the scan give up: the caller then runs the general
// path, which reports such lines. Pure: bytes in, a SummaryModel out.
import { Buffer } from 'node:buffer';
import { ausearchReadsHeader, recordTypeNumber } from '../format/index.js';
import { ausearchRecordType, newSearchItems } from '../query/index.js';
import type { SearchItems, UserDb } from '../query/index.js';
import type { EventFilter } from './options.js';
import type { ByteStrings } from './canonical-records.js';
import { InPlaceItems, RecordKind } from './in-place-items.js';
import { EventGrouper } from './event-grouper.js';
import type { GroupedEvent } from './event-grouper.js';
import { SummaryAggregator } from './summary-report.js';
import type { Stamp, SummaryModel, SummaryState } from './summary-report.js';
import { classesOf } from './type-classes.js';
import { ADDING_TYPES, DELETING_TYPES, T } from './record-types.table.js';

export interface SummaryScanOptions {
  readonly filter: EventFilter;
  /** -i: SYSCALL arch= is read (and required), as aureport does then. */
  readonly interpret: boolean;
  readonly timeoutSec: number;
  readonly maxInFlight: number;
  readonly users: UserDb;
  /** Longest line the general reader takes as a record. */
  readonly maxLineBytes: number;
}

/**
 * How the records pushed from now on are taken, when a log is cut into parts
 * scanned apart: 'foreign' records (read before the part, to learn which
 * events are open at its start) group as usual but their events are not
 * counted; 'own' records are the part's; 'overrun' records (read after it)
 * only complete the part's open events: a record that would open an event
 * only advances time. events/'s EventAssembler phases, for the summary.
 */
export type ScanPhase = 'foreign' | 'own' | 'overrun';

/** A part's result: what it counted, its first record and last event, and the state at its cut. */
export interface SummaryPart {
  readonly state: SummaryState;
  readonly first: Stamp;
  readonly last: Stamp;
  readonly warnings: readonly string[];
  readonly irregular: boolean;
  /** Most events open at once: near maxInFlight, parts can disagree with a whole scan. */
  readonly maxOpen: number;
}

interface EventState {
  foreign: boolean;
  items: SearchItems;
  bits: number;
  /** Nonzero: a record failed to parse (aureport skips the event). */
  rc: number;
  /** First record's type, libaudit 3.0.9 numbering. */
  headType: number;
  warnings: string[] | null;
}

interface TypeInfo {
  readonly bytes: Uint8Array;
  readonly formatType: number;
  readonly ausearchType: number;
  readonly classes: number;
  readonly kind: RecordKind;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const GS = 0x1d;
const EQ = 0x3d;
const EOE = 1320;
const NO_STAMP: Stamp = { sec: 0, milli: 0 };

export class SummaryScan {
  readonly #start: number;
  readonly #end: number;
  readonly #filter: EventFilter;
  readonly #maxLine: number;
  readonly #items: InPlaceItems;
  readonly #grouper: EventGrouper<EventState>;
  readonly #summary = new SummaryAggregator();
  readonly #strings: ByteStrings;
  readonly #types = new Map<number, TypeInfo[]>();
  readonly #warnings: string[] = [];
  #carry: Buffer | undefined;
  #carryLen = 0;
  #irregular = false;
  #phase: ScanPhase = 'own';
  #overrunDone = false;
  #maxOpen = 0;
  #first: Stamp = NO_STAMP;
  #last: Stamp = NO_STAMP;
  /** The last event handed out in the current file (its stamp is aureport's very_last_event). */
  #lastEvent: GroupedEvent<EventState> | undefined;
  #gsBuffer: Buffer | undefined;
  #gsFrom = 0;
  #gsAt = -1;

  constructor(options: SummaryScanOptions) {
    this.#filter = options.filter;
    this.#start = options.filter.startSec;
    this.#end = options.filter.endSec;
    this.#maxLine = options.maxLineBytes;
    this.#items = new InPlaceItems(options.interpret, options.users);
    this.#strings = this.#items.strings;
    this.#grouper = new EventGrouper<EventState>({
      timeoutSec: options.timeoutSec,
      maxInFlight: options.maxInFlight,
      newState: () => ({ foreign: this.#phase === 'foreign', items: newSearchItems(), bits: 0, rc: 0, headType: 0, warnings: null }),
      onEvent: (e) => this.#count(e),
    });
  }

  /** True once the scan has given up (the general path must run instead). */
  get irregular(): boolean {
    return this.#irregular;
  }

  set phase(phase: ScanPhase) {
    this.#phase = phase;
  }

  /** In the overrun phase: true once no event of the part is left open (read no further). */
  get overrunDone(): boolean {
    return this.#overrunDone;
  }

  /** The events not yet handed out (see EventGrouper.pendingKeys): compared at a cut. */
  pendingKeys(): string[] {
    return this.#grouper.pendingKeys();
  }

  /** The part's result (see ScanPhase), after endFile(). */
  part(): SummaryPart {
    return {
      state: this.#summary.state(), first: this.#first, last: this.#last, warnings: [...this.#warnings],
      irregular: this.#irregular, maxOpen: this.#maxOpen,
    };
  }

  beginFile(): void {
    this.#lastEvent = undefined;
  }

  /** The next bytes of the current file; not kept after the call. */
  push(chunk: Buffer): void {
    if (this.#irregular || this.#overrunDone) return;
    this.#gsBuffer = undefined; // the caller may refill the same buffer
    if (chunk.indexOf(0) >= 0) {
      this.#irregular = true; // NUL bytes: the general reader reports those lines
      return;
    }
    let pos = 0;
    if (this.#carryLen > 0) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.#keep(chunk, 0, chunk.length);
        return;
      }
      this.#keep(chunk, 0, nl + 1);
      if (this.#irregular) return;
      const carry = this.#carry as Buffer;
      this.#gsBuffer = undefined;
      this.#line(carry, 0, this.#carryLen - 1);
      this.#gsBuffer = undefined;
      this.#carryLen = 0;
      if (this.#irregular || this.#overrunDone) return;
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      this.#line(chunk, pos, nl);
      if (this.#irregular || this.#overrunDone) return;
      pos = nl + 1;
    }
    if (pos < chunk.length) this.#keep(chunk, pos, chunk.length);
  }

  /** End of the current file; `last` completes every open event. */
  endFile(last: boolean): void {
    if (this.#carryLen > 0 && !this.#overrunDone) this.#irregular = true; // no final newline
    if (this.#irregular) return;
    if (last) this.#grouper.flush();
    const e = this.#lastEvent;
    this.#last = e === undefined ? NO_STAMP : { sec: e.sec, milli: e.milli };
  }

  /** Messages ausearch's parsers printed for the counted events, in order. */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  model(): SummaryModel {
    return { first: this.#first, last: this.#last, startSec: this.#start, endSec: this.#end, counts: this.#summary.counts() };
  }

  #keep(chunk: Buffer, from: number, to: number): void {
    const n = to - from;
    if (this.#carryLen + n > this.#maxLine + 1) {
      this.#irregular = true;
      return;
    }
    if (this.#carry === undefined || this.#carry.length < this.#carryLen + n) {
      const bigger = Buffer.allocUnsafe(Math.max(4096, (this.#carryLen + n) * 2));
      if (this.#carry !== undefined) this.#carry.copy(bigger, 0, 0, this.#carryLen);
      this.#carry = bigger;
    }
    chunk.copy(this.#carry, this.#carryLen, from, to);
    this.#carryLen += n;
  }

  // One line [s, e), b[e] being its newline: the header as format/ reads it.
  #line(b: Buffer, s: number, e: number): void {
    if (e === s) return;
    if (e - s > this.#maxLine) {
      this.#irregular = true;
      return;
    }
    let p = s;
    let node: string | undefined;
    if (b[p] === 0x6e && b[p + 1] === 0x6f && b[p + 2] === 0x64 && b[p + 3] === 0x65 && b[p + 4] === EQ) {
      const sp = b.indexOf(SPACE, p + 5);
      if (sp < 0 || sp >= e) return this.#giveUp();
      for (let i = p + 5; i < sp; i++) if (b[i] === EQ) return this.#giveUp();
      node = this.#strings.text(b, p + 5, sp);
      p = sp + 1;
    }
    if (!(b[p] === 0x74 && b[p + 1] === 0x79 && b[p + 2] === 0x70 && b[p + 3] === 0x65 && b[p + 4] === EQ)) return this.#giveUp();
    const typeEnd = b.indexOf(SPACE, p + 5);
    if (typeEnd < 0 || typeEnd >= e || typeEnd === p + 5) return this.#giveUp();
    const info = this.#typeInfo(b, p + 5, typeEnd);
    p = typeEnd + 1;
    const msgAt = p;
    if (!(b[p] === 0x6d && b[p + 1] === 0x73 && b[p + 2] === 0x67 && b[p + 3] === EQ && b[p + 4] === 0x61 && b[p + 5] === 0x75 &&
      b[p + 6] === 0x64 && b[p + 7] === 0x69 && b[p + 8] === 0x74 && b[p + 9] === 0x28)) return this.#giveUp();
    p += 10;
    let sec = 0;
    const secStart = p;
    for (let c = b[p] as number; c >= 48 && c <= 57 && p < e; c = b[++p] as number) sec = sec * 10 + (c - 48);
    if (p === secStart || p - secStart > 16 || b[p] !== 0x2e) return this.#giveUp();
    let milli = 0;
    const milliStart = ++p;
    for (let c = b[p] as number; c >= 48 && c <= 57 && p < e; c = b[++p] as number) milli = milli * 10 + (c - 48);
    if (p === milliStart || milli > 999 || b[p] !== 0x3a) return this.#giveUp();
    let serial = 0;
    const serialStart = ++p;
    for (let c = b[p] as number; c >= 48 && c <= 57 && p < e; c = b[++p] as number) serial = serial * 10 + (c - 48);
    if (p === serialStart || p - serialStart > 20 || b[p] !== 0x29 || p >= e || serial > Number.MAX_SAFE_INTEGER) return this.#giveUp();
    // A line aureport does not read as this record: the general path leaves it out and says so.
    if (!ausearchReadsHeader(b, s, e, msgAt, p)) return this.#giveUp();
    p++;
    if (b[p] === 0x3a && p < e) p++;
    if (b[p] === SPACE && p < e) p++;
    this.#record(b, s, p, this.#gsIn(b, p, e), info, sec, milli, serial, node);
  }

  #giveUp(): void {
    this.#irregular = true;
  }

  // The ENRICHED separator in [from, end), else end; one search per buffer pass.
  #gsIn(b: Buffer, from: number, end: number): number {
    if (b !== this.#gsBuffer || from < this.#gsFrom || (this.#gsAt >= 0 && this.#gsAt < from)) {
      this.#gsBuffer = b;
      this.#gsFrom = from;
      this.#gsAt = b.indexOf(GS, from);
    }
    return this.#gsAt >= 0 && this.#gsAt < end ? this.#gsAt : end;
  }

  #record(b: Buffer, lineStart: number, body: number, end: number, info: TypeInfo, sec: number, milli: number, serial: number, node: string | undefined): void {
    // -ts/-te drop records before grouping; the first record read starts the log's range.
    const own = this.#phase === 'own';
    if ((this.#start !== 0 && sec < this.#start) || (this.#end !== 0 && sec > this.#end)) {
      if (own && this.#first.sec === 0) this.#first = { sec, milli };
      return;
    }
    if (own && this.#first.sec === 0 && this.#start === 0) this.#first = { sec, milli };
    const grouper = this.#grouper;
    let event: GroupedEvent<EventState> | undefined;
    if (this.#phase === 'overrun') {
      event = grouper.find(sec, milli, serial, node);
      if (event === undefined) {
        if (info.formatType !== EOE) grouper.tick(sec);
        if (grouper.open === 0) this.#overrunDone = true;
        return;
      }
    } else {
      event = grouper.eventFor(sec, milli, serial, node, info.formatType === EOE);
      if (event === undefined) return;
    }
    const created = grouper.created;
    const st = event.state;
    if (st.foreign) {
      grouper.settle(event, created, info.formatType);
      this.#noteOpen();
      return;
    }
    if (created) st.headType = info.ausearchType;
    st.bits |= info.classes;
    if (st.rc === 0 && info.kind !== RecordKind.SKIP) this.#items.read(st, info.kind, info.ausearchType, b, lineStart, body, end);
    grouper.settle(event, created, info.formatType);
    this.#noteOpen();
  }

  #noteOpen(): void {
    const open = this.#grouper.open;
    if (open > this.#maxOpen) this.#maxOpen = open;
    if (this.#phase === 'overrun' && open === 0) this.#overrunDone = true;
  }

  #typeInfo(b: Buffer, from: number, to: number): TypeInfo {
    // Length, first and last byte pick a short list; the bytes decide.
    const h = ((to - from) << 16) | ((b[from] as number) << 8) | (b[to - 1] as number);
    const bucket = this.#types.get(h);
    if (bucket !== undefined) {
      outer: for (const t of bucket) {
        if (t.bytes.length !== to - from) continue;
        for (let i = 0; i < t.bytes.length; i++) if (t.bytes[i] !== b[from + i]) continue outer;
        return t;
      }
    }
    const name = b.toString('latin1', from, to);
    const ausearchType = ausearchRecordType(name);
    const info: TypeInfo = {
      bytes: Uint8Array.prototype.slice.call(b, from, to), formatType: recordTypeNumber(name), ausearchType, classes: classesOf(ausearchType),
      kind: this.#items.kindOf(ausearchType),
    };
    if (bucket === undefined) this.#types.set(h, [info]);
    else bucket.push(info);
    return info;
  }

  // aureport's per-event steps for the main summary (see AureportRun.event).
  #count(e: GroupedEvent<EventState>): void {
    this.#lastEvent = e;
    if (e.state.foreign) return;
    if ((this.#start !== 0 && e.sec < this.#start) || (this.#end !== 0 && e.sec > this.#end)) return;
    const st = e.state;
    if (st.warnings !== null) this.#warnings.push(...st.warnings);
    if (st.rc !== 0) return;
    const f = this.#filter;
    if (f.nodes !== undefined && (e.node === undefined || !f.nodes.includes(e.node))) return;
    const success = st.items.success;
    if (f.outcome === 'failed' ? success !== 0 : f.outcome === 'success' ? success !== 1 : false) return;
    const head = st.headType;
    if (head === T.CONFIG_CHANGE ? f.noConfig : (f.configAction === 'delete' && ADDING_TYPES.includes(head)) || (f.configAction === 'add' && DELETING_TYPES.includes(head))) return;
    this.#summary.addItems(st.bits, st.items);
  }
}
