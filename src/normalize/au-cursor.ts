// libauparse's cursor over one event: a current record (or none, after
// walking off the end) and a field cursor per record that survives moving
// between records. The normaliser is written against these operations,
// because which field it ends up on depends on their exact quirks: a search
// starts at the current field and runs on through later records, gives up at
// once when the current field is a record's last, and moving to the next
// record keeps that record's old field cursor.
import type { AuEvent } from './au-event.js';
import type { AuRecord } from './au-record.js';
import type { FieldInterpreter, FieldKindTag } from './field-interpreter.js';
import { PathNormalizer } from './path-norm.js';
import { T, named } from './tables.js';

const TRUSTED_APP = named('TRUSTED_APP');

export class AuCursor {
  readonly #interpreter: FieldInterpreter;
  readonly #paths = new PathNormalizer();
  #event: AuEvent | undefined;
  #records: readonly AuRecord[] = [];
  #count = 0;
  /** Index of the current record; -1 when the cursor walked off the end. */
  #cur = 0;
  /** errno as auparse_get_field_int leaves it (0, ERANGE or ENODATA). */
  errno = 0;

  constructor(interpreter: FieldInterpreter) {
    this.#interpreter = interpreter;
  }

  get interpreter(): FieldInterpreter {
    return this.#interpreter;
  }

  get event(): AuEvent {
    return this.#event as AuEvent;
  }

  /** Makes `event` current, on its first record's first field. */
  reset(event: AuEvent): void {
    this.#event = event;
    this.#records = event.records;
    this.#count = event.count;
    this.#cur = 0;
    const first = this.#records[0];
    if (first !== undefined) first.cursor = 0;
  }

  get numRecords(): number {
    return this.#count;
  }

  get record(): AuRecord | undefined {
    return this.#cur < 0 ? undefined : this.#records[this.#cur];
  }

