// Copies rows of a ColumnBatch into a DuckDB data chunk, column by column,
// through the C API's vectors. Numbers are copied as whole arrays; text of
// up to 12 bytes is written as DuckDB's inlined string form (length + bytes)
// in the same copy, longer text through one call per vector (writeLong). A
// call per value for everything is what made row-wise appending slow.
import type * as Bindings from '@duckdb/node-bindings';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import type { BatchColumn, ByteArena } from './batch.js';

// The C API's bindings, loaded by loadChunkFill() (see duck.ts's duckApi).
const importBindings = async () => import('@duckdb/node-bindings');
let bindings: Awaited<ReturnType<typeof importBindings>>['default'];

/** Loads what fillChunk needs; called once before the first fill. */
export async function loadChunkFill(): Promise<void> {
  bindings ??= (await importBindings()).default;
}

const TWO_32 = 4294967296;
const MICROS_PER_MILLI = 1000;
const MAX_ROWS = 2048;
/** DuckDB's string_t keeps up to 12 bytes inline, after a 4-byte length. */
const INLINE_BYTES = 12;
const STRING_T_BYTES = 16;

// Scratch memory for one column of one chunk: DuckDB's vector memory is
// written by copying into it, not through views.
const scratchI32 = new Int32Array(MAX_ROWS * 4);
const mask = new Uint8Array(MAX_ROWS / 8);
let strings = new Uint8Array(MAX_ROWS * STRING_T_BYTES);
/** `strings` as 32-bit words (string_t's length and pointer halves; little-endian). */
let stringWords = new Uint32Array(strings.buffer);
const zeroEntry = new Uint8Array(STRING_T_BYTES);
/** The long strings of one vector, joined (see writeLong). */
let joined = new Uint8Array(1 << 20);
let itemEntries = new Int32Array(MAX_ROWS * 8);

function copyInto(vec: Bindings.Vector, src: ArrayBufferView, bytes: number): void {
  bindings.copy_data_to_vector(vec, 0, src.buffer as ArrayBuffer, src.byteOffset, bytes);
}

// NULL rows into the vector's validity mask: `flags[from + i]` for i < n
// marks row i NULL when it is `nullFlag` (a validity byte of 0) or, for
// lengths and counts, below 0. One loop per kind, without a callback per
// row (some 40 nullable columns of every row pass through here).

function startMask(): void {
  mask.fill(0xff);
}

function clearBit(i: number): void {
  mask[i >> 3] = (mask[i >> 3] as number) & ~(1 << (i & 7));
}

function copyMask(vec: Bindings.Vector, n: number): void {
  bindings.vector_ensure_validity_writable(vec);
  bindings.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, Math.ceil(n / 64) * 8);
}

/** Rows whose validity byte is 0 are NULL. */
function writeInvalid(vec: Bindings.Vector, valid: Uint8Array, from: number, n: number): void {
  const first = valid.indexOf(0, from);
  if (first < 0 || first >= from + n) return;
  startMask();
  for (let i = first - from; i < n; i++) if (valid[from + i] === 0) clearBit(i);
  copyMask(vec, n);
}

/** Rows whose length or count (`sizes[from + i]`) is below 0 are NULL. */
function writeNegative(vec: Bindings.Vector, sizes: Int32Array, from: number, n: number): void {
  let any = false;
  for (let i = 0; i < n; i++) {
    if ((sizes[from + i] as number) >= 0) continue;
    if (!any) {
      startMask();
      any = true;
    }
    clearBit(i);
  }
  if (any) copyMask(vec, n);
}

/** 64-bit little-endian integers from safe JS integers, as two 32-bit halves. */
function writeInt64(out: Int32Array, i: number, v: number): void {
  const lo = v % TWO_32;
  const hi = Math.floor(v / TWO_32);
  out[2 * i] = lo < 0 ? lo + TWO_32 : lo;
  out[2 * i + 1] = hi;
}

/**
 * Writes arena entries (entries[i], or from + i without a list) for i in
 * [0, n) as the string_t entries [0, n) of `vec`: short ones inline, long
 * ones as pointers into one string holding them all (see writeLong), then
 * every entry through one copy. The arena's arrays are read directly: this
 * runs for every text cell of every row. Returns whether any entry was NULL.
 */
