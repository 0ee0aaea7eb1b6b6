// One record as libauparse splits it (auparse/ellist.c parse_up_record): every
// space-separated `name=value` of the whole line, `node` and `type` included,
// `msg=audit(...)` dropped, the fields of `msg='...'` flattened, trailing
// punctuation trimmed, AVC prose turned into seresult/seperms, a hex key list
// split into one `key` per key. Split lazily, on the first look inside: most
// records of an event are never visited. Fields are byte offsets into the
// buffer the line was read into; strings are made only for values asked for.
import { Buffer } from 'node:buffer';
import type { AuditRecord } from '../format/index.js';
import type { FieldRecordContext } from './field-interpreter.js';
import { T } from './tables.js';
import { internLatin1, nameKey, parseCLong } from './field-bytes.js';
import { encodeUntrusted, unescapeHex } from './key-list.js';
import { interpretationsOf } from './enriched-list.js';

const SPACE = 32;
const EQ = 61;
const QUOTE = 34;
const APOS = 39;
const LPAREN = 40;
const RPAREN = 41;
const COLON = 58;
const COMMA = 44;
const KEY_SEPARATOR = '\x01';

/** Longest AVC permission list auparse accepts (its 256-byte buffer). */
const AVC_PERMS_MAX = 256;

const LBRACE = 123;
const RBRACE = 125;

// AuditRecord.writeLine hands over its bytes without making a view; these hold them.
let lineBytes: Uint8Array = new Uint8Array(0);
let lineStart = 0;
const captureLine = (bytes: Uint8Array, start: number): void => {
  lineBytes = bytes;
  lineStart = start;
};

export class AuRecord implements FieldRecordContext {
  source!: AuditRecord;
  /** Position in its auparse event (auparse's record number). */
  item = 0;
  recordType = 0;
  /** auparse's field cursor of this record; it survives moving to other records. */
  cursor = 0;
  // Fields auparse reads by position while splitting (syscall context): their indexes, -1 when absent.
  #arch = -1;
  #syscall = -1;
  #a0 = -1;
  #a1 = -1;
  #b: Buffer = Buffer.alloc(0);
  /** Four numbers per field: name start/end, value start/end in #b; -1 start = see overrides. */
  #spans = new Int32Array(256);
  /** Per field, a number made of the name's length and first three bytes: most names differ there. */
  #keys = new Int32Array(64);
  #n = 0;
  #isSplit = false;
  #names: Map<number, string> | undefined;
  #values: Map<number, string | undefined> | undefined;
  #cwd: string | undefined;
  #failed = false;
  readonly #interpreted: Array<string | undefined> = [];
  /** The use (see #use) each cached interpretation was made for. */
  #interpretedFor = new Int32Array(64);
  #interpList: Map<string, string> | null | undefined;
  /** Bumped on every reuse: cached interpretations of an older use are stale. */
  #use = 1;

  /** Makes this object stand for another record (records are pooled: one event is worked on at a time). */
  reuse(source: AuditRecord, item: number, recordType: number): this {
    this.source = source;
    this.item = item;
    this.recordType = recordType;
    this.cursor = 0;
    // The rest is reset when the record is first split: most records never are.
    this.#n = 0;
    this.#isSplit = false;
    this.#use++;
    this.#interpList = undefined;
    return this;
  }

  /** A hash of field `i`'s name and the record type (for caching what only they decide), or -1 for a made-up field. */
  nameHash(i: number): number {
    if (i >= this.fieldCount) return -1;
    const s = this.#spans;
    const start = s[i * 4] as number;
    if (start < 0) return -1;
    const end = s[i * 4 + 1] as number;
    const b = this.#b;
    let h = Math.imul(this.recordType, 0x9e3779b1);
    for (let k = start; k < end; k++) h = Math.imul(h ^ (b[k] as number), 0x01000193);
    return h & 0x7fffffff;
  }

  /** The raw `arch` when it sits where auparse reads it (first field, or SECCOMP's tenth). */
  get arch(): string | undefined {
    this.#split();
    return this.#arch < 0 ? undefined : this.valueAt(this.#arch);
  }

  get syscall(): string | undefined {
    this.#split();
    return this.#syscall < 0 ? undefined : this.valueAt(this.#syscall);
  }

  get a0(): string | undefined {
    this.#split();
    return this.#a0 < 0 ? undefined : this.valueAt(this.#a0);
  }

  get a1(): string | undefined {
    this.#split();
    return this.#a1 < 0 ? undefined : this.valueAt(this.#a1);
  }

  get fieldCount(): number {
    this.#split();
    return this.#n;
  }

