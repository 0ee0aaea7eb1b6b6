// One kernel event → one row of `events`: identity, time, the common fields
// typed (read in place from the record bytes, the SYSCALL record first, then
// the others in order for what it lacks), the records' place in the input,
// and the record lines themselves as `raw`.
import { Buffer, isUtf8 } from 'node:buffer';
import type { AuditRecord } from '../format/index.js';
import { RecordType, recordTypeLabel } from '../format/index.js';
import type { AuditEvent } from '../events/index.js';
import { machineOfArch, syscallName } from '../query/index.js';
import type { Machine } from '../query/index.js';
import type { BytesColumn, ColumnBatch, NumberColumn } from './batch.js';
import { fieldNames, scanFields } from './field-scan.js';
import { decimalAt, hex32At, putFieldText } from './field-values.js';
import { recordsShape } from './identity.js';

const NEWLINE = 0x0a;

// Field ids, in the order of NAMES below.
const ARCH = 0, SYSCALL = 1, SUCCESS = 2, EXIT = 3, PPID = 4, PID = 5, AUID = 6, UID = 7, GID = 8, EUID = 9,
  SUID = 10, FSUID = 11, EGID = 12, SGID = 13, FSGID = 14, SES = 15, TTY = 16, TERMINAL = 17, COMM = 18, EXE = 19,
  KEY = 20, OP = 21, RES = 22, URING_OP = 23, PROG_ID = 24, CONTID = 25;
const NAMES = fieldNames([
  ['arch'], ['syscall'], ['success'], ['exit'], ['ppid'], ['pid'], ['auid', 'loginuid'], ['uid'], ['gid'], ['euid'],
  ['suid'], ['fsuid'], ['egid'], ['sgid'], ['fsgid'], ['ses'], ['tty'], ['terminal'], ['comm'], ['exe'],
  ['key'], ['op'], ['res'], ['uring_op'], ['prog-id'], ['contid'],
]);

/** Records that describe no acting task (paths, arguments, titles): never scanned. */
const NOT_SCANNED = new Set<number>([
  RecordType.PATH, RecordType.CWD, RecordType.EXECVE, RecordType.PROCTITLE, RecordType.SOCKADDR, RecordType.BPRM_FCAPS,
  RecordType.EOE, 1317 /* FD_PAIR */, 1318 /* OBJ_PID */, 1323 /* MMAP */,
]);

const U32_MAX = 4294967295;

interface U32Col { readonly c: NumberColumn<Uint32Array>; readonly id: number }

