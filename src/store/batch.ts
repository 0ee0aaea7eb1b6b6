// Rows for one table gathered column by column before they are appended:
// numbers in typed arrays with a validity byte per row, text as UTF-8 bytes
// in one arena per column (encoded once; a batch holds no JS string and no
// reference to the reader's buffers, so it is cheap to keep and to hand to
// another thread). Builders write straight into the arrays; chunk-fill.ts
// copies them into DuckDB data chunks.
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

/** An arena's memory, to hand to another thread. */
export interface ArenaData {
  readonly bytes: Uint8Array;
  readonly used: number;
  readonly start: Int32Array;
  readonly len: Int32Array;
}

export type ColumnData =
  | { readonly values: Int32Array | Uint32Array | Float64Array | Uint8Array | Int16Array; readonly valid: Uint8Array }
  | { readonly arena: ArenaData }
  | { readonly items: ArenaData; readonly first: Int32Array; readonly count: Int32Array };

/** A batch's rows and memory, to hand to another thread (transfer its buffers). */
export interface BatchData {
  readonly length: number;
  readonly columns: readonly ColumnData[];
}

export type AnyNumberColumn = NumberColumn<Int32Array> | NumberColumn<Uint32Array> | NumberColumn<Float64Array> |
  NumberColumn<Uint8Array> | NumberColumn<Int16Array>;
export type BatchColumn = AnyNumberColumn | BytesColumn | ListColumn;

/** Byte strings, one per entry, in one growing buffer; an entry may be NULL. */
export class ByteArena {
  #bytes: Buffer;
  #used = 0;
  #start: Int32Array;
  /** Length of each entry (-1: NULL). */
  #len: Int32Array;
  /** Encodings of recent short strings: the same names recur row after row. */
  readonly #encoded = new Map<string, Uint8Array>();

  constructor(entries: number, bytes = 64 * 1024) {
    this.#bytes = Buffer.allocUnsafe(bytes);
    this.#start = new Int32Array(entries);
    this.#len = new Int32Array(entries);
  }

  get buffer(): Buffer {
    return this.#bytes;
  }

  start(i: number): number {
    return this.#start[i] as number;
  }

  /** The entry's length in bytes, -1 for NULL. */
  length(i: number): number {
    return this.#len[i] as number;
  }

  /** The entry's bytes (a view into the arena), or null. */
  get(i: number): Uint8Array | null {
    const len = this.#len[i] as number;
    if (len < 0) return null;
    const start = this.#start[i] as number;
    return this.#bytes.subarray(start, start + len);
  }

  /** Starts entry `i` empty; append() adds to it. */
  begin(i: number): void {
    this.#room(i);
    this.#start[i] = this.#used;
    this.#len[i] = 0;
  }

  append(i: number, src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.#reserve(n);
    this.#bytes.set(src.subarray(from, to), this.#used);
    this.#used += n;
    this.#len[i] = (this.#len[i] as number) + n;
  }

  appendByte(i: number, byte: number): void {
    this.#reserve(1);
    this.#bytes[this.#used++] = byte;
    this.#len[i] = (this.#len[i] as number) + 1;
  }

  setNull(i: number): void {
    this.#room(i);
    this.#start[i] = this.#used;
    this.#len[i] = -1;
  }

  /** Entry `i` as these bytes (already UTF-8). */
  setBytes(i: number, bytes: Uint8Array): void {
    this.#room(i);
    this.#start[i] = this.#used;
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#used);
    this.#used += bytes.length;
    this.#len[i] = bytes.length;
  }