  firstRecord(): number {
    this.#cur = 0;
    (this.#records[0] as AuRecord).cursor = 0;
    return 1;
  }

  /** Moves to the next record keeping its field cursor; 0 (and no current record) past the end. */
  nextRecord(): number {
    if (this.#cur < 0) return 0;
    this.#cur++;
    if (this.#cur >= this.#count) {
      this.#cur = -1;
      return 0;
    }
    return 1;
  }

  gotoRecordNum(num: number): number {
    if (num >= this.#count) return 0;
    const r = this.#records[num] as AuRecord;
    this.#cur = num;
    r.cursor = 0;
    return 1;
  }

  getRecordNum(): number {
    return this.#cur < 0 ? 0 : this.#cur;
  }

  getType(): number {
    return this.record?.recordType ?? 0;
  }

  firstField(): number {
    const r = this.record;
    if (r === undefined) return 0;
    r.cursor = 0;
    return 1;
  }

  nextField(): number {
    const r = this.record;
    if (r === undefined) return 0;
    if (r.fieldCount > 0 && r.cursor < r.fieldCount - 1) {
      r.cursor++;
      return 1;
    }
    return 0;
  }

  getFieldNum(): number {
    return this.record?.cursor ?? 0;
  }

  gotoFieldNum(num: number): number {
    const r = this.record;
    if (r === undefined || num >= r.fieldCount) return 0;
    r.cursor = num;
    return 1;
  }

  getFieldName(): string | undefined {
    const r = this.record;
    return r === undefined ? undefined : r.nameAt(r.cursor);
  }

  getFieldStr(): string | undefined {
    const r = this.record;
    return r === undefined ? undefined : r.valueAt(r.cursor);
  }

  /**
   * auparse_find_field: moves to the current field if it has the name, else
   * to the next one by that name in this or a later record; true when found
   * with a value (auparse returns the value, NULL for a key it could not decode).
   */
  findField(name: string): boolean {
    if (this.event.sec === 0) return false;
    const r = this.record;
    if (r === undefined) return false;
    if (r.nameIs(r.cursor, name)) return r.hasValue(r.cursor);
    let rec: AuRecord | undefined = r;
    if (!(r.fieldCount > 0 && r.cursor < r.fieldCount - 1)) return false;
    r.cursor++;
    while (rec !== undefined) {
      const i = rec.findName(rec.cursor, name);
      if (i >= 0) {
        rec.cursor = i;
        return rec.hasValue(i);
      }
      this.nextRecord();
      rec = this.record;
      if (rec !== undefined) rec.cursor = 0;
    }
    return false;
  }

  /** findField, returning the value found. */
  findValue(name: string): string | undefined {
    return this.findField(name) ? this.getFieldStr() : undefined;
  }

  /** Whether the current field's value is exactly `text` (no string is made). */
  fieldValueIs(text: string): boolean {
    const r = this.record;
    return r !== undefined && r.valueIs(r.cursor, text);
  }

  // Kinds by record type and field name, found by a hash of the name's bytes.
  readonly #kindHash = new Int32Array(KIND_SLOTS).fill(-1);
  readonly #kindType = new Int32Array(KIND_SLOTS);
  readonly #kindName: string[] = new Array<string>(KIND_SLOTS).fill('');
  readonly #kindTag: FieldKindTag[] = new Array<FieldKindTag>(KIND_SLOTS).fill('other');

  getFieldKind(): FieldKindTag {
    const r = this.record;
    if (r === undefined) return 'other';
    const i = r.cursor;
    const h = r.nameHash(i);
    const slot = h & (KIND_SLOTS - 1);
    if (h >= 0 && this.#kindHash[slot] === h && this.#kindType[slot] === r.recordType && r.nameIs(i, this.#kindName[slot] as string)) {
      return this.#kindTag[slot] as FieldKindTag;
    }
    const name = r.nameAt(i);
    if (name === undefined) return 'other';
    // Only an acct's kind (and any field of TRUSTED_APP) depends on the value.
    if (name === 'acct' || r.recordType === TRUSTED_APP) return this.#interpreter.kind(r.recordType, name, r.valueAt(i) ?? '');
    const tag = this.#interpreter.kind(r.recordType, name, '');
    if (h >= 0) {
      this.#kindHash[slot] = h;
      this.#kindType[slot] = r.recordType;
      this.#kindName[slot] = name;
      this.#kindTag[slot] = tag;
    }
    return tag;
  }

  /** auparse_get_field_int: strtol base 10 cut to a C int; -1 with errno set on a missing value or overflow. */
  getFieldInt(): number {
    const r = this.record;
    const v = r === undefined ? undefined : r.intAt(r.cursor);
    if (v === undefined) {
      this.errno = ENODATA;
      return -1;
    }
    if (Number.isNaN(v)) {
      this.errno = ERANGE;
      return -1;
    }
    this.errno = 0;
    return v;
  }

  /** auparse_interpret_field (cwd unset); undefined when there is no current record. */
  interpretField(): string | undefined {
    return this.#interpret(false);
  }

  /** auparse_interpret_realpath: a file name joined to the event's cwd and normalised; undefined for other kinds. */
  interpretRealpath(): string | undefined {
    if (this.getFieldKind() !== 'escaped-file') return undefined;
    return this.#interpret(true);
  }

  /** The `laddr=` / `fam=` word of a socket address's interpretation (auparse_interpret_sock_address/family). */
  interpretSockPart(part: 'laddr=' | 'fam='): string | undefined {
    if (this.getFieldKind() !== 'sockaddr') return undefined;
    const val = this.#interpret(false);
    if (val === undefined) return undefined;
    const at = val.indexOf(part);
    if (at < 0) return undefined;
    const from = at + part.length;
    const space = val.indexOf(' ', from);
    return space < 0 ? undefined : val.slice(from, space);
  }

  // Interpretations decided by record type, name and value alone, found by a
  // hash of the field's bytes: the same uids, sessions, programs and results
  // recur in every event, and no string need be made to find them again.
  readonly #memoHash = new Int32Array(MEMO_SLOTS).fill(-1);
  readonly #memoType = new Int32Array(MEMO_SLOTS);
  readonly #memoName: string[] = new Array<string>(MEMO_SLOTS).fill('');
  readonly #memoValue: string[] = new Array<string>(MEMO_SLOTS).fill('');
  readonly #memoOut: string[] = new Array<string>(MEMO_SLOTS).fill('');

  // Syscall names, by the positional syscall number and arch (auparse names a
  // syscall from those, not from the field's own text).
  readonly #sysHash = new Int32Array(SYSCALL_SLOTS).fill(-1);
  readonly #sysType = new Int32Array(SYSCALL_SLOTS);
  readonly #sysValue: string[] = new Array<string>(SYSCALL_SLOTS).fill('');
  readonly #sysArch: Array<string | undefined> = new Array<string | undefined>(SYSCALL_SLOTS).fill(undefined);
  readonly #sysOut: string[] = new Array<string>(SYSCALL_SLOTS).fill('');

  #syscallName(r: AuRecord, i: number, h: number): string {
    const slot = h & (SYSCALL_SLOTS - 1);
    if (this.#sysHash[slot] === h && this.#sysType[slot] === r.recordType && r.valueIs(i, this.#sysValue[slot] as string) && r.archIs(this.#sysArch[slot])) {
      return this.#sysOut[slot] as string;
    }
    const value = r.valueAt(i) as string;
    const out = this.#interpreter.interpret(r, r.nameAt(i) as string, value);
    // socketcall and ipc are named with their a0 too.
    if (!out.startsWith('socketcall') && !out.startsWith('ipc')) {
      this.#sysHash[slot] = h;
      this.#sysType[slot] = r.recordType;
      this.#sysValue[slot] = value;
      this.#sysArch[slot] = r.arch;
      this.#sysOut[slot] = out;
    }
    return out;
  }

  /** The interpretation of field `i` of a record without an ENRICHED tail, from the memo or made and remembered. */
  #memoized(r: AuRecord, i: number): string {
    const sh = r.syscallHash(i);
    if (sh >= 0 && r.nameIs(i, 'syscall')) return this.#syscallName(r, i, sh);
    const h = r.fieldHash(i);
    const slot = h & (MEMO_SLOTS - 1);
    if (h >= 0 && this.#memoHash[slot] === h && this.#memoType[slot] === r.recordType && r.nameIs(i, this.#memoName[slot] as string) && r.valueIs(i, this.#memoValue[slot] as string)) {
      return this.#memoOut[slot] as string;
    }
    const ip = this.#interpreter;
    const name = r.nameAt(i) as string;
    const value = r.valueAt(i);
    if (value === undefined) return ' ';
    const out = ip.interpret(r, name, value);
    if (h >= 0 && !ip.dependsOnRecord(r.recordType, name, value)) {
      this.#memoHash[slot] = h;
      this.#memoType[slot] = r.recordType;
      this.#memoName[slot] = name;
      this.#memoValue[slot] = value;
      this.#memoOut[slot] = out;
    }
    return out;
  }

  #interpret(realpath: boolean): string | undefined {
    if (this.event.sec === 0) return undefined;
    const r = this.record;
    if (r === undefined || r.fieldCount === 0) return undefined;
    const i = r.cursor;
    const cached = r.cachedInterpretation(i);
    if (cached !== undefined) return cached;
    const out = this.#doInterpret(r, i, realpath);
    // auparse keeps the first interpretation of a field; that matters only
    // where a realpath and a plain one differ: file names.
    if (realpath || r.nameIs(i, 'name')) r.cacheInterpretation(i, out);
    return out;
  }

