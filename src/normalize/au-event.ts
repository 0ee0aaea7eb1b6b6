// The events libauparse makes of the records ausearch feeds it. ausearch hands
// auparse one of its events at a time (all records share node, time and
// serial) and flushes; auparse still groups by its own rule: an event is done
// as soon as its last record is of a type it takes as final (PROCTITLE, EOE,
// anything below the kernel's first event type 1300, from 2100 up, KERNEL,
// the NetLabel types), and a record arriving after that starts a new event
// with the same serial. A new event that would start with EOE is dropped, and
// so is one whose first record auparse cannot split; a record whose time stamp
// it does not read (auparseReadsRecord) is skipped.
import type { AuditEvent } from '../events/index.js';
import { auparseReadsRecord, libauditTypeNumber, type AuditRecord } from '../format/index.js';
import { AuRecord } from './au-record.js';
import { T } from './tables.js';

/** One event as auparse hands it out; valid until the next one is made (the object and its records are reused). */
export interface AuEvent {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly node: string | undefined;
  /** The records are `records[0, count)`; entries past `count` belong to no event. */
  readonly records: readonly AuRecord[];
  readonly count: number;
}

/** auparse's own end-of-event test (auparse.c au_check_events), on the type of the record just added. */
export function endsAuparseEvent(type: number): boolean {
  return (
    type === T.PROCTITLE ||
    type === T.EOE ||
    type < T.FIRST_EVENT ||
    type >= T.FIRST_ANOM_MSG ||
    type === T.KERNEL ||
    (type >= T.MAC_UNLBL_ALLOW && type <= T.MAC_CALIPSO_DEL)
  );
}

/** auparse's number for a record's `type=` word (libaudit 3.0.9 names). */
export function auparseType(record: AuditRecord): number {
  return libauditTypeNumber(record.typeName);
}

/**
 * Splits ausearch events into the events auparse hands its callback, in
 * order. Records and events are pooled: each event is handed out, worked on
 * and dropped before the next is built.
 */
export class AuparseSplitter {
  readonly #pool: AuRecord[] = [];
  readonly #event = { sec: 0, milli: 0, serial: 0, node: undefined as string | undefined, records: this.#pool, count: 0 };

  split(event: AuditEvent, emit: (e: AuEvent) => void): void {
    const out = this.#event;
    out.sec = event.sec;
    out.milli = event.milli;
    out.serial = event.serial;
    out.node = event.node;
    let n = 0;
    for (const source of event.records) {
      if (!auparseReadsRecord(source.buffer, source.lineStartAt, source.lineEndAt)) continue;
      const type = auparseType(source);
      if (n === 0) {
        if (type === T.EOE) continue;
        const first = this.#record(0).reuse(source, 0, type);
        if ((type === T.AVC || type === T.USER_AVC) && first.splitFailed) continue;
      } else this.#record(n).reuse(source, n, type);
      n++;
      if (endsAuparseEvent(type)) {
        out.count = n;
        emit(out);
        n = 0;
      }
    }
    if (n > 0) {
      out.count = n;
      emit(out);
    }
  }

  #record(i: number): AuRecord {
    let r = this.#pool[i];
    if (r === undefined) {
      r = new AuRecord();
      this.#pool.push(r);
    }
    return r;
  }
}
