// The events libauparse makes of the records ausearch feeds it. ausearch hands
// auparse one of its events at a time (all records share node, time and
// serial) and flushes; auparse still groups by its own rule: an event is done
// as soon as its last record is of a type it takes as final (PROCTITLE, EOE,
// anything below the kernel's first event type 1300, from 2100 up, KERNEL,
// the NetLabel types), and a record arriving after that starts a new event
// with the same serial. A new event that would start with EOE is dropped, and
// so is one whose first record auparse cannot split.
import type { AuditEvent } from '../events/index.js';
import type { AuditRecord } from '../format/index.js';
import { AuRecord } from './au-record.js';
import { T, msgTypeNumber } from './tables.js';

export interface AuEvent {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly node: string | undefined;
  readonly records: readonly AuRecord[];
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
  return msgTypeNumber(record.typeName);
}

/**
 * Splits ausearch events into the events auparse hands its callback, in
 * order. Records and events are pooled: each event is handed out, worked on
 * and dropped before the next is built.
 */
export class AuparseSplitter {
  readonly #pool: AuRecord[] = [];

  split(event: AuditEvent, emit: (e: AuEvent) => void): void {
    let records: AuRecord[] = [];
    for (const source of event.records) {
      const type = auparseType(source);
      if (records.length === 0) {
        if (type === T.EOE) continue;
        const first = this.#record(0).reuse(source, 0, type);
        if ((type === T.AVC || type === T.USER_AVC) && first.splitFailed) continue;
        records.push(first);
      } else records.push(this.#record(records.length).reuse(source, records.length, type));
      if (endsAuparseEvent(type)) {
        emit({ sec: event.sec, milli: event.milli, serial: event.serial, node: event.node, records });
        records = [];
      }
    }
    if (records.length > 0) emit({ sec: event.sec, milli: event.milli, serial: event.serial, node: event.node, records });
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
