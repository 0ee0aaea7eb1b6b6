// Groups records into events by (node, time, serial) under interleaving, and
// hands events out in time order. Pure and deterministic: time is the records'
// own timestamps (or an explicit tick), never the wall clock.
//
// Two completion policies:
// - 'ausearch': exactly the grouping and order of ausearch 3.0.9 (src/ausearch-lol.c),
//   so that search output can be byte-identical: an event is complete when its
//   first record is of a type that stands alone, when a record of a new event
//   arrives `timeoutSec` after the event's first record, or at the end of
//   input. EOE does not complete an event (3.0.9 appends it), a stray EOE is
//   dropped, and a record arriving for an already complete event starts a new
//   event with the same serial (ausearch splits LOGIN events this way).
// - 'kernel': the grouping the kernel meant: EOE completes an event, only
//   user-space message types stand alone, so LOGIN + SYSCALL + PROCTITLE stay
//   one event.
// Both bound the number of events in flight and count what they force out.
//
// Phases, for a search that cuts one file into chunks and assembles each on
// its own (cli/search-parallel.ts): records read before the chunk are pushed
// in the 'foreign' phase (their events group and expire as usual but are
// flagged foreign: another chunk prints them), the chunk's own records in the
// 'own' phase (the default: nothing changes), records after it in the
// 'overrun' phase, where they only complete the events already open: a record
// that would open a new event advances time as that event's opening would
// (ausearch's check_events), and is not kept. push() says what became of each
// record and pendingKeys() describes the state, so that two assemblers that
// saw different pasts can be compared at a boundary.
import type { AuditRecord, ParsedRecord } from '../format/index.js';
import { RecordType } from '../format/index.js';
import type { AuditEvent } from './event.js';
import { IntSortedQueue } from './int-sorted-queue.js';
import { RecordTable } from './record-table.js';
import { HandedOutEvent } from './handed-out-event.js';
import { COMPLETE, ENRICHED, EventTable, FOREIGN, HANDED_OUT, IN_AGE, IntMinHeap, NONE, SerialIndex } from './event-table.js';

export type AssemblyPolicy = 'ausearch' | 'kernel';

export type AssemblyPhase = 'own' | 'foreign' | 'overrun';

/**
 * What push() did with a record: it opened an event, joined an open event
 * (of the own or the foreign phase), was dropped (an EOE that ends nothing),
 * or, in the overrun phase, only advanced time instead of opening an event.
 */
export type PushOutcome = 'created' | 'joined' | 'joined-foreign' | 'dropped' | 'ticked';

export interface AssemblerOptions {
  readonly policy: AssemblyPolicy;
  /** Seconds after an event's first record at which it is taken as complete (auditd.conf end_of_event_timeout). */
  readonly timeoutSec: number;
  /** Most events kept open at once; beyond it the oldest is completed early and counted. */
  readonly maxInFlight: number;
  /**
   * Each complete event in output order; `foreign` when it was opened in the
   * foreign phase; `marks`: the marks its records were pushed with, ORed
   * (bits the caller chooses, up to 8: search's prefilters).
   */
  readonly onEvent: (event: AuditEvent, foreign: boolean, marks: number) => void;
  /**
   * When true, `event.records` may be read only while onEvent runs (what was
   * read then stays readable): events nobody reads cost no record objects.
   * Otherwise the records are made before onEvent is called.
   */
  readonly lazyRecords?: boolean;
}

export interface AssemblerTotals {
  readonly records: number;
  readonly events: number;
  /** Events completed early because too many were open at once. */
  readonly forcedOut: number;
  /** EOE records that matched no open event (ausearch drops them too). */
  readonly strayEoe: number;
  /**
   * Times the order of two events with one id came from their array slots
   * when an event was handed out between their openings. Only then can the
   * slots differ from the order they were opened in, and only an assembler
   * that saw the input from its start numbers the slots as ausearch does.
   */
  readonly slotOrdered: number;
}

/** An event's identity as text: `sec.milli:serial`, then ` node` when it has one. */
export function eventKey(e: { readonly node: string | undefined; readonly sec: number; readonly milli: number; readonly serial: number }): string {
  const id = `${e.sec}.${e.milli}:${e.serial}`;
  return e.node === undefined ? id : `${id} ${e.node}`;
}

