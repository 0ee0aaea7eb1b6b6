// Bytes a chunk of a parallel search works with: 1 MiB pieces kept in a pool
// and used again (for reading and for output: garbage buffers would stay
// until a full collection and swell memory), output gathered in such pieces,
// which move to another thread without a copy, and events carried across a
// cut as plain bytes.
import type { FileHandle } from 'node:fs/promises';
import { EventAssembler } from '../events/index.js';
import type { AuditEvent } from '../events/index.js';
import { RecordReader, isHeaderProblem, parseRecordBytes } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';
import type { TextSink } from '../output/index.js';

export const PIECE_BYTES = 1024 * 1024;
/**
 * Free pieces a pool keeps; more are left to the garbage collector. Pieces
 * freed go back to the C heap of the thread that made them, which keeps the
 * memory: pieces are better used again than freed and made anew.
 */
const MAX_FREE_PIECES = 64;

/**
 * Free 1 MiB pieces, each a memory block of its own (so it can be
 * transferred). A piece taken again is a new Buffer object over the block:
 * caches that know a buffer by identity (format/record-parser.ts) must not
 * take new bytes for the ones they saw.
 */
export class PiecePool {
  readonly #free: ArrayBuffer[] = [];

  take(): Buffer {
    const block = this.#free.pop();
    return block === undefined ? Buffer.allocUnsafeSlow(PIECE_BYTES) : Buffer.from(block, 0, PIECE_BYTES);
  }

  /** Takes back a piece (or a view of one) once nothing reads it any more; other blocks are ignored. */
  give(piece: Uint8Array): void {
    const block = piece.buffer;
    if (!(block instanceof ArrayBuffer) || block.byteLength !== PIECE_BYTES || this.#free.length >= MAX_FREE_PIECES) return;
    this.#free.push(block);
  }

  /** Up to `n` free blocks, removed from the pool (to hand to another thread). */
  spare(n: number): ArrayBuffer[] {
    return this.#free.splice(0, Math.max(0, Math.min(n, this.#free.length)));
  }
}

/** Output gathered in pieces from a pool. */
export class ChunkBuffer implements TextSink {
  readonly #pool: PiecePool;
  readonly #pieces: Buffer[] = [];
  #buf: Buffer;
  #used = 0;
  #total = 0;
  #done = false;

  constructor(pool: PiecePool) {
    this.#pool = pool;
    this.#buf = pool.take();
  }

  get length(): number {
    return this.#total;
  }