function writeStrings(vec: Bindings.Vector, arena: ByteArena, entries: Int32Array | undefined, from: number, n: number): boolean {
  if (strings.length < n * STRING_T_BYTES) {
    strings = new Uint8Array(n * STRING_T_BYTES * 2);
    stringWords = new Uint32Array(strings.buffer);
  }
  const out = strings;
  out.fill(0, 0, n * STRING_T_BYTES);
  const src = arena.buffer;
  const starts = arena.starts;
  const lengths = arena.lengths;
  let longBytes = 0;
  let lo = src.length;
  let hi = 0;
  let nulls = false;
  for (let i = 0; i < n; i++) {
    const e = entries === undefined ? from + i : (entries[i] as number);
    const len = lengths[e] as number;
    if (len < 0) {
      nulls = true;
      continue;
    }
    if (len > INLINE_BYTES) {
      longBytes += len;
      const s = starts[e] as number;
      if (s < lo) lo = s;
      if (s + len > hi) hi = s + len;
      continue;
    }
    const at = i * STRING_T_BYTES;
    out[at] = len;
    const s = starts[e] as number;
    for (let k = 0; k < len; k++) out[at + 4 + k] = src[s + k] as number;
  }
  if (longBytes > 0 && !writeLong(vec, arena, entries, from, n, longBytes, lo, hi)) {
    copyInto(vec, out, n * STRING_T_BYTES);
    writeLongEach(vec, arena, entries, from, n);
    return nulls;
  }
  copyInto(vec, out, n * STRING_T_BYTES);
  return nulls;
}

/**
 * The long entries (over 12 bytes) handed to DuckDB as one string, which it
 * copies into the vector's string heap by one call (assigned to row 0, whose
 * entry is then overwritten), and each entry's string_t made here: length,
 * first four bytes, and a pointer into that copy. A call per long value
 * (~1.15 M for the 200 MiB benchmark log) cost more. The one string is the
 * stretch of the batch's bytes that holds the entries when they lie close
 * together (the record text of consecutive rows, with the row's other text
 * between), else the entries copied one after another. The appender copies
 * the strings out of the chunk when it takes it, as it does for strings
 * assigned one by one. False, with nothing written, when DuckDB did not take
 * the joined copy (a VARCHAR that is not valid UTF-8): the caller then
 * assigns each value, as DuckDB's API checks them one by one.
 */
function writeLong(vec: Bindings.Vector, arena: ByteArena, entries: Int32Array | undefined, from: number, n: number,
  total: number, lo: number, hi: number): boolean {
  // A plain Uint8Array view: its subarray() is a builtin, where a Buffer's
  // goes through FastBuffer's constructor.
  const src = new Uint8Array(arena.buffer.buffer, arena.buffer.byteOffset, arena.buffer.length);
  const starts = arena.starts;
  const lengths = arena.lengths;
  const out = strings;
  const words = stringWords;
  // Length, prefix, and the offset in the stretch [lo, hi) for now.
  for (let i = 0; i < n; i++) {
    const e = entries === undefined ? from + i : (entries[i] as number);
    const len = lengths[e] as number;
    if (len <= INLINE_BYTES) continue;
    const s = starts[e] as number;
    const t = i * STRING_T_BYTES;
    words[t >> 2] = len;
    for (let k = 0; k < 4; k++) out[t + 4 + k] = src[s + k] as number;
    words[(t >> 2) + 2] = s - lo;
  }
  // Other columns' bytes in the stretch must be worth not copying, and may
  // be a BLOB's: a stretch DuckDB refuses is copied as the joined entries.
  let base = hi - lo <= total + (total >> 1) ? assignJoined(vec, src.subarray(lo, hi)) : -1;
  if (base < 0) {
    if (joined.length < total) joined = new Uint8Array(Math.max(total, joined.length * 2));
    let at = 0;
    for (let i = 0; i < n; i++) {
      const w = (i * STRING_T_BYTES) >> 2;
      const len = words[w] as number;
      if (len <= INLINE_BYTES) continue;
      const s = (words[w + 2] as number) + lo;
      if (len <= 64) {
        for (let k = 0; k < len; k++) joined[at + k] = src[s + k] as number;
      } else {
        joined.set(src.subarray(s, s + len), at);
      }
      words[w + 2] = at;
      at += len;
    }
    base = assignJoined(vec, joined.subarray(0, total));
  }
  if (base < 0) {
    // Nothing of it stays: its entries zeroed as they were.
    for (let i = 0; i < n; i++) {
      const w = (i * STRING_T_BYTES) >> 2;
      if ((words[w] as number) > INLINE_BYTES) words.fill(0, w, w + 4);
    }
    return false;
  }
  for (let i = 0; i < n; i++) {
    const w = (i * STRING_T_BYTES) >> 2;
    const len = words[w] as number;
    if (len <= INLINE_BYTES) continue;
    const p = base + (words[w + 2] as number);
    words[w + 2] = p % TWO_32;
    words[w + 3] = Math.floor(p / TWO_32);
  }
  return true;
}