/** ausearch-lol.c check_events: events whose first record is of these types have no companions (also report/'s grouper). */
export function standsAloneAusearch(type: number): boolean {
  return (
    type === RecordType.PROCTITLE ||
    type < RecordType.FIRST_EVENT ||
    type >= RecordType.FIRST_ANOM_MSG ||
    type === RecordType.KERNEL ||
    (type >= RecordType.MAC_UNLBL_ALLOW && type <= RecordType.MAC_CALIPSO_DEL)
  );
}

/** Types sent by user space (or the kernel outside any syscall) as one record with its own serial. */
function standsAloneKernel(type: number): boolean {
  return (
    type === 1005 /* USER */ ||
    (type >= RecordType.FIRST_USER_MSG && type <= 1299) ||
    type === RecordType.KERNEL ||
    (type >= RecordType.FIRST_USER_MSG2 && type <= RecordType.LAST_USER_MSG2)
  );
}

export class EventAssembler {
  readonly #policy: AssemblyPolicy;
  readonly #timeoutSec: number;
  readonly #maxInFlight: number;
  readonly #onEvent: (event: AuditEvent, foreign: boolean, marks: number) => void;
  readonly #lazy: boolean;
  readonly #records = new RecordTable();
  readonly #events = new EventTable();
  /** Open (not yet complete) events by serial; several, chained, only when serials repeat. */
  readonly #building = new SerialIndex();
  /** Every event not yet handed out, lowest time first. */
  readonly #byTime = new IntSortedQueue((a, b) => this.#earlierInTime(a, b));
  /** Open events by age, for expiry. */
  readonly #byAge = new IntSortedQueue((a, b) => this.#openedEarlier(a, b));
  #seq = 0;
  /** ausearch's event array: slots freed by handed-out events, lowest first; the count ever used. */
  readonly #freeSlots = new IntMinHeap();
  #slotsUsed = 0;
  #open = 0;
  #recordCount = 0;
  #eventCount = 0;
  #forcedOut = 0;
  #strayEoe = 0;
  #slotOrdered = 0;
  #phase: AssemblyPhase = 'own';
  /** The open events with the serial #find last looked up (the head of their chain). */
  #foundHead = NONE;

  constructor(options: AssemblerOptions) {
    this.#policy = options.policy;
    this.#timeoutSec = options.timeoutSec;
    this.#maxInFlight = options.maxInFlight;
    this.#onEvent = options.onEvent;
    this.#lazy = options.lazyRecords ?? false;
  }

  /** The phase of the records pushed from now on ('own' unless set). */
  get phase(): AssemblyPhase {
    return this.#phase;
  }

  set phase(phase: AssemblyPhase) {
    this.#phase = phase;
  }

