// The parallel search's way out: chunks' output pieces go to the stream as
// they are, small writes gather in a piece, and, when the stream writes to a
// file descriptor (stdout: its write callback means the bytes have left),
// pieces come back to the pool once written instead of becoming garbage.
// Other streams (a PassThrough may still hold the piece) keep what they get.
// Like OutputSink: EPIPE ends output quietly, other errors are kept.
import type { Writable } from 'node:stream';
import type { TextSink } from '../output/index.js';
import type { PiecePool } from './search-chunk-output.js';
import { StreamState } from './output-sink.js';

/** Output bytes of a chunk's part, the first `skip` bytes replaced by `head` (-i's first events, printed again). */
export interface Replacement {
  readonly head: Buffer;
  readonly skip: number;
}

export class PieceWriter implements TextSink {
  readonly #stream: Writable;
  readonly #pool: PiecePool;
  readonly #recycle: boolean;
  readonly #state: StreamState;
  #buf: Buffer | undefined;
  #used = 0;
  /** Written before the first byte (the CSV header). */
  #head: string | undefined;

  constructor(stream: Writable, pool: PiecePool, head?: string) {
    this.#stream = stream;
    this.#pool = pool;
    this.#head = head;
    this.#recycle = typeof (stream as { fd?: unknown }).fd === 'number';
    this.#state = new StreamState(stream);
  }

  get closed(): boolean {
    return this.#state.closed;
  }

  get error(): Error | undefined {
    return this.#state.error;
  }

  write(text: string): void {
    if (this.#buf !== undefined && this.#used + text.length < this.#buf.length) {
      this.#used += this.#buf.write(text, this.#used, 'latin1');
      return;
    }
    this.writeBytes(Buffer.from(text, 'latin1'));
  }

  writeBytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    while (start < end) {
      if (this.#buf === undefined) {
        this.#buf = this.#pool.take();
        this.#used = 0;
      }
      const n = Math.min(end - start, this.#buf.length - this.#used);
      this.#buf.set(bytes.subarray(start, start + n), this.#used);
      this.#used += n;
      start += n;
      if (this.#used === this.#buf.length) this.flush();
    }
  }

  /** Writes a piece from the pool as it is (after what is gathered). */
  writePiece(piece: Buffer): void {
    this.flush();
    this.#send(piece);
  }

  /** A chunk's part as it was made, its first `fix.skip` bytes replaced by `fix.head`; pieces go back to the pool. */
  writeParts(pieces: readonly Buffer[], fix: Replacement | undefined): void {
    let skip = 0;
    if (fix !== undefined) {
      this.writeBytes(fix.head);
      skip = fix.skip;
    }
    for (const p of pieces) {
      if (skip === 0) this.writePiece(p);
      else {
        if (skip < p.length) this.writeBytes(p, skip, p.length);
        skip = Math.max(0, skip - p.length);
        this.#pool.give(p);
      }
    }
  }

  flush(): void {
    if (this.#buf === undefined || this.#used === 0) return;
    const piece = this.#buf.subarray(0, this.#used);
    this.#buf = undefined;
    this.#send(piece);
  }

  drain(): Promise<void> {
    return this.#state.drained();
  }

  async end(): Promise<void> {
    this.flush();
    await this.drain();
  }

  #send(piece: Buffer): void {
    if (this.#state.closed || piece.length === 0) {
      this.#pool.give(piece);
      return;
    }
    if (this.#head !== undefined) {
      this.#stream.write(Buffer.from(this.#head, 'latin1'));
      this.#head = undefined;
    }
    if (this.#recycle) this.#stream.write(piece, () => this.#pool.give(piece));
    else this.#stream.write(piece);
  }
}
