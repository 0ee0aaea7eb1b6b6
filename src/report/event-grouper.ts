// Groups records into events exactly as events/'s EventAssembler does with
// the 'ausearch' policy (ausearch-lol.c), for a reader that keeps no records:
// the caller folds each record into its event's state as it arrives, and gets
// the events back complete, in ausearch's output order. A test feeds both the
// same logs and compares the events they form.
import { SortedQueue, standsAloneAusearch } from '../events/index.js';

export class GroupedEvent<S> {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly node: string | undefined;
  readonly seq: number;
  /** ausearch's event array index: the lowest free one (equal ids go out in slot order). */
  readonly slot: number;
  readonly state: S;
  complete = false;

  constructor(sec: number, milli: number, serial: number, node: string | undefined, seq: number, slot: number, state: S) {
    this.sec = sec;
    this.milli = milli;
    this.serial = serial;
    this.node = node;
    this.seq = seq;
    this.slot = slot;
    this.state = state;
  }
}

function earlierInTime<S>(a: GroupedEvent<S>, b: GroupedEvent<S>): boolean {
  if (a.sec !== b.sec) return a.sec < b.sec;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.serial !== b.serial) return a.serial < b.serial;
  return a.slot < b.slot;
}

function openedEarlier<S>(a: GroupedEvent<S>, b: GroupedEvent<S>): boolean {
  return a.sec !== b.sec ? a.sec < b.sec : a.seq < b.seq;
}

export interface GrouperOptions<S> {
  readonly timeoutSec: number;
  readonly maxInFlight: number;
  readonly newState: () => S;
  readonly onEvent: (event: GroupedEvent<S>) => void;
}

export class EventGrouper<S> {
  readonly #timeoutSec: number;
  readonly #maxInFlight: number;
  readonly #newState: () => S;
  readonly #onEvent: (event: GroupedEvent<S>) => void;
  readonly #building = new Map<number, GroupedEvent<S> | GroupedEvent<S>[]>();
  readonly #byTime = new SortedQueue<GroupedEvent<S>>(earlierInTime);
  readonly #byAge = new SortedQueue<GroupedEvent<S>>(openedEarlier);
  #seq = 0;
  #created = false;
  readonly #freeSlots = new SortedQueue<number>((a, b) => a < b);
  #slotsUsed = 0;
  #open = 0;

  constructor(options: GrouperOptions<S>) {
    this.#timeoutSec = options.timeoutSec;
    this.#maxInFlight = options.maxInFlight;
    this.#newState = options.newState;
    this.#onEvent = options.onEvent;
  }

  /**
   * The event a record joins, or a new one it opens (then `created` is true);
   * undefined for an EOE that ends nothing (dropped). The caller folds the
   * record into the event's state and then calls settle().
   */
  eventFor(sec: number, milli: number, serial: number, node: string | undefined, isEoe: boolean): GroupedEvent<S> | undefined {
    this.#created = false;
    const slot = this.#building.get(serial);
    if (slot !== undefined) {
      if (!Array.isArray(slot)) {
        if (slot.sec === sec && slot.milli === milli && slot.node === node) return slot;
      } else {
        for (const e of slot) if (e.sec === sec && e.milli === milli && e.node === node) return e;
      }
    }
    if (isEoe) return undefined;
    const slotNo = this.#freeSlots.size > 0 ? (this.#freeSlots.shift() as number) : this.#slotsUsed++;
    const event = new GroupedEvent(sec, milli, serial, node, this.#seq++, slotNo, this.#newState());
    if (slot === undefined) this.#building.set(serial, event);
    else if (Array.isArray(slot)) slot.push(event);
    else this.#building.set(serial, [slot, event]);
    this.#byTime.push(event);
    this.#byAge.push(event);
    this.#open++;
    this.#created = true;
    return event;
  }

  /** The open event a record joins, without opening one. */
  find(sec: number, milli: number, serial: number, node: string | undefined): GroupedEvent<S> | undefined {
    this.#created = false;
    const slot = this.#building.get(serial);
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return slot.sec === sec && slot.milli === milli && slot.node === node ? slot : undefined;
    for (const e of slot) if (e.sec === sec && e.milli === milli && e.node === node) return e;
    return undefined;
  }

  /** Whether the last eventFor() opened a new event. */
  get created(): boolean {
    return this.#created;
  }

  /** After a record was folded in: a new event expires old ones and may stand alone; complete events go out. */
  settle(event: GroupedEvent<S>, created: boolean, formatType: number): void {
    if (created) {
      this.#expire(event.sec);
      if (standsAloneAusearch(formatType)) this.#complete(event); // as events/ does, even when expiry completed it
      if (this.#open > this.#maxInFlight) this.#forceOldest();
    }
    this.#drain();
  }

  /** Time passing without a new event (a record that would open one elsewhere): expiry, and what completes goes out. */
  tick(sec: number): void {
    this.#expire(sec);
    this.#drain();
  }

  /** Events open (not yet complete). */
  get open(): number {
    return this.#open;
  }

  /**
   * The events not yet handed out, in output order, as `o`/`c` (open or
   * complete) and `sec.milli:serial[ node]`: equal lists, equal futures
   * (events/'s pendingKeys, for cutting a log into parts).
   */
  pendingKeys(): string[] {
    const keys: string[] = [];
    this.#byTime.forEach((e) => {
      keys.push(`${e.complete ? 'c' : 'o'}${e.sec}.${e.milli}:${e.serial}${e.node === undefined ? '' : ` ${e.node}`}`);
    });
    return keys;
  }

  /** End of input: everything open is complete. */
  flush(): void {
    for (;;) {
      const oldest = this.#byAge.shift();
      if (oldest === undefined) break;
      if (!oldest.complete) this.#complete(oldest);
    }
    this.#drain();
  }

  #complete(event: GroupedEvent<S>): void {
    event.complete = true;
    this.#open--;
    const slot = this.#building.get(event.serial);
    if (slot === event) this.#building.delete(event.serial);
    else if (Array.isArray(slot)) {
      const i = slot.indexOf(event);
      if (i >= 0) slot.splice(i, 1);
      if (slot.length === 1) this.#building.set(event.serial, slot[0] as GroupedEvent<S>);
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
      return;
    }
  }

  #drain(): void {
    for (;;) {
      const first = this.#byTime.peek();
      if (first === undefined || !first.complete) return;
      this.#byTime.shift();
      this.#freeSlots.push(first.slot);
      this.#onEvent(first);
    }
  }
}