  /** True when auparse gave up splitting the record (an AVC permission list too long). */
  get splitFailed(): boolean {
    this.#split();
    return this.#failed;
  }

  /** The `cwd` value of a CWD record (the last one when repeated), as logged. */
  get cwd(): string | undefined {
    this.#split();
    return this.#cwd;
  }

  nameAt(i: number): string | undefined {
    if (i >= this.fieldCount) return undefined;
    const start = this.#spans[i * 4] as number;
    if (start < 0) return this.#names?.get(i);
    return this.#str(start, this.#spans[i * 4 + 1] as number);
  }

  nameIs(i: number, name: string): boolean {
    if (i >= this.fieldCount) return false;
    return this.#keys[i] === nameKey(name) && this.#sameName(i, name);
  }

  /** Field `i`'s name is `name`, given that their keys are equal. */
  #sameName(i: number, name: string): boolean {
    const start = this.#spans[i * 4] as number;
    if (start < 0) return this.#names?.get(i) === name;
    if (name.length <= 3) return true;
    if ((this.#spans[i * 4 + 1] as number) - start !== name.length) return false;
    const b = this.#b;
    for (let k = 3; k < name.length; k++) if (b[start + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  /** The value as split (undefined for a key auparse could not decode, which it stores as NULL). */
  valueAt(i: number): string | undefined {
    if (i >= this.fieldCount) return undefined;
    const start = this.#spans[i * 4 + 2] as number;
    if (start < 0) return this.#values?.get(i);
    return this.#str(start, this.#spans[i * 4 + 3] as number);
  }

  /**
   * strtol(value, NULL, 10) as auparse_get_field_int takes it: the C long cut
   * to a 32-bit int; NaN when it overflows a long (ERANGE), undefined for a
   * NULL value. Read from the bytes: no string is made.
   */
  intAt(i: number): number | undefined {
    if (i >= this.fieldCount) return undefined;
    const start = this.#spans[i * 4 + 2] as number;
    if (start < 0) {
      const v = this.#values?.get(i);
      return v === undefined ? undefined : parseCLong(Buffer.from(v, 'latin1'), 0, v.length);
    }
    return parseCLong(this.#b, start, this.#spans[i * 4 + 3] as number);
  }

  /**
   * A hash of field `i`'s name and value bytes (for caching what only they
   * decide), or -1 for a field that is not plain bytes of the line.
   */
  fieldHash(i: number): number {
    if (i >= this.fieldCount) return -1;
    const s = this.#spans;
    const start = s[i * 4 + 2] as number;
    const end = s[i * 4 + 3] as number;
    if ((s[i * 4] as number) < 0 || end - start > 64) return -1;
    const b = this.#b;
    let h = (this.#keys[i] as number) ^ Math.imul(this.recordType, 0x9e3779b1);
    for (let k = start; k < end; k++) h = Math.imul(h ^ (b[k] as number), 0x01000193);
    return h & 0x7fffffff;
  }

  /**
   * For the `syscall` field auparse reads by position: a hash of its value and
   * the positional `arch` value, which together decide its name (unless the
   * call is socketcall or ipc); -1 for any other field.
   */
  syscallHash(i: number): number {
    this.#split();
    if (i !== this.#syscall) return -1;
    let h = this.fieldHash(i);
    if (h < 0) return -1;
    if (this.#arch >= 0) {
      const s = this.#spans;
      const b = this.#b;
      for (let k = s[this.#arch * 4 + 2] as number, e = s[this.#arch * 4 + 3] as number; k < e; k++) h = Math.imul(h ^ (b[k] as number), 0x01000193);
    }
    return (h ^ 0x5bd1e995) & 0x7fffffff;
  }

  /** Whether the positional `arch` value is `text` (undefined: no positional arch). */
  archIs(text: string | undefined): boolean {
    this.#split();
    if (this.#arch < 0) return text === undefined;
    return text !== undefined && this.valueIs(this.#arch, text);
  }

  /** False only for a key auparse could not decode (it keeps it with a NULL value). */
  hasValue(i: number): boolean {
    if (i >= this.fieldCount) return false;
    return (this.#spans[i * 4 + 2] as number) >= 0 || this.#values?.get(i) !== undefined;
  }

  /** Whether field `i`'s value is exactly `text`. */
  valueIs(i: number, text: string): boolean {
    if (i >= this.fieldCount) return false;
    const s = this.#spans;
    const start = s[i * 4 + 2] as number;
    if (start < 0) return this.#values?.get(i) === text;
    return (s[i * 4 + 3] as number) - start === text.length && this.#is(start, text);
  }

  /** nvlist_find_name: the first field at or after `from` named `name`, or -1. */
  findName(from: number, name: string): number {
    const n = this.fieldCount;
    const key = nameKey(name);
    const keys = this.#keys;
    for (let i = from; i < n; i++) if (keys[i] === key && this.#sameName(i, name)) return i;
    return -1;
  }

  /** The interpretation cached for field `i` (auparse keeps the first one made). */
  cachedInterpretation(i: number): string | undefined {
    return i < this.#interpretedFor.length && this.#interpretedFor[i] === this.#use ? this.#interpreted[i] : undefined;
  }

  cacheInterpretation(i: number, text: string): void {
    if (i >= this.#interpretedFor.length) {
      const grown = new Int32Array(Math.max(i + 1, this.#interpretedFor.length * 2));
      grown.set(this.#interpretedFor);
      this.#interpretedFor = grown;
    }
    this.#interpretedFor[i] = this.#use;
    this.#interpreted[i] = text;
  }

  /** The ENRICHED interpretation this record's tail gives for a field name (lower-cased), if any. */
  enrichedValue(name: string): string | undefined {
    if (this.#interpList === undefined) this.#interpList = this.source.enriched ? interpretationsOf(this.source.interp) : null;
    return this.#interpList?.get(name);
  }

  #str(start: number, end: number): string {
    return internLatin1(this.#b, start, end);
  }

  #push(a: number, b: number, c: number, d: number): void {
    const i = this.#n++ * 4;
    if (i + 4 > this.#spans.length) {
      const grown = new Int32Array(this.#spans.length * 2);
      grown.set(this.#spans);
      this.#spans = grown;
    }
    if (this.#n > this.#keys.length) {
      const grown = new Int32Array(this.#keys.length * 2);
      grown.set(this.#keys);
      this.#keys = grown;
    }
    const s = this.#spans;
    s[i] = a;
    s[i + 1] = b;
    s[i + 2] = c;
    s[i + 3] = d;
  }

  #is(at: number, word: string): boolean {
    const b = this.#b;
    for (let k = 0; k < word.length; k++) if (b[at + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  #split(): void {
    if (this.#isSplit) return;
    this.#isSplit = true;
    this.#arch = this.#syscall = this.#a0 = this.#a1 = -1;
    this.#names?.clear();
    this.#values?.clear();
    this.#cwd = undefined;
    this.#failed = false;
    this.source.writeLine(captureLine);
    const b = lineBytes instanceof Buffer ? lineBytes : Buffer.from(lineBytes.buffer, lineBytes.byteOffset, lineBytes.byteLength);
    this.#b = b;
    // The line ends at the ENRICHED separator, as auparse cuts it.
    const n = lineStart + this.source.messageEnd;
    // A field takes at least two bytes: room for every one, so the loop needs no bounds checks.
    if (this.#spans.length < (n - lineStart) * 2 + 8) this.#spans = new Int32Array((n - lineStart) * 2 + 64);
    if (this.#keys.length < (n - lineStart) / 2 + 2) this.#keys = new Int32Array((n - lineStart) / 2 + 16);
    let spans = this.#spans;
    let keys = this.#keys;
    const avc = this.recordType === T.AVC || this.recordType === T.USER_AVC;
    const isCwd = this.recordType === T.CWD;
    let offset = 0;
    let cnt = 0;
    let pos = lineStart;
    while (pos < n) {
      while (pos < n && b[pos] === SPACE) pos++;
      if (pos >= n) break;
      let s = pos;
      // The name runs to the first '=', the token to the next space.
      let end = pos;
      let eq = -1;
      while (end < n) {
        const c = b[end];
        if (c === EQ) {
          eq = end++;
          while (end < n && b[end] !== SPACE) end++;
          break;
        }
        if (c === SPACE) break;
        end++;
      }
      pos = end;
      if (eq < 0) {
        if (avc) {
          this.#n = cnt;
          const ok = this.#avcProse(s, end, n, offset, (to) => (pos = to));
          cnt = this.#n;
          spans = this.#spans;
          keys = this.#keys;
          if (!ok) return;
        }
        continue;
      }
      if (eq === s + 3 && b[s] === 109 && b[s + 1] === 115 && b[s + 2] === 103) {
        // msg=audit(...): is the header; msg='...' holds a user message's fields.
        const c = b[s + 4];
        if (c === 97) continue;
        if (c === APOS) {
          s += 5;
          eq = -1;
          for (let k = s; k < end; k++) {
            if (b[k] === EQ) {
              eq = k;
              break;
            }
          }
          if (eq < 0) continue;
        }
      }
      if (b[s] === LPAREN) s++;
      if (end === eq + 1) continue;
      let ve = end;
      const last = b[end - 1];
      if (last === COLON || last === COMMA || last === APOS || last === RPAREN) ve = this.#trimmed(eq + 1, end);
      const nameLen = eq - s;
      if (nameLen === 3 && b[s] === 107 && b[s + 1] === 101 && b[s + 2] === 121 && b[eq + 1] !== LPAREN && b[eq + 1] !== QUOTE) {
        this.#n = cnt;
        this.#virtualKeys(this.#str(eq + 1, ve));
        cnt = this.#n;
        spans = this.#spans;
        keys = this.#keys;
        continue;
      }
      const k = cnt * 4;
      spans[k] = s;
      spans[k + 1] = eq;
      spans[k + 2] = eq + 1;
      spans[k + 3] = ve;
      keys[cnt] = nameLen | ((nameLen > 0 ? (b[s] as number) : 0) << 8) | ((nameLen > 1 ? (b[s + 1] as number) : 0) << 16) | ((nameLen > 2 ? (b[s + 2] as number) : 0) << 24);
      cnt++;
      if (cnt > 12 + offset && !isCwd) continue;
      if (cnt === 1 && nameLen === 4 && this.#is(s, 'node')) offset = 1;
      else if ((cnt === 2 + offset || cnt === 11 + offset) && nameLen === 4 && this.#is(s, 'arch')) this.#arch = cnt - 1;
      else if ((cnt === 3 + offset || cnt === 12 + offset) && nameLen === 7 && this.#is(s, 'syscall')) this.#syscall = cnt - 1;
      else if (cnt === 6 + offset && nameLen === 2 && this.#is(s, 'a0')) this.#a0 = cnt - 1;
      else if (cnt === 7 + offset && nameLen === 2 && this.#is(s, 'a1')) this.#a1 = cnt - 1;
      else if (isCwd && nameLen === 3 && this.#is(s, 'cwd')) this.#cwd = this.#str(eq + 1, ve);
    }
    this.#n = cnt;
  }

  /** Where a value ends once auparse has trimmed a trailing `:`, `,`, `'` and `)` (not the one of `(none)`/`(null)`). */
  #trimmed(start: number, end: number): number {
    const b = this.#b;
    let ve = end;
    if (b[ve - 1] === COLON) ve--;
    if (ve > start && b[ve - 1] === COMMA) ve--;
    if (ve > start && b[ve - 1] === APOS) ve--;
    if (ve > start && b[ve - 1] === RPAREN && !(ve - start === 6 && (this.#is(start, '(none)') || this.#is(start, '(null)')))) ve--;
    return ve;
  }

  #special(name: string, value: string | undefined): void {
    const i = this.#n;
    this.#push(-1, -1, -1, -1);
    this.#keys[i] = nameKey(name);
    (this.#names ??= new Map()).set(i, name);
    (this.#values ??= new Map()).set(i, value);
  }

  /** A key list logged as hex ("k1\x01k2"): one `key` field per key, each quoted or hex as auparse re-encodes it. */
  #virtualKeys(hex: string): void {
    const decoded = unescapeHex(hex);
    if (decoded === undefined) {
      this.#special('key', undefined);
      return;
    }
    for (const k of decoded.split(KEY_SEPARATOR)) if (k.length > 0) this.#special('key', encodeUntrusted(k));
  }

  /**
   * The unnamed words of an AVC: the first after the header is `seresult`
   * (unless it is `avc:`), a `{ ... }` right after it is `seperms`. Returns
   * false when auparse would give up on the record.
   */
  #avcProse(s: number, end: number, n: number, offset: number, advance: (to: number) => void): boolean {
    const b = this.#b;
    const cnt = this.#n;
    if (cnt === 1 + offset) {
      if (!this.#is(s, 'avc')) this.#special('seresult', this.#str(s, end));
      return true;
    }
    if (cnt !== 2 + offset || b[s] !== LBRACE) return true;
    let perms = '';
    let pos = end;
    for (;;) {
      while (pos < n && b[pos] === SPACE) pos++;
      if (pos >= n) break;
      let e = pos;
      while (e < n && b[e] !== SPACE) e++;
      if (b[pos] === RBRACE) {
        pos = e;
        break;
      }
      if (e - pos + 1 >= AVC_PERMS_MAX - perms.length) {
        this.#failed = true;
        return false;
      }
      perms += (perms.length > 0 ? ',' : '') + this.#str(pos, e);
      pos = e;
    }
    advance(pos);
    this.#special('seperms', perms);
    return true;
  }
}
