// One event as aureport groups it → one row of `report_events`: what the
// main summary counts, read as `report -if`'s summary reads it (report/'s
// InPlaceItems: the kernel's SYSCALL, PATH and CWD records in place, the
// others through ausearch's parsers, with the fields aureport asks for).
// Done twice only when it can matter: with -i aureport also reads arch=,
// which changes nothing for a SYSCALL record that starts with a well-formed
// arch= (the kernel's order); for any other the -i reading is done too (by
// report/'s general scanner) and a difference is flagged (odd_i), so the SQL
// summary hands such stores to the replay instead of guessing.
import { Buffer } from 'node:buffer';
import { indexOfByte } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';
import type { AuditEvent } from '../events/index.js';
import { ALL_EVENTS, InPlaceItems, RecordKind, createEventScanner } from '../report/index.js';
import type { EventItems, EventScanner, ItemsState, ReportFacts } from '../report/index.js';
import { ausearchRecordType, newSearchItems } from '../query/index.js';
import type { UserDb } from '../query/index.js';
import type { ColumnBatch } from './batch.js';
import { recordsShape } from './identity.js';

const SYSCALL_NAME = 'SYSCALL';
const EMPTY = new Uint8Array(0);
const NUL = 0;
/** Past this many type names (odd logs, or hostile ones) the table starts over. */
const MAX_TYPES = 4096;

/** A record type by its name as written: ausearch's number, what the summary's parsers do with it, a NUL in the name. */
interface TypeEntry {
  readonly type: number;
  readonly kind: RecordKind;
  readonly nul: boolean;
}

/** Whether the record's body starts with `arch=HEX ` (1–8 hex digits). */
function archFirst(r: AuditRecord): boolean {
  const b = r.buffer;
  let p = r.bodyAt;
  const end = r.messageEndAt;
  if (end - p < 7 || b[p] !== 0x61 || b[p + 1] !== 0x72 || b[p + 2] !== 0x63 || b[p + 3] !== 0x68 || b[p + 4] !== 0x3d) return false;
  p += 5;
  const start = p;
  for (; p < end; p++) {
    const c = b[p] as number;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) break;
  }
  return p > start && p - start <= 8 && b[p] === 0x20;
}

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The fields the main summary counts, compared between the plain and the -i reading. */
function sameSummaryItems(a: EventItems, b: EventItems): boolean {
  return a.success === b.success && a.syscall === b.syscall && a.loginuid === b.loginuid && a.pid === b.pid &&
    a.terminal === b.terminal && a.hostname === b.hostname && a.exe === b.exe && a.comm === b.comm &&
    sameList(a.filenames, b.filenames) && sameList(a.keys, b.keys);
}

/** What one event's row holds beyond its stamp: the reading's result (reused from event to event). */
interface ReportValues {
  headType: number;
  /** The record types as text (`1300,1302,1327`); empty when neither reading took the event. */
  typesText: Uint8Array;
  items: EventItems | undefined;
  bad: boolean;
  badI: boolean;
  odd: boolean;
  warnings: string | null;
}

/**
 * Reads events as aureport's summary does (one per ingest: its tables of
 * type names, strings and addresses warm up once for every batch).
 */
export class ReportReading {
  readonly #plain: InPlaceItems;
  readonly #interpreted: EventScanner;
  readonly #typeEntries = new Map<string, TypeEntry>();
  readonly #typeTexts = new Map<number, { readonly types: readonly number[]; readonly text: Uint8Array }[]>();
  readonly #values: ReportValues = { headType: -1, typesText: EMPTY, items: undefined, bad: false, badI: false, odd: false, warnings: null };

  constructor(users: UserDb) {
    this.#plain = new InPlaceItems(false, users);
    // Its messages are not kept: the plain reading's are.
    this.#interpreted = createEventScanner('summary', ALL_EVENTS, { interpret: true, escape: 'tty' }, { users, warn: () => {} });
  }

  read(event: AuditEvent): ReportValues {
    const records = event.records;
    const node = event.node;
    // A header SummaryScan would not read in place goes to query/'s parser whole, as aureport's scan reads it.
    const oddNode = node !== undefined && (node.indexOf('=') >= 0 || node.indexOf('\0') >= 0);
    const types: number[] = [];
    const st: ItemsState = { items: newSearchItems(), rc: 0, warnings: null };
    let archFirstAll = true;
    for (const r of records) {
      const t = this.#typeOf(r.typeName);
      types.push(t.type);
      if (archFirstAll && r.typeName === SYSCALL_NAME && !archFirst(r)) archFirstAll = false;
      if (st.rc !== 0 || t.kind === RecordKind.SKIP) continue;
      const b = r.buffer;
      const start = r.lineStartAt;
      if (t.nul || oddNode) {
        // The header holds a NUL (the body cannot: format/ refuses such lines); the C string ends there.
        let end = r.messageEndAt;
        const nul = indexOfByte(b, NUL, start, end);
        if (nul >= 0) end = nul;
        this.#plain.parse(st, t.type, b, start, end);
      } else this.#plain.read(st, t.kind, t.type, b, start, r.bodyAt, r.messageEndAt);
    }
    const plainOk = st.rc === 0;
    let interpreted: ReportFacts | undefined;
    const v = this.#values;
    v.badI = !plainOk;
    v.odd = false;
    if (!archFirstAll) {
      interpreted = this.#interpreted(event);
      v.badI = interpreted === undefined;
      v.odd = plainOk && interpreted !== undefined && !sameSummaryItems(st.items, interpreted.items);
    }
    // The plain reading's facts, else the -i reading's, else none.
    if (plainOk) {
      v.headType = types[0] as number;
      v.typesText = this.#typesText(types);
      v.items = st.items;
    } else if (interpreted !== undefined) {
      v.headType = interpreted.headType;
      v.typesText = this.#typesText(interpreted.types);
      v.items = interpreted.items;
    } else {
      v.headType = -1;
      v.typesText = EMPTY;
      v.items = undefined;
    }
    v.bad = !plainOk;
    v.warnings = st.warnings === null || st.warnings.length === 0 ? null : st.warnings.join('');
    return v;
  }

