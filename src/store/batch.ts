// Rows for one table gathered column by column before they are appended:
// numbers in typed arrays with a validity byte per row, text as UTF-8 bytes
// (encoded once) in one byte buffer shared by the batch's text columns. All
// fixed-size arrays of a batch lie in one memory block, so that handing a
// batch to the writer thread transfers two buffers, not a hundred. A batch
// holds no JS string and no reference to the reader's buffers.
import { Buffer } from 'node:buffer';
import type { ColumnKind, ColumnSpec } from './schema.js';

export interface NumberColumn<T extends Int32Array | Uint32Array | Float64Array | Uint8Array | Int16Array> {
  readonly kind: 'number';
  readonly spec: ColumnSpec;
  values: T;
  /** 1 where the row has a value (ignored for NOT NULL columns). */
  valid: Uint8Array;
}

export interface BytesColumn {
  readonly kind: 'bytes';
  readonly spec: ColumnSpec;
  readonly arena: ByteArena;
}

export interface ListColumn {
  readonly kind: 'list';
  readonly spec: ColumnSpec;
  /** The items of all rows, one arena entry each. */
  readonly items: ByteArena;
  /** Per row: index of its first item and its item count (-1: NULL). */
  first: Int32Array;
  count: Int32Array;
}

export type AnyNumberColumn = NumberColumn<Int32Array> | NumberColumn<Uint32Array> | NumberColumn<Float64Array> |
  NumberColumn<Uint8Array> | NumberColumn<Int16Array>;
export type BatchColumn = AnyNumberColumn | BytesColumn | ListColumn;

/** A batch's rows and memory, to hand to another thread (transfer its buffers). */
export interface BatchData {
  readonly length: number;
  readonly capacity: number;
  readonly memory: ArrayBuffer;
  readonly bytes: ArrayBuffer;
  readonly bytesUsed: number;
  /** Entry arrays of list item arenas that outgrew their place in `memory` (by column index). */
  readonly grown: readonly ({ readonly start: Int32Array; readonly len: Int32Array } | null)[];
}

/** The byte buffer the text columns of a batch share. */
class SharedBytes {
  buf: Buffer;
  used = 0;

  constructor(size: number) {
    this.buf = Buffer.from(new ArrayBuffer(size));
  }

  reserve(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const bigger = Buffer.from(new ArrayBuffer(Math.max(this.buf.length * 2, this.used + n)));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }
}

/** Byte strings, one per entry, in the batch's shared buffer; an entry may be NULL. */
export class ByteArena {
  readonly #shared: SharedBytes;
  #start: Int32Array;
  /** Length of each entry (-1: NULL). */
  #len: Int32Array;
  #grown = false;
  /** Encodings of recent short strings: the same names recur row after row. */
  readonly #encoded = new Map<string, Uint8Array>();

  constructor(shared: SharedBytes, start: Int32Array, len: Int32Array) {
    this.#shared = shared;
    this.#start = start;
    this.#len = len;
  }

  get buffer(): Buffer {
    return this.#shared.buf;
  }

  /** Each entry's start in the buffer (for loops over many entries; see length()). */
  get starts(): Int32Array {
    return this.#start;
  }

  /** Each entry's length in bytes, -1 for NULL. */
  get lengths(): Int32Array {
    return this.#len;
  }

  start(i: number): number {
    return this.#start[i] as number;
  }

  /** The entry's length in bytes, -1 for NULL. */
  length(i: number): number {
    return this.#len[i] as number;
  }

  /** The entry's bytes (a view into the buffer), or null. */
  get(i: number): Uint8Array | null {
    const len = this.#len[i] as number;
    if (len < 0) return null;
    const start = this.#start[i] as number;
    return this.#shared.buf.subarray(start, start + len);
  }

  /** Starts entry `i` empty; append() adds to it. */
  begin(i: number): void {
    this.#room(i);
    this.#start[i] = this.#shared.used;
    this.#len[i] = 0;
  }

