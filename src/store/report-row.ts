// One event as aureport groups it → one row of `report_events`: what the
// main summary counts, extracted by report/'s own scanner (ausearch's parsers
// with the fields aureport asks for). Done twice only when it can matter:
// with -i aureport also reads arch=, which changes nothing for a SYSCALL
// record that starts with a well-formed arch= (the kernel's order); for any
// other the -i reading is done too and a difference is flagged (odd_i), so
// the SQL summary hands such stores to the replay instead of guessing.
import { Buffer } from 'node:buffer';
import type { AuditRecord } from '../format/index.js';
import type { AuditEvent } from '../events/index.js';
import { createEventScanner } from '../report/index.js';
import type { EventFilter, EventItems, EventScanner, ReportFacts } from '../report/index.js';
import type { UserDb } from '../query/index.js';
import type { ColumnBatch } from './batch.js';
import { recordsShape } from './identity.js';

const ALL_EVENTS: EventFilter = { outcome: 'both', configAction: 'neither', noConfig: false, nodes: undefined, startSec: 0, endSec: 0 };
const SYSCALL_NAME = 'SYSCALL';
const EMPTY = new Uint8Array(0);

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

export class ReportRowBuilder {
  readonly #b: ColumnBatch;
  readonly #plain: EventScanner;
  readonly #interpreted: EventScanner;
  #warnings: string[] = [];
  readonly #typeTexts = new Map<number, { readonly types: readonly number[]; readonly text: Uint8Array }[]>();
  readonly #src; readonly #sec; readonly #milli; readonly #serial; readonly #node; readonly #shape; readonly #headType;
  readonly #types; readonly #success; readonly #syscall; readonly #loginuid; readonly #pid; readonly #terminal;
  readonly #hostname; readonly #exe; readonly #comm; readonly #files; readonly #keys; readonly #bad; readonly #badI;
  readonly #oddI; readonly #warningsCol;

  constructor(batch: ColumnBatch, users: UserDb) {
    const b = batch;
    this.#b = b;
    const env = { users, warn: (text: string): void => void this.#warnings.push(text) };
    this.#plain = createEventScanner('summary', ALL_EVENTS, { interpret: false, escape: 'tty' }, env);
    this.#interpreted = createEventScanner('summary', ALL_EVENTS, { interpret: true, escape: 'tty' }, env);
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
    this.#warnings = [];
    const plain = this.#plain(event);
    const warnings = this.#warnings;
    let interpreted: ReportFacts | undefined = plain;
    let odd = false;
    let archFirstAll = true;
    for (const r of event.records) {
      if (r.typeName === SYSCALL_NAME && !archFirst(r)) {
        archFirstAll = false;
        break;
      }
    }
    if (!archFirstAll) {
      this.#warnings = []; // the plain reading's messages are the ones kept
      interpreted = this.#interpreted(event);
      odd = plain !== undefined && interpreted !== undefined && !sameSummaryItems(plain.items, interpreted.items);
    }
    this.#src.values[row] = src;
    this.#sec.values[row] = event.sec;
    this.#milli.values[row] = event.milli;
    this.#serial.values[row] = event.serial;
    this.#node.arena.setText(row, event.node ?? null);
    this.#shape.values[row] = recordsShape(event.records);
    const facts = plain ?? interpreted;
    this.#headType.values[row] = facts?.headType ?? -1;
    this.#types.arena.setBytes(row, facts === undefined ? EMPTY : this.#typesText(facts.types));
    const s = facts?.items;
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
    this.#bad.values[row] = plain === undefined ? 1 : 0;
    this.#badI.values[row] = interpreted === undefined ? 1 : 0;
    this.#oddI.values[row] = odd ? 1 : 0;
    this.#warningsCol.arena.setText(row, warnings.length === 0 ? null : warnings.join(''));
    this.#bad.valid[row] = 1;
    this.#badI.valid[row] = 1;
    this.#oddI.valid[row] = 1;
  }

  // The record types as text (`1300,1302,1327`), encoded once per list: events of one kind repeat.
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