  #typeOf(name: string): TypeEntry {
    let t = this.#typeEntries.get(name);
    if (t === undefined) {
      const type = ausearchRecordType(name);
      t = { type, kind: this.#plain.kindOf(type), nul: name.indexOf('\0') >= 0 };
      if (this.#typeEntries.size >= MAX_TYPES) this.#typeEntries.clear();
      this.#typeEntries.set(name, t);
    }
    return t;
  }

  // The record types as text, encoded once per list: events of one kind repeat.
  #typesText(types: readonly number[]): Uint8Array {
    let h = types.length;
    for (const t of types) h = (Math.imul(h, 31) + t) | 0;
    const bucket = this.#typeTexts.get(h);
    if (bucket !== undefined) {
      outer: for (const entry of bucket) {
        if (entry.types.length !== types.length) continue;
        for (let i = 0; i < types.length; i++) if (entry.types[i] !== types[i]) continue outer;
        return entry.text;
      }
    }
    const entry = { types: [...types], text: Buffer.from(types.join(','), 'utf8') };
    if (bucket === undefined) this.#typeTexts.set(h, [entry]);
    else if (bucket.length < 8) bucket.push(entry);
    return entry.text;
  }
}

/** Rows of `report_events` into one batch. */
export class ReportRowBuilder {
  readonly #b: ColumnBatch;
  readonly #reading: ReportReading;
  readonly #src; readonly #sec; readonly #milli; readonly #serial; readonly #node; readonly #shape; readonly #headType;
  readonly #types; readonly #success; readonly #syscall; readonly #loginuid; readonly #pid; readonly #terminal;
  readonly #hostname; readonly #exe; readonly #comm; readonly #files; readonly #keys; readonly #bad; readonly #badI;
  readonly #oddI; readonly #warningsCol;

  constructor(batch: ColumnBatch, reading: ReportReading) {
    const b = batch;
    this.#b = b;
    this.#reading = reading;
    this.#src = b.int32('src'); this.#sec = b.int64('sec'); this.#milli = b.int16('milli'); this.#serial = b.int64('serial');
    this.#node = b.bytes('node'); this.#shape = b.uint32('shape'); this.#headType = b.int32('head_type'); this.#types = b.bytes('types');
    this.#success = b.int32('success'); this.#syscall = b.int32('syscall'); this.#loginuid = b.int32('loginuid');
    this.#pid = b.int32('pid'); this.#terminal = b.bytes('terminal'); this.#hostname = b.bytes('hostname'); this.#exe = b.bytes('exe');
    this.#comm = b.bytes('comm'); this.#files = b.list('files'); this.#keys = b.list('keys'); this.#bad = b.bool('bad');
    this.#badI = b.bool('bad_i'); this.#oddI = b.bool('odd_i'); this.#warningsCol = b.bytes('warnings');
  }

  /** Adds the event (grouped as aureport groups) as the batch's next row; `src` is the input being read when it completed. */
  add(event: AuditEvent, src: number): void {
    const row = this.#b.length++;
    const v = this.#reading.read(event);
    this.#src.values[row] = src;
    this.#sec.values[row] = event.sec;
    this.#milli.values[row] = event.milli;
    this.#serial.values[row] = event.serial;
    this.#node.arena.setText(row, event.node ?? null);
    this.#shape.values[row] = recordsShape(event.records);
    this.#headType.values[row] = v.headType;
    this.#types.arena.setBytes(row, v.typesText);
    const s = v.items;
    this.#success.values[row] = s?.success ?? -1;
    this.#syscall.values[row] = s?.syscall ?? 0;
    this.#loginuid.values[row] = (s?.loginuid ?? -2) | 0;
    this.#pid.values[row] = s?.pid ?? -1;
    this.#terminal.arena.setText(row, s?.terminal ?? null);
    this.#hostname.arena.setText(row, s?.hostname ?? null);
    this.#exe.arena.setText(row, s?.exe ?? null);
    this.#comm.arena.setText(row, s?.comm ?? null);
    this.#b.setList(this.#files, row, s?.filenames ?? null);
    this.#b.setList(this.#keys, row, s?.keys ?? null);
    this.#bad.values[row] = v.bad ? 1 : 0;
    this.#badI.values[row] = v.badI ? 1 : 0;
    this.#oddI.values[row] = v.odd ? 1 : 0;
    this.#warningsCol.arena.setText(row, v.warnings);
    this.#bad.valid[row] = 1;
    this.#badI.valid[row] = 1;
    this.#oddI.valid[row] = 1;
  }
}