  /** A record object; `marks` are passed on to onEvent (ORed over the event's records). */
  push(record: AuditRecord, marks = 0): PushOutcome {
    const open = this.#find(record.serial, record.sec, record.milli, record.node);
    if (open === NONE && !this.#opens(record.type)) return this.#notOpened(record.type, record.sec);
    const r = this.#records.addObject(record);
    return this.#place(open, r, record.type, record.sec, record.milli, record.serial, record.node, record.enriched, marks);
  }

  /**
   * A record as the reader parsed it (no object kept: see record-table.ts).
   * `tag` is the caller's number for the memory the record lies in, for
   * oldestTag(); tags must not decrease from one push to the next.
   */
  pushParsed(record: ParsedRecord, marks = 0, tag = 0): PushOutcome {
    const open = this.#find(record.serial, record.sec, record.milli, record.node);
    if (open === NONE && !this.#opens(record.type)) return this.#notOpened(record.type, record.sec);
    const r = this.#records.addParsed(record, tag);
    return this.#place(open, r, record.type, record.sec, record.milli, record.serial, record.node, record.gs < record.end, marks);
  }

  /** Advances time without a record (a live source's clock, in seconds). */
  tick(nowSec: number): void {
    this.#expire(nowSec);
    this.#drain();
  }

  /** End of input: everything still open is complete. */
  flush(): void {
    for (;;) {
      const oldest = this.#shiftAge();
      if (oldest === NONE) break;
      if ((((this.#events.flags[oldest] as number) & COMPLETE) === 0)) this.#complete(oldest);
    }
    this.#drain();
  }

  get totals(): AssemblerTotals {
    return { records: this.#recordCount, events: this.#eventCount, forcedOut: this.#forcedOut, strayEoe: this.#strayEoe, slotOrdered: this.#slotOrdered };
  }

  /** totals.slotOrdered, without making the totals. */
  get slotOrdered(): number {
    return this.#slotOrdered;
  }

  /**
   * The lowest tag of a record still held (Infinity when none): memory
   * tagged lower is free to use again. An event's first record is its
   * oldest, and every held record belongs to an event not yet handed out.
   */
  oldestTag(): number {
    let oldest = Infinity;
    const t = this.#events;
    const records = this.#records;
    this.#byTime.forEach((e) => {
      const tag = records.tag(t.head[e] as number);
      if (tag < oldest) oldest = tag;
    });
    return oldest;
  }

  /** Events still open or waiting for an earlier one. */
  get pending(): number {
    return this.#byTime.size;
  }

  /**
   * The events not yet handed out, in the order they would be: each as
   * `sec.milli:serial[ node]`, prefixed `o` while open, `c` once complete.
   * What assembly does from here on depends on nothing else (records already
   * kept do not change what later records join or when events end), so
   * equal lists mean equal futures.
   */
  pendingKeys(): string[] {
    const keys: string[] = [];
    const t = this.#events;
    this.#byTime.forEach((e) => {
      const key = eventKey({ node: t.node[e], sec: t.sec[e] as number, milli: t.milli[e] as number, serial: t.serial[e] as number });
      keys.push(`${((t.flags[e] as number) & COMPLETE) !== 0 ? 'c' : 'o'}${key}`);
    });
    return keys;
  }

  /** Whether a record that joins no open event opens one (a stray EOE does not; nor anything in the overrun). */
  #opens(type: number): boolean {
    return type !== RecordType.EOE && this.#phase !== 'overrun';
  }

  #notOpened(type: number, sec: number): PushOutcome {
    this.#recordCount++;
    if (type === RecordType.EOE) {
      this.#strayEoe++;
      return 'dropped';
    }
    // Overrun: the event this record opens belongs to whoever reads on: only
    // the time its opening would give (expiry before the type check) is kept.
    this.#expire(sec);
    this.#drain();
    return 'ticked';
  }

  #place(open: number, r: number, type: number, sec: number, milli: number, serial: number, node: string | undefined, enriched: boolean, marks: number): PushOutcome {
    this.#recordCount++;
    const t = this.#events;
    const flags = enriched ? ENRICHED : 0;
    if (open !== NONE) {
      t.flags[open] = (t.flags[open] as number) | flags;
      t.marks[open] = (t.marks[open] as number) | marks;
      const foreign = ((t.flags[open] as number) & FOREIGN) !== 0;
      if (this.#policy === 'kernel' && type === RecordType.EOE) {
        // EOE carries nothing but the end.
        this.#records.freeChain(r);
        this.#complete(open);
      } else {
        this.#records.setNext(t.tail[open] as number, r);
        t.tail[open] = r;
      }
      if (this.#policy === 'kernel') this.#expire(sec);
      this.#drain();
      return foreign ? 'joined-foreign' : 'joined';
    }
    const e = t.take();
    t.node[e] = node;
    t.sec[e] = sec;
    t.milli[e] = milli;
    t.serial[e] = serial;
    t.firstType[e] = type;
    t.seq[e] = this.#seq++;
    t.slot[e] = this.#freeSlots.size > 0 ? this.#freeSlots.pop() : this.#slotsUsed++;
    t.handedOutBefore[e] = this.#eventCount;
    t.flags[e] = flags | (this.#phase === 'foreign' ? FOREIGN : 0);
    t.marks[e] = marks;
    t.head[e] = r;
    t.tail[e] = r;
    this.#add(e);
    this.#expire(sec);
    const alone = this.#policy === 'ausearch' ? standsAloneAusearch(type) : standsAloneKernel(type);
    if (alone) this.#complete(e);
    if (this.#open > this.#maxInFlight) this.#forceOldest();
    this.#drain();
    return 'created';
  }

  #earlierInTime(a: number, b: number): boolean {
    const t = this.#events;
    if (t.sec[a] !== t.sec[b]) return (t.sec[a] as number) < (t.sec[b] as number);
    if (t.milli[a] !== t.milli[b]) return (t.milli[a] as number) < (t.milli[b] as number);
    if (t.serial[a] !== t.serial[b]) return (t.serial[a] as number) < (t.serial[b] as number);
    // Two events with one id (ausearch splits an event whose first record
    // stands alone, e.g. LOGIN): ausearch takes the one in the lowest array
    // slot, which is not always the older one, as slots are reused.
    if (a !== b && t.handedOutBefore[a] !== t.handedOutBefore[b]) this.#slotOrdered++;
    return (t.slot[a] as number) < (t.slot[b] as number);
  }

  #openedEarlier(a: number, b: number): boolean {
    const t = this.#events;
    return t.sec[a] !== t.sec[b] ? (t.sec[a] as number) < (t.sec[b] as number) : (t.seq[a] as number) < (t.seq[b] as number);
  }

  #find(serial: number, sec: number, milli: number, node: string | undefined): number {
    const t = this.#events;
    const head = this.#building.get(serial);
    this.#foundHead = head;
    for (let e = head; e !== NONE; e = t.nextSame[e] as number) if (t.matches(e, sec, milli, node)) return e;
    return NONE;
  }

