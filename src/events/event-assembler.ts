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
import type { AuditRecord } from '../format/index.js';
import { RecordType } from '../format/index.js';
import type { AuditEvent } from './event.js';
import { SortedQueue } from './sorted-queue.js';

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
  /** Each complete event in output order; `foreign` when it was opened in the foreign phase. */
  readonly onEvent: (event: AuditEvent, foreign: boolean) => void;
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

class OpenEvent implements AuditEvent {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly records: AuditRecord[];
  readonly firstType: number;
  readonly seq: number;
  /** The index ausearch's event array would give it: the lowest one free (ties go to the lowest). */
  readonly slot: number;
  /** Events handed out before this one was opened. */
  readonly handedOutBefore: number;
  readonly foreign: boolean;
  enriched: boolean;
  complete = false;

  constructor(first: AuditRecord, seq: number, slot: number, handedOutBefore: number, foreign: boolean) {
    this.node = first.node;
    this.sec = first.sec;
    this.milli = first.milli;
    this.serial = first.serial;
    this.records = [first];
    this.firstType = first.type;
    this.seq = seq;
    this.slot = slot;
    this.handedOutBefore = handedOutBefore;
    this.foreign = foreign;
    this.enriched = first.enriched;
  }

  matches(r: AuditRecord): boolean {
    return this.sec === r.sec && this.milli === r.milli && this.node === r.node;
  }
}

/** An event's identity as text: `sec.milli:serial`, then ` node` when it has one. */
export function eventKey(e: { readonly node: string | undefined; readonly sec: number; readonly milli: number; readonly serial: number }): string {
  const id = `${e.sec}.${e.milli}:${e.serial}`;
  return e.node === undefined ? id : `${id} ${e.node}`;
}

function earlierInTime(a: OpenEvent, b: OpenEvent): boolean {
  if (a.sec !== b.sec) return a.sec < b.sec;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.serial !== b.serial) return a.serial < b.serial;
  // Two events with one id (ausearch splits an event whose first record
  // stands alone, e.g. LOGIN): ausearch takes the one in the lowest array
  // slot, which is not always the older one, as slots are reused.
  return a.slot < b.slot;
}

function openedEarlier(a: OpenEvent, b: OpenEvent): boolean {
  return a.sec !== b.sec ? a.sec < b.sec : a.seq < b.seq;
}

