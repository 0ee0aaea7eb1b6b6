// The stored records in the order they were read, input by input: every
// event's lines come back as records (rseq and rseq_more say where each line
// stood), interleaved events merged back line by line. A report fed this
// stream groups it itself, exactly as it groups a log read with -if.
import { Buffer } from 'node:buffer';
import { parseRecordBytes, isHeaderProblem } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';
import { SortedQueue } from '../events/index.js';
import type { StoreReader, StoreRows, StoredSource } from './reader.js';

export interface ReplayVisitor {
  beginFile(name: string): void;
  record(record: AuditRecord): void;
  /** The end of an input; may wait (for output to drain). */
  endFile(): void | Promise<void>;
}

/** Keep only events whose second is within [fromSec, toSec] (0: no bound), as aureport's -ts/-te drop records. */
export interface ReplayRange {
  readonly fromSec: number;
  readonly toSec: number;
}

interface Placed {
  readonly rseq: number;
  readonly record: AuditRecord;
}

const NEWLINE = 0x0a;

/** The records of one stored event, each with its place in the record order. */
function recordsOf(bytes: Buffer, rseq: number, more: string | null, source: StoredSource): Placed[] {
  const places = more === null ? undefined : more.split(',').map(Number);
  const out: Placed[] = [];
  let start = 0;
  for (let i = 0; start <= bytes.length; i++) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    const at = i === 0 ? rseq : places === undefined ? rseq + i : (places[i - 1] ?? rseq + i);
    const parsed = parseRecordBytes(bytes, start, end, source.name, at - source.rseqFirst + 1);
    if (!isHeaderProblem(parsed)) out.push({ rseq: at, record: parsed });
    start = end + 1;
  }
  return out;
}

/** Every stored event's lines with where they stood in the record order (recordsOf reads them back). */
const STORED_LINES = 'SELECT rseq, rseq_more, coalesce(raw_bytes, encode(raw)) FROM events';

/** The input a line at `rseq` was read from: the last whose first line is not after it (searched from `from` on). */
function sourceIndexOf(sources: readonly StoredSource[], rseq: number, from = 0): number {
  let i = Math.max(from, 0);
  while (i + 1 < sources.length && (sources[i + 1] as StoredSource).rseqFirst <= rseq) i++;
  return i;
}

/** Stored events looked at for firstReadRecord(): its first line is nearly always the answer. */
const FIRST_EVENTS_LOOKED_AT = 64;

/**
 * The time of the first stored line that aureport reads as a record (the
 * start of its "Range of time in logs"): the store keeps the lines it leaves
 * out too (AuditRecord#ausearchReads). Undefined for an empty store.
 */
export async function firstReadRecord(reader: StoreRows): Promise<{ sec: number; milli: number } | undefined> {
  const sources = await reader.sources();
  const rows = await reader.rows(`${STORED_LINES} ORDER BY rseq LIMIT ${FIRST_EVENTS_LOOKED_AT}`);
  let best: Placed | undefined;
  let any: Placed | undefined;
  for (const [rseq, more, raw] of rows) {
    const first = Number(rseq);
    const source = sources[sourceIndexOf(sources, first)];
    if (source === undefined) break;
    for (const p of recordsOf(Buffer.from(raw as Uint8Array), first, more as string | null, source)) {
      if (any === undefined || p.rseq < any.rseq) any = p;
      if (p.record.ausearchReads && (best === undefined || p.rseq < best.rseq)) best = p;
    }
  }
  const r = (best ?? any)?.record;
  return r === undefined ? undefined : { sec: r.sec, milli: r.milli };
}

/** Calls the visitor for every stored input and record in the range, in the order they were read. */
export async function replay(reader: StoreReader, range: ReplayRange, v: ReplayVisitor): Promise<void> {
  const sources = await reader.sources();
  const where: string[] = [];
  if (range.fromSec !== 0) where.push(`time >= epoch_ms(${range.fromSec * 1000}::BIGINT)`);
  if (range.toSec !== 0) where.push(`time < epoch_ms(${(range.toSec + 1) * 1000}::BIGINT)`);
  const result = await reader.query(
    `${STORED_LINES} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rseq`);
  let current = -1;
  const sourceOf = (rseq: number): number => sourceIndexOf(sources, rseq, current);
  // Moves to the input a line belongs to, opening (and closing) every input on the way.
  const moveTo = async (index: number): Promise<void> => {
    while (current < index) {
      if (current >= 0) await v.endFile();
      current++;
      v.beginFile((sources[current] as StoredSource).name);
    }
  };
  const pending = new SortedQueue<Placed>((a, b) => a.rseq < b.rseq);
  const emitBefore = async (limit: number): Promise<void> => {
    for (let p = pending.peek(); p !== undefined && p.rseq < limit; p = pending.peek()) {
      pending.shift();
      await moveTo(sourceOf(p.rseq));
      v.record(p.record);
    }
  };
  for await (const rows of result.rows) {
    for (const [rseq, more, raw] of rows) {
      const first = Number(rseq);
      await emitBefore(first);
      const source = sources[sourceOf(first)];
      if (source === undefined) continue;
      for (const p of recordsOf(Buffer.from(raw as Uint8Array), first, more as string | null, source)) pending.push(p);
      // Lines not yet passed by any other event's first line wait in the queue.
      await emitBefore(first + 1);
    }
  }
  await emitBefore(Infinity);
  await moveTo(sources.length - 1);
  if (current >= 0) await v.endFile();
}