export class EventRowBuilder {
  readonly #b: ColumnBatch;
  readonly #seen = new Uint8Array(NAMES.count);
  readonly #starts = new Int32Array(NAMES.count);
  readonly #ends = new Int32Array(NAMES.count);
  /** The buffer each found value lies in (records of one event may lie in different read chunks). */
  readonly #bufs: (Buffer | undefined)[] = new Array<Buffer | undefined>(NAMES.count);
  #cur: Buffer | undefined;
  readonly #labels = new Map<number, string>();
  /** Encoded type lists by a hash of the records' types: events of one kind repeat. */
  readonly #typeLists = new Map<number, { readonly types: readonly number[]; readonly labels: readonly Uint8Array[] }[]>();
  /** Encoded names (arch, syscall) by the text. */
  readonly #names = new Map<string, Uint8Array>();
  readonly #found = (id: number, s: number, e: number): void => {
    this.#starts[id] = s;
    this.#ends[id] = e;
    this.#bufs[id] = this.#cur;
  };
  // Columns, looked up once.
  readonly #time; readonly #serial; readonly #node; readonly #shape; readonly #type; readonly #types; readonly #key;
  readonly #syscall; readonly #arch; readonly #success; readonly #exit; readonly #pid; readonly #ppid;
  readonly #ids: readonly U32Col[]; readonly #tty; readonly #comm; readonly #exe; readonly #op; readonly #uringOp;
  readonly #container; readonly #progId; readonly #sourceId; readonly #rseq; readonly #rseqMore; readonly #raw;
  readonly #rawBytes;

  constructor(batch: ColumnBatch) {
    const b = batch;
    this.#b = b;
    this.#time = b.int64('time'); this.#serial = b.int64('serial');
    this.#node = b.bytes('node'); this.#shape = b.uint32('shape'); this.#type = b.bytes('type'); this.#types = b.list('types');
    this.#key = b.bytes('key'); this.#syscall = b.bytes('syscall'); this.#arch = b.bytes('arch'); this.#success = b.bool('success');
    this.#exit = b.int64('exit'); this.#pid = b.int32('pid'); this.#ppid = b.int32('ppid');
    this.#ids = [
      { c: b.uint32('uid'), id: UID }, { c: b.uint32('auid'), id: AUID }, { c: b.uint32('euid'), id: EUID },
      { c: b.uint32('suid'), id: SUID }, { c: b.uint32('fsuid'), id: FSUID }, { c: b.uint32('gid'), id: GID },
      { c: b.uint32('egid'), id: EGID }, { c: b.uint32('sgid'), id: SGID }, { c: b.uint32('fsgid'), id: FSGID },
      { c: b.uint32('ses'), id: SES },
    ];
    this.#tty = b.bytes('tty'); this.#comm = b.bytes('comm'); this.#exe = b.bytes('exe'); this.#op = b.bytes('op');
    this.#uringOp = b.int16('uring_op'); this.#container = b.bytes('container');
    this.#progId = b.uint32('bpf_prog_id'); this.#sourceId = b.int32('source_id'); this.#rseq = b.int64('rseq');
    this.#rseqMore = b.bytes('rseq_more'); this.#raw = b.bytes('raw'); this.#rawBytes = b.bytes('raw_bytes');
  }

  /**
   * Adds the event as the batch's next row. `eoe` is the EOE record that
   * ended it (the assembler drops it from the event; the store keeps it);
   * records' line numbers are their places in the store's record order.
   */
  add(event: AuditEvent, eoe: AuditRecord | undefined, sourceId: number): void {
    const row = this.#b.length++;
    const records = eoe === undefined ? event.records : [...event.records, eoe];
    this.#time.values[row] = event.sec * 1000 + event.milli;
    this.#serial.values[row] = event.serial;
    this.#node.arena.setText(row, event.node ?? null);
    this.#shape.values[row] = recordsShape(records);
    const labels = this.#typeLabels(records);
    this.#type.arena.setBytes(row, labels[0] as Uint8Array);
    this.#b.setEncodedList(this.#types, row, labels);
    this.#sourceId.values[row] = sourceId;
    this.#placeOf(records, row);
    this.#rawOf(records, row);
    this.#fields(records, row);
  }

  #typeLabels(records: readonly AuditRecord[]): readonly Uint8Array[] {
    let h = records.length;
    for (const r of records) {
      if (r.type < 0) return records.map((x) => Buffer.from(this.#label(x), 'utf8')); // unknown names: not cached
      h = (Math.imul(h, 31) + r.type) | 0;
    }
    const bucket = this.#typeLists.get(h);
    if (bucket !== undefined) {
      outer: for (const entry of bucket) {
        if (entry.types.length !== records.length) continue;
        for (let i = 0; i < records.length; i++) if (entry.types[i] !== (records[i] as AuditRecord).type) continue outer;
        return entry.labels;
      }
    }
    const entry = { types: records.map((r) => r.type), labels: records.map((r) => Buffer.from(this.#label(r), 'utf8')) };
    if (bucket === undefined) this.#typeLists.set(h, [entry]);
    else if (bucket.length < 8) bucket.push(entry);
    return entry.labels;
  }

  #name(text: string): Uint8Array {
    let bytes = this.#names.get(text);
    if (bytes === undefined) {
      bytes = Buffer.from(text, 'utf8');
      this.#names.set(text, bytes);
    }
    return bytes;
  }

  #label(r: AuditRecord): string {
    let label = this.#labels.get(r.type);
    if (label === undefined) {
      if (r.type < 0) return r.typeName;
      label = recordTypeLabel(r.type);
      this.#labels.set(r.type, label);
    }
    return label;
  }

  #placeOf(records: readonly AuditRecord[], row: number): void {
    const first = (records[0] as AuditRecord).lineNo;
    this.#rseq.values[row] = first;
    let consecutive = true;
    for (let i = 1; i < records.length; i++) {
      if ((records[i] as AuditRecord).lineNo !== first + i) {
        consecutive = false;
        break;
      }
    }
    this.#rseqMore.arena.setText(row, consecutive ? null : records.slice(1).map((r) => r.lineNo).join(','));
  }

  // The lines joined by newlines: one copy from the read buffer when they lie
  // there side by side, as they nearly always do.
  #rawOf(records: readonly AuditRecord[], row: number): void {
    const arena = this.#raw.arena;
    arena.begin(row);
    const first = records[0] as AuditRecord;
    const last = records[records.length - 1] as AuditRecord;
    let adjacent = true;
    for (let i = 1; i < records.length; i++) {
      const prev = records[i - 1] as AuditRecord;
      const r = records[i] as AuditRecord;
      if (r.buffer !== first.buffer || r.lineStartAt !== prev.lineEndAt + 1) {
        adjacent = false;
        break;
      }
    }
    if (adjacent) arena.append(row, first.buffer, first.lineStartAt, last.lineEndAt);
    else {
      records.forEach((r, i) => {
        if (i > 0) arena.appendByte(row, NEWLINE);
        arena.append(row, r.buffer, r.lineStartAt, r.lineEndAt);
      });
    }
    const bytes = arena.get(row) as Uint8Array;
    const exact = this.#rawBytes.arena;
    if (isUtf8(bytes)) {
      exact.setNull(row);
      return;
    }
    // Not UTF-8 (DuckDB text must be): `raw` gets the text with U+FFFD for
    // the bad bytes, `raw_bytes` the bytes themselves.
    exact.begin(row);
    exact.append(row, bytes, 0, bytes.length);
    const text = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8');
    arena.begin(row);
    arena.append(row, text, 0, text.length);
  }

  #fields(records: readonly AuditRecord[], row: number): void {
    const seen = this.#seen;
    seen.fill(0);
    // The SYSCALL record speaks for the event; other records fill in what it lacks.
    for (const r of records) if (r.type === RecordType.SYSCALL) this.#scan(r);
    for (const r of records) {
      if (r.type === RecordType.SYSCALL || NOT_SCANNED.has(r.type)) continue;
      if (r.type === RecordType.CONTAINER_OP) {
        // An assignment names the container given to another process, not this event's.
        const had = seen[CONTID] as number;
        seen[CONTID] = 1;
        this.#scan(r);
        seen[CONTID] = had;
        continue;
      }
      // A 1336 record is URINGOP on mainline, CONTAINER_ID in the container-ID series.
      this.#scan(r);
    }
    const str = (id: number, col: BytesColumn, untrusted: boolean, none?: string): void => {
      if (seen[id] !== 1) col.arena.setNull(row);
      else putFieldText(col.arena, row, this.#bufs[id] as Buffer, this.#starts[id] as number, this.#ends[id] as number, untrusted, none);
    };
    const num = (id: number): number => (seen[id] === 1 ? decimalAt(this.#bufs[id] as Buffer, this.#starts[id] as number, this.#ends[id] as number) : Number.NaN);

    // arch and syscall: names as ausearch -i gives them.
    let machine: Machine | undefined;
    if (seen[ARCH] === 1) {
      const a = hex32At(this.#bufs[ARCH] as Buffer, this.#starts[ARCH] as number, this.#ends[ARCH] as number);
      machine = Number.isNaN(a) ? undefined : machineOfArch(a);
      if (machine !== undefined) this.#arch.arena.setBytes(row, this.#name(machine));
      else str(ARCH, this.#arch, false);
    } else this.#arch.arena.setNull(row);
    const sc = num(SYSCALL);
    if (Number.isNaN(sc)) this.#syscall.arena.setNull(row);
    else this.#syscall.arena.setBytes(row, this.#name((machine === undefined ? undefined : syscallName(sc, machine)) ?? String(sc)));

    setBool(this.#success, row, this.#outcome(seen));
    setI64(this.#exit, row, num(EXIT));
    setI32(this.#pid, row, num(PID));
    setI32(this.#ppid, row, num(PPID));
    for (const { c, id } of this.#ids) setU32(c, row, num(id));
    if (seen[TTY] === 1) str(TTY, this.#tty, false);
    else str(TERMINAL, this.#tty, false, '?');
    str(COMM, this.#comm, true);
    str(EXE, this.#exe, true);
    str(KEY, this.#key, true);
    str(OP, this.#op, false);
    setI16(this.#uringOp, row, num(URING_OP));
    str(CONTID, this.#container, false);
    setU32(this.#progId, row, num(PROG_ID));
  }

  #scan(r: AuditRecord): void {
    this.#cur = r.buffer;
    scanFields(r.buffer, r.bodyAt, r.messageEndAt, NAMES, this.#seen, this.#found);
  }

  // success=yes|no (SYSCALL, URINGOP), else res= of a user message or LOGIN.
  #outcome(seen: Uint8Array): number {
    const id = seen[SUCCESS] === 1 ? SUCCESS : seen[RES] === 1 ? RES : -1;
    if (id < 0) return -1;
    const b = this.#bufs[id] as Buffer;
    const s = this.#starts[id] as number;
    const e = this.#ends[id] as number;
    const v = b.toString('latin1', b[s] === 0x22 ? s + 1 : s, b[e - 1] === 0x22 ? e - 1 : e);
    if (v === 'yes' || v === 'success' || v === '1') return 1;
    if (v === 'no' || v === 'failed' || v === '0') return 0;
    return -1;
  }
}

function setI32(c: NumberColumn<Int32Array>, row: number, v: number): void {
  const ok = Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
  c.values[row] = ok ? v : 0;
  c.valid[row] = ok ? 1 : 0;
}

function setI16(c: NumberColumn<Int16Array>, row: number, v: number): void {
  const ok = Number.isInteger(v) && v >= -32768 && v <= 32767;
  c.values[row] = ok ? v : 0;
  c.valid[row] = ok ? 1 : 0;
}

function setU32(c: NumberColumn<Uint32Array>, row: number, v: number): void {
  const ok = Number.isInteger(v) && v >= 0 && v <= U32_MAX;
  c.values[row] = ok ? v : 0;
  c.valid[row] = ok ? 1 : 0;
}

function setI64(c: NumberColumn<Float64Array>, row: number, v: number): void {
  const ok = Number.isSafeInteger(v);
  c.values[row] = ok ? v : 0;
  c.valid[row] = ok ? 1 : 0;
}

function setBool(c: NumberColumn<Uint8Array>, row: number, v: number): void {
  c.values[row] = v === 1 ? 1 : 0;
  c.valid[row] = v < 0 ? 0 : 1;
}