  #doInterpret(r: AuRecord, i: number, realpath: boolean): string {
    if (!r.source.enriched) {
      const plain = this.#memoized(r, i);
      // An absolute path without `..` is its own realpath. (Escaping never
      // touches '/' or '.', so the interpretation tells as well as the path.)
      if (!realpath || (plain.charCodeAt(0) === 47 && !plain.includes('..'))) return plain;
    }
    const ip = this.#interpreter;
    const name = r.nameAt(i) as string;
    const value = r.valueAt(i);
    // A key auparse could not decode is kept without a value; it prints as print_escaped(NULL).
    if (value === undefined) return ' ';
    const enriched = r.enrichedValue(name);
    if (enriched !== undefined && !enriched.startsWith('unknown-')) {
      const kind = ip.kind(r.recordType, name, value);
      return kind === 'uid' || kind === 'gid' ? ip.unescape(enriched) : enriched;
    }
    if (realpath) {
      // print_escaped_ext with the event's cwd; an absolute path without `..` is itself.
      const path = ip.unescape(value);
      if (path.charCodeAt(0) === 47 && !path.includes('..')) return ip.escape(path);
      const cwd = this.#eventCwd();
      if (cwd !== undefined) {
        const joined = path.charCodeAt(0) === 47 ? path : `${ip.unescape(cwd)}/${path}`;
        return ip.escape(this.#paths.normalize(joined) ?? joined);
      }
    }
    return ip.interpret(r, name, value);
  }

  /** The cwd auparse keeps for the event: that of its last CWD record. */
  #eventCwd(): string | undefined {
    let cwd: string | undefined;
    for (let i = 0; i < this.#count; i++) {
      const r = this.#records[i] as AuRecord;
      if (r.recordType === T.CWD && r.cwd !== undefined) cwd = r.cwd;
    }
    return cwd;
  }
}

const ENODATA = 61;
/** Slots of the syscall name memo (a power of two). */
const SYSCALL_SLOTS = 256;
/** Slots of the field kind memo (a power of two). */
const KIND_SLOTS = 1024;
/** Slots of the interpretation memo (a power of two). */
const MEMO_SLOTS = 4096;
const ERANGE = 34;