  #add(e: number): void {
    const t = this.#events;
    t.nextSame[e] = NONE;
    // #find just looked the serial up (nothing changed the index since).
    const first = this.#foundHead;
    if (first === NONE) this.#building.set(t.serial[e] as number, e);
    else {
      let last = first;
      while ((t.nextSame[last] as number) !== NONE) last = t.nextSame[last] as number;
      t.nextSame[last] = e;
    }
    this.#byTime.push(e);
    this.#byAge.push(e);
    t.flags[e] = (t.flags[e] as number) | IN_AGE;
    this.#open++;
  }

  #complete(e: number): void {
    const t = this.#events;
    t.flags[e] = (t.flags[e] as number) | COMPLETE;
    this.#open--;
    const serial = t.serial[e] as number;
    const first = this.#building.get(serial);
    if (first === e) {
      const next = t.nextSame[e] as number;
      if (next === NONE) this.#building.delete(serial);
      else this.#building.set(serial, next);
    } else {
      for (let p = first; p !== NONE; p = t.nextSame[p] as number) {
        if (t.nextSame[p] === e) {
          t.nextSame[p] = t.nextSame[e] as number;
          break;
        }
      }
    }
  }

  #expire(nowSec: number): void {
    const limit = nowSec - this.#timeoutSec;
    const t = this.#events;
    for (;;) {
      const oldest = this.#byAge.peek();
      if (oldest === NONE) return;
      if (((t.flags[oldest] as number) & COMPLETE) !== 0) {
        this.#shiftAge();
        continue;
      }
      if ((t.sec[oldest] as number) > limit) return;
      this.#shiftAge();
      this.#complete(oldest);
    }
  }

  #forceOldest(): void {
    const t = this.#events;
    for (;;) {
      const oldest = this.#shiftAge();
      if (oldest === NONE) return;
      if (((t.flags[oldest] as number) & COMPLETE) !== 0) continue;
      this.#complete(oldest);
      this.#forcedOut++;
      return;
    }
  }

  #drain(): void {
    const t = this.#events;
    for (;;) {
      const first = this.#byTime.peek();
      if (first === NONE || ((t.flags[first] as number) & COMPLETE) === 0) return;
      this.#byTime.shift();
      this.#freeSlots.push(t.slot[first] as number);
      this.#eventCount++;
      const flags = t.flags[first] as number;
      const head = t.head[first] as number;
      const event = new HandedOutEvent(t.node[first], t.sec[first] as number, t.milli[first] as number, t.serial[first] as number, (flags & ENRICHED) !== 0, this.#records, head);
      if (!this.#lazy) void event.records; // made now, while the slots hold them
      this.#onEvent(event, (flags & FOREIGN) !== 0, t.marks[first] as number);
      event.release();
      this.#records.freeChain(head);
      t.flags[first] = (t.flags[first] as number) | HANDED_OUT;
      if (((t.flags[first] as number) & IN_AGE) === 0) t.release(first);
    }
  }

  /** Takes the front of the by-age queue; an event number both queues have let go of is free again. */
  #shiftAge(): number {
    const e = this.#byAge.shift();
    if (e === NONE) return NONE;
    const t = this.#events;
    const flags = (t.flags[e] as number) & ~IN_AGE;
    t.flags[e] = flags;
    if ((flags & HANDED_OUT) !== 0) t.release(e);
    return e;
  }
}