/**
 * Assigns `bytes` to row 0 of `vec`; where DuckDB put them, or -1 if it
 * refused them (text that is not valid UTF-8), row 0 then valid again
 * (DuckDB marks a row whose text it refuses NULL; no row is NULL yet here).
 */
function assignJoined(vec: Bindings.Vector, bytes: Uint8Array): number {
  // Row 0 cleared first: a refused text leaves it as it was.
  bindings.copy_data_to_vector(vec, 0, zeroEntry.buffer, 0, STRING_T_BYTES);
  bindings.vector_assign_string_element_len(vec, 0, bytes);
  const head = bindings.vector_get_data(vec, STRING_T_BYTES);
  const headWords = new Uint32Array(head.buffer, head.byteOffset, 4);
  if (headWords[0] === bytes.length) return (headWords[2] as number) + (headWords[3] as number) * TWO_32;
  startMask();
  copyMask(vec, 1);
  return -1;
}

/** Long entries assigned one by one (see writeLong). */
function writeLongEach(vec: Bindings.Vector, arena: ByteArena, entries: Int32Array | undefined, from: number, n: number): void {
  const src = arena.buffer;
  const bytes = new Uint8Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < n; i++) {
    const e = entries === undefined ? from + i : (entries[i] as number);
    const len = arena.lengths[e] as number;
    if (len <= INLINE_BYTES) continue;
    const s = arena.starts[e] as number;
    bindings.vector_assign_string_element_len(vec, i, bytes.subarray(s, s + len));
  }
}

function fillColumn(vec: Bindings.Vector, c: BatchColumn, from: number, n: number): void {
  switch (c.kind) {
    case 'number': {
      const kind = c.spec.kind;
      if (kind === 'i64' || kind === 'timestampMs') {
        const scale = kind === 'timestampMs' ? MICROS_PER_MILLI : 1;
        const values = c.values as Float64Array;
        for (let i = 0; i < n; i++) writeInt64(scratchI32, i, (values[from + i] as number) * scale);
        copyInto(vec, scratchI32, n * 8);
      } else {
        const values = c.values.subarray(from, from + n);
        copyInto(vec, values, values.byteLength);
      }
      if (c.spec.nullable) writeInvalid(vec, c.valid, from, n);
      return;
    }
    case 'bytes': {
      const arena = c.arena;
      if (writeStrings(vec, arena, undefined, from, n)) writeNegative(vec, arena.lengths, from, n);
      return;
    }
    case 'list': {
      // A row's items are consecutive in the arena; rows may not be (after a
      // compaction), so the items are listed row by row.
      let total = 0;
      for (let i = 0; i < n; i++) total += Math.max(0, c.count[from + i] as number);
      bindings.list_vector_reserve(vec, total);
      const child = bindings.list_vector_get_child(vec);
      const words = scratchI32;
      const entries = total <= itemEntries.length ? itemEntries : (itemEntries = new Int32Array(total * 2));
      let at = 0;
      for (let i = 0; i < n; i++) {
        const count = c.count[from + i] as number;
        words[4 * i] = at;
        words[4 * i + 1] = 0;
        words[4 * i + 2] = Math.max(0, count);
        words[4 * i + 3] = 0;
        const first = c.first[from + i] as number;
        for (let k = 0; k < count; k++) entries[at++] = first + k;
      }
      if (total > 0) writeStrings(child, c.items, entries, 0, total);
      copyInto(vec, words, n * 16);
      bindings.list_vector_set_size(vec, total);
      writeNegative(vec, c.count, from, n);
      return;
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** Fills `chunk` (whose columns are the batch's, in order) with rows [from, from+n), n ≤ the vector size. */
export function fillChunk(chunk: DuckDBDataChunk, columns: readonly BatchColumn[], from: number, n: number): void {
  chunk.reset();
  chunk.rowCount = n;
  for (let ci = 0; ci < columns.length; ci++) {
    fillColumn(bindings.data_chunk_get_vector(chunk.chunk, ci), columns[ci] as BatchColumn, from, n);
  }
}