/** ausearch-lol.c check_events: events whose first record is of these types have no companions. */
function standsAloneAusearch(type: number): boolean {
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
  readonly #onEvent: (event: AuditEvent, foreign: boolean) => void;
  /** Open (not yet complete) events by serial; several only when serials repeat. */
  readonly #building = new Map<number, OpenEvent | OpenEvent[]>();
  /** Every event not yet handed out, lowest time first. */
  readonly #byTime = new SortedQueue<OpenEvent>((a, b) => {
    if (a !== b && a.handedOutBefore !== b.handedOutBefore && a.sec === b.sec && a.milli === b.milli && a.serial === b.serial) this.#slotOrdered++;
    return earlierInTime(a, b);
  });
  /** Open events by age, for expiry. */
  readonly #byAge = new SortedQueue<OpenEvent>(openedEarlier);
  #seq = 0;
  /** ausearch's event array: slots freed by handed-out events, lowest first; the count ever used. */
  readonly #freeSlots = new SortedQueue<number>((a, b) => a < b);
  #slotsUsed = 0;
  #open = 0;
  #records = 0;
  #events = 0;
  #forcedOut = 0;
  #strayEoe = 0;
  #slotOrdered = 0;
  #phase: AssemblyPhase = 'own';

  constructor(options: AssemblerOptions) {
    this.#policy = options.policy;
    this.#timeoutSec = options.timeoutSec;
    this.#maxInFlight = options.maxInFlight;
    this.#onEvent = options.onEvent;
  }

  /** The phase of the records pushed from now on ('own' unless set). */
  get phase(): AssemblyPhase {
    return this.#phase;
  }

  set phase(phase: AssemblyPhase) {
    this.#phase = phase;
  }

  push(record: AuditRecord): PushOutcome {
    this.#records++;
    const open = this.#find(record);
    if (open !== undefined) {
      open.records.push(record);
      if (record.enriched) open.enriched = true;
      if (this.#policy === 'kernel') {
        if (record.type === RecordType.EOE) {
          open.records.pop(); // EOE carries nothing but the end
          this.#complete(open);
        }
        this.#expire(record.sec);
      }
      this.#drain();
      return open.foreign ? 'joined-foreign' : 'joined';
    }
    if (record.type === RecordType.EOE) {
      this.#strayEoe++;
      return 'dropped';
    }
    if (this.#phase === 'overrun') {
      // The event this record opens belongs to whoever reads on: only the
      // time its opening would give (expiry before the type check) is kept.
      this.#expire(record.sec);
      this.#drain();
      return 'ticked';
    }
    const slot = this.#freeSlots.size > 0 ? (this.#freeSlots.shift() as number) : this.#slotsUsed++;
    const event = new OpenEvent(record, this.#seq++, slot, this.#events, this.#phase === 'foreign');
    this.#add(event);
    this.#expire(record.sec);
    const alone = this.#policy === 'ausearch' ? standsAloneAusearch(event.firstType) : standsAloneKernel(event.firstType);
    if (alone) this.#complete(event);
    if (this.#open > this.#maxInFlight) this.#forceOldest();
    this.#drain();
    return 'created';
  }

  /** Advances time without a record (a live source's clock, in seconds). */
  tick(nowSec: number): void {
    this.#expire(nowSec);
    this.#drain();
  }

  /** End of input: everything still open is complete. */
  flush(): void {
    for (;;) {
      const oldest = this.#byAge.shift();
      if (oldest === undefined) break;
      if (!oldest.complete) this.#complete(oldest);
    }
    this.#drain();
  }

  get totals(): AssemblerTotals {
    return { records: this.#records, events: this.#events, forcedOut: this.#forcedOut, strayEoe: this.#strayEoe, slotOrdered: this.#slotOrdered };
  }

  /** totals.slotOrdered, without making the totals. */
  get slotOrdered(): number {
    return this.#slotOrdered;
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
    this.#byTime.forEach((e) => {
      keys.push(`${e.complete ? 'c' : 'o'}${eventKey(e)}`);
    });
    return keys;
  }

  #find(record: AuditRecord): OpenEvent | undefined {
    const slot = this.#building.get(record.serial);
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return slot.matches(record) ? slot : undefined;
    for (const e of slot) if (e.matches(record)) return e;
    return undefined;
  }

  #add(event: OpenEvent): void {
    const slot = this.#building.get(event.serial);
    if (slot === undefined) this.#building.set(event.serial, event);
    else if (Array.isArray(slot)) slot.push(event);
    else this.#building.set(event.serial, [slot, event]);
    this.#byTime.push(event);
    this.#byAge.push(event);
    this.#open++;
  }

  #complete(event: OpenEvent): void {
    event.complete = true;
    this.#open--;
    const slot = this.#building.get(event.serial);
    if (slot === event) this.#building.delete(event.serial);
    else if (Array.isArray(slot)) {
      const i = slot.indexOf(event);
      if (i >= 0) slot.splice(i, 1);
      if (slot.length === 1) this.#building.set(event.serial, slot[0] as OpenEvent);
      else if (slot.length === 0) this.#building.delete(event.serial);
    }
  }

  #expire(nowSec: number): void {
    const limit = nowSec - this.#timeoutSec;
    for (;;) {
      const oldest = this.#byAge.peek();
      if (oldest === undefined) return;
      if (oldest.complete) {
        this.#byAge.shift();
        continue;
      }
      if (oldest.sec > limit) return;
      this.#byAge.shift();
      this.#complete(oldest);
    }
  }

  #forceOldest(): void {
    for (;;) {
      const oldest = this.#byAge.shift();
      if (oldest === undefined) return;
      if (oldest.complete) continue;
      this.#complete(oldest);
      this.#forcedOut++;
      return;
    }
  }

  #drain(): void {
    for (;;) {
      const first = this.#byTime.peek();
      if (first === undefined || !first.complete) return;
      this.#byTime.shift();
      this.#freeSlots.push(first.slot);
      this.#events++;
      this.#onEvent(first, first.foreign);
    }
  }
}