  append(i: number, src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    const shared = this.#shared;
    shared.reserve(n);
    const buf = shared.buf;
    if (n <= 32) for (let k = 0; k < n; k++) buf[shared.used + k] = src[from + k] as number;
    else buf.set(src.subarray(from, to), shared.used);
    shared.used += n;
    this.#len[i] = (this.#len[i] as number) + n;
  }

  appendByte(i: number, byte: number): void {
    const shared = this.#shared;
    shared.reserve(1);
    shared.buf[shared.used++] = byte;
    this.#len[i] = (this.#len[i] as number) + 1;
  }

  setNull(i: number): void {
    this.#room(i);
    this.#start[i] = this.#shared.used;
    this.#len[i] = -1;
  }

  /** Entry `i` as these bytes (already UTF-8). */
  setBytes(i: number, bytes: Uint8Array): void {
    this.begin(i);
    this.append(i, bytes, 0, bytes.length);
  }

  /** Entry `i` as the UTF-8 encoding of `s` (each char of latin1 text becomes its code point), or NULL. */
  setText(i: number, s: string | null): void {
    if (s === null) {
      this.setNull(i);
      return;
    }
    if (s.length <= 32) {
      let enc = this.#encoded.get(s);
      if (enc === undefined) {
        enc = Buffer.from(s, 'utf8');
        if (this.#encoded.size >= 4096) this.#encoded.clear();
        this.#encoded.set(s, enc);
      }
      this.setBytes(i, enc);
      return;
    }
    this.begin(i);
    const shared = this.#shared;
    const n = Buffer.byteLength(s, 'utf8');
    shared.reserve(n);
    shared.buf.write(s, shared.used, 'utf8');
    shared.used += n;
    this.#len[i] = n;
  }

  /** Entry `to` takes entry `from`'s bytes (rows compacted within a batch). */
  alias(to: number, from: number): void {
    this.#start[to] = this.#start[from] as number;
    this.#len[to] = this.#len[from] as number;
  }

  /** The entry arrays, when they had to grow out of the batch's memory. */
  grownArrays(): { readonly start: Int32Array; readonly len: Int32Array } | null {
    return this.#grown ? { start: this.#start, len: this.#len } : null;
  }

  /** Points the arena at (new) entry arrays. */
  reset(start: Int32Array, len: Int32Array, grown: boolean): void {
    this.#start = start;
    this.#len = len;
    this.#grown = grown;
  }

  #room(i: number): void {
    if (i < this.#start.length) return;
    const n = Math.max(i + 1, this.#start.length * 2);
    const start = new Int32Array(n);
    start.set(this.#start);
    const len = new Int32Array(n);
    len.set(this.#len);
    this.reset(start, len, true);
  }
}

function elementBytes(kind: ColumnKind): number {
  switch (kind) {
    case 'i16':
      return 2;
    case 'i32':
    case 'u32':
      return 4;
    case 'bool':
      return 1;
    case 'i64':
    case 'timestampMs':
      return 8;
    default:
      return 0;
  }
}

/** List items expected per row: arenas grow beyond it. */
const ITEMS_PER_ROW = 8;

const align8 = (n: number): number => (n + 7) & ~7;

/** Views of one column over a batch's memory block, from `at`; returns the column and the next offset. */
function columnAt(spec: ColumnSpec, memory: ArrayBuffer, at: number, capacity: number, shared: SharedBytes): { column: BatchColumn; next: number } {
  switch (spec.kind) {
    case 'text':
    case 'utf8Bytes':
    case 'blob': {
      const start = new Int32Array(memory, at, capacity);
      const len = new Int32Array(memory, at + capacity * 4, capacity);
      return { column: { kind: 'bytes', spec, arena: new ByteArena(shared, start, len) }, next: at + capacity * 8 };
    }
    case 'textList': {
      const first = new Int32Array(memory, at, capacity);
      const count = new Int32Array(memory, at + capacity * 4, capacity);
      const items = capacity * ITEMS_PER_ROW;
      const start = new Int32Array(memory, at + capacity * 8, items);
      const len = new Int32Array(memory, at + capacity * 8 + items * 4, items);
      return { column: { kind: 'list', spec, items: new ByteArena(shared, start, len), first, count }, next: at + capacity * 8 + items * 8 };
    }
    default: {
      const size = elementBytes(spec.kind);
      const valuesBytes = align8(capacity * size);
      let values: Int32Array | Uint32Array | Float64Array | Uint8Array | Int16Array;
      if (spec.kind === 'i16') values = new Int16Array(memory, at, capacity);
      else if (spec.kind === 'i32') values = new Int32Array(memory, at, capacity);
      else if (spec.kind === 'u32') values = new Uint32Array(memory, at, capacity);
      else if (spec.kind === 'bool') values = new Uint8Array(memory, at, capacity);
      else values = new Float64Array(memory, at, capacity);
      const valid = new Uint8Array(memory, at + valuesBytes, capacity);
      return { column: { kind: 'number', spec, values, valid } as AnyNumberColumn, next: at + valuesBytes + align8(capacity) };
    }
  }
}

function memoryBytes(specs: readonly ColumnSpec[], capacity: number): number {
  let n = 0;
  for (const s of specs) {
    if (s.kind === 'text' || s.kind === 'utf8Bytes' || s.kind === 'blob') n += capacity * 8;
    else if (s.kind === 'textList') n += capacity * 8 + capacity * ITEMS_PER_ROW * 8;
    else n += align8(capacity * elementBytes(s.kind)) + align8(capacity);
  }
  return n;
}

/** Up to `capacity` rows of one table; reused after each append. */
export class ColumnBatch {
  readonly specs: readonly ColumnSpec[];
  #capacity: number;
  #memory: ArrayBuffer;
  readonly #shared: SharedBytes;
  readonly columns: BatchColumn[];
  readonly #byName = new Map<string, BatchColumn>();
  #listItems = new Map<ListColumn, number>();
  length = 0;

  constructor(specs: readonly ColumnSpec[], capacity: number) {
    this.specs = specs;
    this.#capacity = capacity;
    this.#memory = new ArrayBuffer(memoryBytes(specs, capacity));
    this.#shared = new SharedBytes(Math.max(4096, capacity * 1024));
    this.columns = [];
    let at = 0;
    for (const s of specs) {
      const { column, next } = columnAt(s, this.#memory, at, capacity, this.#shared);
      this.columns.push(column);
      this.#byName.set(s.name, column);
      at = next;
    }
  }

  get capacity(): number {
    return this.#capacity;
  }

  get full(): boolean {
    return this.length >= this.#capacity;
  }

  clear(): void {
    this.length = 0;
    this.#shared.used = 0;
    this.#listItems = new Map();
  }

  #get(name: string, kind: BatchColumn['kind']): BatchColumn {
    const c = this.#byName.get(name);
    if (c === undefined || c.kind !== kind) throw new Error(`no ${kind} column ${name}`);
    return c;
  }

  int32(name: string): NumberColumn<Int32Array> {
    return this.#get(name, 'number') as NumberColumn<Int32Array>;
  }

  int16(name: string): NumberColumn<Int16Array> {
    return this.#get(name, 'number') as NumberColumn<Int16Array>;
  }

  uint32(name: string): NumberColumn<Uint32Array> {
    return this.#get(name, 'number') as NumberColumn<Uint32Array>;
  }

  int64(name: string): NumberColumn<Float64Array> {
    return this.#get(name, 'number') as NumberColumn<Float64Array>;
  }

  bool(name: string): NumberColumn<Uint8Array> {
    return this.#get(name, 'number') as NumberColumn<Uint8Array>;
  }

  bytes(name: string): BytesColumn {
    return this.#get(name, 'bytes') as BytesColumn;
  }

  list(name: string): ListColumn {
    return this.#get(name, 'list') as ListColumn;
  }

  /** Sets a list cell: the strings as items, or NULL. */
  setList(c: ListColumn, row: number, values: readonly string[] | null): void {
    if (values === null) {
      c.first[row] = 0;
      c.count[row] = -1;
      return;
    }
    let next = this.#listItems.get(c) ?? 0;
    c.first[row] = next;
    c.count[row] = values.length;
    for (const v of values) c.items.setText(next++, v);
    this.#listItems.set(c, next);
  }

  /** Sets a list cell from items already encoded. */
  setEncodedList(c: ListColumn, row: number, items: readonly Uint8Array[]): void {
    let next = this.#listItems.get(c) ?? 0;
    c.first[row] = next;
    c.count[row] = items.length;
    for (const v of items) c.items.setBytes(next++, v);
    this.#listItems.set(c, next);
  }

  /** Keeps only the rows for which keep(row) is true, in order. */
  compact(keep: (row: number) => boolean): void {
    let out = 0;
    for (let row = 0; row < this.length; row++) {
      if (!keep(row)) continue;
      if (out !== row) this.#moveRow(row, out);
      out++;
    }
    this.length = out;
  }

  #moveRow(from: number, to: number): void {
    for (const c of this.columns) {
      switch (c.kind) {
        case 'number':
          c.values[to] = c.values[from] as number;
          c.valid[to] = c.valid[from] as number;
          break;
        case 'bytes':
          // The buffer only grows within a batch: re-point the row, no copy.
          c.arena.alias(to, from);
          break;
        case 'list':
          c.first[to] = c.first[from] as number;
          c.count[to] = c.count[from] as number;
          break;
        default: {
          const never: never = c;
          return never;
        }
      }
    }
  }

  /** The batch's rows and memory; the batch is unusable until attach(). */
  detach(): BatchData {
    const data: BatchData = {
      length: this.length,
      capacity: this.#capacity,
      memory: this.#memory,
      bytes: this.#shared.buf.buffer as ArrayBuffer,
      bytesUsed: this.#shared.used,
      grown: this.columns.map((c) => (c.kind === 'list' ? c.items.grownArrays() : null)),
    };
    this.#memory = new ArrayBuffer(0);
    this.#shared.buf = Buffer.alloc(0);
    return data;
  }

  /** Takes memory from detach(), here or from a batch of the same columns elsewhere. */
  attach(data: BatchData): void {
    this.#capacity = data.capacity;
    this.#memory = data.memory;
    this.#shared.buf = Buffer.from(data.bytes);
    this.#shared.used = data.bytesUsed;
    this.length = data.length;
    this.#listItems = new Map();
    let at = 0;
    this.specs.forEach((s, i) => {
      const { column, next } = columnAt(s, data.memory, at, data.capacity, this.#shared);
      at = next;
      const c = this.columns[i] as BatchColumn;
      if (c.kind === 'number' && column.kind === 'number') {
        (c as NumberColumn<typeof column.values>).values = column.values;
        c.valid = column.valid;
      } else if (c.kind === 'bytes' && column.kind === 'bytes') {
        c.arena.reset(new Int32Array(data.memory, at - data.capacity * 8, data.capacity), new Int32Array(data.memory, at - data.capacity * 4, data.capacity), false);
      } else if (c.kind === 'list' && column.kind === 'list') {
        c.first = column.first;
        c.count = column.count;
        const grown = data.grown[i];
        const items = data.capacity * ITEMS_PER_ROW;
        const base = at - items * 8;
        if (grown !== null && grown !== undefined) c.items.reset(grown.start, grown.len, true);
        else c.items.reset(new Int32Array(data.memory, base, items), new Int32Array(data.memory, base + items * 4, items), false);
      }
    });
  }

  /** The buffers of detach()'s result, for a postMessage transfer list. */
  static transferList(data: BatchData): ArrayBuffer[] {
    const out = [data.memory, data.bytes];
    for (const g of data.grown) if (g !== null) out.push(g.start.buffer as ArrayBuffer, g.len.buffer as ArrayBuffer);
    return out;
  }
}