  /** Entry `i` as the UTF-8 encoding of `s` (each char of latin1 text becomes its code point), or NULL. */
  setText(i: number, s: string | null): void {
    if (s === null) {
      this.setNull(i);
      return;
    }
    this.#room(i);
    this.#start[i] = this.#used;
    if (s.length <= 32) {
      let enc = this.#encoded.get(s);
      if (enc === undefined) {
        enc = Buffer.from(s, 'utf8');
        if (this.#encoded.size >= 4096) this.#encoded.clear();
        this.#encoded.set(s, enc);
      }
      this.#reserve(enc.length);
      this.#bytes.set(enc, this.#used);
      this.#used += enc.length;
      this.#len[i] = enc.length;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.#reserve(n);
    this.#bytes.write(s, this.#used, 'utf8');
    this.#used += n;
    this.#len[i] = n;
  }

  /** The arena's memory; the arena is unusable until attach(). */
  detach(): ArenaData {
    const data = { bytes: this.#bytes, used: this.#used, start: this.#start, len: this.#len };
    this.#bytes = Buffer.alloc(0);
    this.#start = new Int32Array(0);
    this.#len = new Int32Array(0);
    return data;
  }

  attach(data: ArenaData): void {
    this.#bytes = Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
    this.#used = data.used;
    this.#start = data.start;
    this.#len = data.len;
  }

  /** Entry `to` takes entry `from`'s bytes (rows compacted within a batch). */
  alias(to: number, from: number): void {
    this.#start[to] = this.#start[from] as number;
    this.#len[to] = this.#len[from] as number;
  }

  clear(): void {
    this.#used = 0;
  }

  #room(i: number): void {
    if (i < this.#start.length) return;
    const n = Math.max(i + 1, this.#start.length * 2);
    const start = new Int32Array(n);
    start.set(this.#start);
    this.#start = start;
    const len = new Int32Array(n);
    len.set(this.#len);
    this.#len = len;
  }

  #reserve(n: number): void {
    if (this.#used + n <= this.#bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#used + n));
    this.#bytes.copy(bigger, 0, 0, this.#used);
    this.#bytes = bigger;
  }
}

function numberArray(kind: ColumnKind, rows: number): Int32Array | Uint32Array | Float64Array | Uint8Array | Int16Array {
  switch (kind) {
    case 'i16':
      return new Int16Array(rows);
    case 'i32':
      return new Int32Array(rows);
    case 'u32':
      return new Uint32Array(rows);
    case 'bool':
      return new Uint8Array(rows);
    case 'i64':
    case 'timestampMs':
      return new Float64Array(rows);
    default:
      throw new Error(`not a number column kind: ${kind}`);
  }
}

function makeColumn(spec: ColumnSpec, rows: number): BatchColumn {
  switch (spec.kind) {
    case 'text':
    case 'utf8Bytes':
    case 'blob':
      return { kind: 'bytes', spec, arena: new ByteArena(rows) };
    case 'textList':
      return { kind: 'list', spec, items: new ByteArena(rows * 4), first: new Int32Array(rows), count: new Int32Array(rows) };
    default:
      return { kind: 'number', spec, values: numberArray(spec.kind, rows), valid: new Uint8Array(rows) } as AnyNumberColumn;
  }
}

/** Up to `capacity` rows of one table; reused after each append. */
export class ColumnBatch {
  readonly specs: readonly ColumnSpec[];
  readonly capacity: number;
  readonly columns: readonly BatchColumn[];
  readonly #byName = new Map<string, BatchColumn>();
  #listItems = new Map<ListColumn, number>();
  length = 0;

  constructor(specs: readonly ColumnSpec[], capacity: number) {
    this.specs = specs;
    this.capacity = capacity;
    this.columns = specs.map((s) => makeColumn(s, capacity));
    for (const c of this.columns) this.#byName.set(c.spec.name, c);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  clear(): void {
    this.length = 0;
    for (const c of this.columns) {
      if (c.kind === 'bytes') c.arena.clear();
      else if (c.kind === 'list') c.items.clear();
    }
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

  /** The batch's rows and memory; the batch is unusable until attach(). */
  detach(): BatchData {
    const columns = this.columns.map((c): ColumnData => {
      switch (c.kind) {
        case 'number':
          return { values: c.values, valid: c.valid };
        case 'bytes':
          return { arena: c.arena.detach() };
        case 'list':
          return { items: c.items.detach(), first: c.first, count: c.count };
        default: {
          const never: never = c;
          return never;
        }
      }
    });
    return { length: this.length, columns };
  }

  /** Takes back memory from detach() (here or in a batch of the same columns elsewhere). */
  attach(data: BatchData): void {
    this.length = data.length;
    this.#listItems = new Map();
    this.columns.forEach((c, i) => {
      const d = data.columns[i] as ColumnData;
      if (c.kind === 'number' && 'values' in d) {
        (c as NumberColumn<typeof d.values>).values = d.values;
        c.valid = d.valid;
      } else if (c.kind === 'bytes' && 'arena' in d) c.arena.attach(d.arena);
      else if (c.kind === 'list' && 'items' in d) {
        c.items.attach(d.items);
        c.first = d.first;
        c.count = d.count;
      } else throw new Error(`batch data does not fit column ${c.spec.name}`);
    });
  }

  /** The buffers of detach()'s result, for a postMessage transfer list. */
  static transferList(data: BatchData): ArrayBuffer[] {
    const out = new Set<ArrayBuffer>();
    const add = (v: ArrayBufferView): void => void out.add(v.buffer as ArrayBuffer);
    for (const d of data.columns) {
      if ('values' in d) {
        add(d.values);
        add(d.valid);
      } else if ('arena' in d) {
        add(d.arena.bytes);
        add(d.arena.start);
        add(d.arena.len);
      } else {
        add(d.items.bytes);
        add(d.items.start);
        add(d.items.len);
        add(d.first);
        add(d.count);
      }
    }
    return [...out];
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
          // The arena only grows within a batch: re-point the row, no copy.
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
}
