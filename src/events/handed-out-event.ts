// The event the assembler hands out: its identity and flags as values, its
// records made from the assembler's RecordTable only when read (with
// lazyRecords, only while onEvent runs: the slots are free afterwards).
import type { AuditRecord } from '../format/index.js';
import type { AuditEvent } from './event.js';
import type { RecordTable } from './record-table.js';
import { NONE } from './event-table.js';

/** A handed-out event; its records are made from the table when first read. */
export class HandedOutEvent implements AuditEvent {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly enriched: boolean;
  #table: RecordTable | undefined;
  readonly #first: number;
  #records: AuditRecord[] | undefined;

  constructor(node: string | undefined, sec: number, milli: number, serial: number, enriched: boolean, table: RecordTable, first: number) {
    this.node = node;
    this.sec = sec;
    this.milli = milli;
    this.serial = serial;
    this.enriched = enriched;
    this.#table = table;
    this.#first = first;
  }

  get records(): readonly AuditRecord[] {
    if (this.#records !== undefined) return this.#records;
    const table = this.#table;
    // An invariant of lazyRecords: the slots are free once onEvent has returned.
    if (table === undefined) throw new Error('event records read after onEvent returned (lazyRecords)');
    const records: AuditRecord[] = [];
    for (let i = this.#first; i !== NONE; i = table.next(i)) records.push(table.record(i));
    this.#records = records;
    return records;
  }

  /** The table's slots are about to be freed. */
  release(): void {
    this.#table = undefined;
  }
}