  write(text: string): void {
    if (this.#done) throw new Error('ChunkBuffer written after its pieces were taken');
    if (this.#used + text.length <= this.#buf.length) {
      this.#used += this.#buf.write(text, this.#used, 'latin1');
      this.#total += text.length;
      return;
    }
    this.writeBytes(Buffer.from(text, 'latin1'));
  }

  writeBytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (this.#done) throw new Error('ChunkBuffer written after its pieces were taken');
    this.#total += end - start;
    let from = start;
    while (from < end) {
      if (this.#used === this.#buf.length) this.#next();
      const n = Math.min(end - from, this.#buf.length - this.#used);
      const buf = this.#buf;
      const o = this.#used;
      // As OutputSink: a loop for short copies, Buffer#copy (no subarray object per record line) for the rest.
      if (n < 64) for (let i = 0; i < n; i++) buf[o + i] = bytes[from + i] as number;
      else if (bytes instanceof Buffer) bytes.copy(buf, o, from, from + n);
      else buf.set(bytes.subarray(from, from + n), o);
      this.#used = o + n;
      from += n;
    }
  }

  /** The pieces (the last one cut to its used length); the buffer takes no more writes. */
  pieces(): Buffer[] {
    if (this.#done) return this.#pieces;
    this.#done = true;
    if (this.#used > 0) this.#pieces.push(this.#buf.subarray(0, this.#used));
    else this.#pool.give(this.#buf);
    return this.#pieces;
  }

  #next(): void {
    this.#pieces.push(this.#buf);
    this.#buf = this.#pool.take();
    this.#used = 0;
  }
}

export const VOID_SINK: TextSink = {
  write: () => undefined,
  writeBytes: () => undefined,
};

/** An event as bytes: its identity and its records' lines joined by '\n'. */
export interface CarriedEvent {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly lines: Uint8Array;
}

export function carryEvent(event: AuditEvent): CarriedEvent {
  let total = 0;
  for (const r of event.records) total += r.length + 1;
  const lines = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const r of event.records) {
    r.writeLine((b, s, e) => {
      lines.set(b.subarray(s, e), at);
      at += e - s;
    });
    lines[at++] = 10;
  }
  return { node: event.node, sec: event.sec, milli: event.milli, serial: event.serial, lines };
}

/**
 * The event again, its records parsed from the carried lines and grouped by
 * an assembler: the same kind of event and record objects the chunk runs
 * print, so that the formatter printing it keeps the code it has optimized
 * for those (a plain object of another shape deoptimized the -i formatter's
 * hottest functions on the main thread at its first re-printed prefix).
 */
export function uncarryEvent(c: CarriedEvent, file: string): AuditEvent {
  const bytes = Buffer.from(c.lines.buffer, c.lines.byteOffset, c.lines.byteLength);
  return reassembled(bytes, file) ?? plainEvent(c, bytes, file);
}

/** The one event the lines make, or undefined if they make another number of events (never, as they were one). */
function reassembled(bytes: Buffer, file: string): AuditEvent | undefined {
  const events: AuditEvent[] = [];
  // Records are made before onEvent (lazyRecords off): the event is kept past it.
  const assembler = new EventAssembler({ policy: 'ausearch', timeoutSec: 3600, maxInFlight: 1_000_000, onEvent: (e) => events.push(e) });
  const reader = new RecordReader({ file, onParsed: (r) => assembler.pushParsed(r), onDiagnostic: () => undefined });
  reader.push(bytes);
  reader.end();
  assembler.flush();
  return events.length === 1 ? events[0] : undefined;
}

function plainEvent(c: CarriedEvent, bytes: Buffer, file: string): AuditEvent {
  const records: AuditRecord[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, start)) {
    const r = parseRecordBytes(bytes, start, nl, file, 0);
    if (!isHeaderProblem(r)) records.push(r);
    start = nl + 1;
  }
  return { node: c.node, sec: c.sec, milli: c.milli, serial: c.serial, records, enriched: records.some((r) => r.enriched) };
}

/**
 * Reads byte ranges of the file into pieces from the pool, one after the
 * other in each piece. Records point into the pieces, so they go back to the
 * pool only when the run is over (close). A read may name the range the
 * caller will ask for next: it is read while the caller works on this one
 * (as the sequential search's blocks are; without it each thread waited for
 * every read).
 */
export class PieceReader {
  readonly #fh: FileHandle;
  readonly #pool: PiecePool;
  readonly #used: Buffer[] = [];
  #piece: Buffer | undefined;
  #at = 0;
  #ahead: { readonly pos: number; readonly length: number; readonly bytes: Promise<Buffer> } | undefined;

  constructor(fh: FileHandle, pool: PiecePool) {
    this.#fh = fh;
    this.#pool = pool;
  }

  get fd(): number {
    return this.#fh.fd;
  }

  /**
   * Up to `length` (≤ PIECE_BYTES) bytes at `pos`; fewer only at the end of
   * the file. `nextLength` > 0: the `nextLength` bytes after them are read
   * meanwhile (when these came whole).
   */
  async read(pos: number, length: number, nextLength = 0): Promise<Buffer> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    let buf: Buffer;
    if (ahead !== undefined && ahead.pos === pos && ahead.length === length) buf = await ahead.bytes;
    else {
      if (ahead !== undefined) await ahead.bytes.catch(() => undefined); // not the range asked for: let it end first
      buf = await this.#readAt(pos, length);
    }
    if (nextLength > 0 && buf.length === length) {
      const bytes = this.#readAt(pos + length, nextLength);
      bytes.catch(() => undefined); // a failure surfaces when the range is asked for (or at close)
      this.#ahead = { pos: pos + length, length: nextLength, bytes };
    }
    return buf;
  }

  async close(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    try {
      if (ahead !== undefined) await ahead.bytes.catch(() => undefined);
    } finally {
      for (const b of this.#used) this.#pool.give(b);
      this.#used.length = 0;
      await this.#fh.close();
    }
  }

  async #readAt(pos: number, length: number): Promise<Buffer> {
    if (this.#piece === undefined || this.#at + length > this.#piece.length) {
      this.#piece = this.#pool.take();
      this.#used.push(this.#piece);
      this.#at = 0;
    }
    const view = this.#piece.subarray(this.#at, this.#at + length);
    this.#at += length;
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.#fh.read(view, got, length - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? view : view.subarray(0, got);
  }
}
