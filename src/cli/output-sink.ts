// Buffered writer for command output. Text is latin1 (one char per byte) so
// log bytes reach stdout unchanged; output gathers in a 1 MiB buffer handed to
// the stream when full. Honours backpressure (callers await drain() between
// input chunks) and treats EPIPE as the reader having gone away (`auspex
// search | head`): output stops quietly and `closed` turns true.
import type { Writable } from 'node:stream';
import { OutputBuffer } from '../interpret/index.js';
import type { TextSink } from '../output/index.js';

const BUFFER_BYTES = 1024 * 1024;
/**
 * A lent buffer is handed to the stream once it holds this much: the rest of
 * the megabyte is room for the next event, so that it rarely has to grow.
 */
const LENT_FLUSH_BYTES = 768 * 1024;
/** Buffers kept for use again (more are only in flight when the reader is slow). */
const MAX_SPARE = 4;

/**
 * An output stream's fate, shared by the writers of search output (this
 * sink and the parallel search's PieceWriter): EPIPE closes quietly, other
 * errors close and are kept; drained() waits for backpressure to clear.
 */
export class StreamState {
  readonly #stream: Writable;
  closed = false;
  error: Error | undefined;

  constructor(stream: Writable) {
    this.#stream = stream;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      this.closed = true;
      if (err.code !== 'EPIPE') this.error = err;
    });
  }

  /** Resolves when the stream can take more (or has failed or closed). */
  async drained(): Promise<void> {
    const stream = this.#stream;
    if (this.closed || !stream.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
      stream.on('close', done);
    });
  }
}

export class OutputSink implements TextSink {
  readonly #stream: Writable;
  readonly #state: StreamState;
  readonly #lineBuffered: boolean;
  /**
   * Buffers back from the stream, used again: a stream on a file descriptor
   * (stdout) calls back once the bytes have left. New 1 MiB buffers for
   * every flush made V8 count external memory and run a full collection
   * every few dozen MB of output.
   */
  readonly #spare: Buffer[] = [];
  readonly #recycle: boolean;
  /** What is gathered; lent to formatters that append to it (appendBuffer). */
  readonly #out = new OutputBuffer(BUFFER_BYTES);

  constructor(stream: Writable, options: { lineBuffered?: boolean } = {}) {
    this.#stream = stream;
    this.#state = new StreamState(stream);
    this.#lineBuffered = options.lineBuffered ?? false;
    this.#recycle = typeof (stream as { fd?: unknown }).fd === 'number';
  }

  /** True once the reader has gone away; producers should stop. */
  get closed(): boolean {
    return this.#state.closed;
  }

  /** A write error other than EPIPE, if one happened. */
  get error(): Error | undefined {
    return this.#state.error;
  }

  write(text: string): void {
    if (this.#state.closed) return;
    const out = this.#out;
    const n = text.length;
    if (out.len + n > out.buf.length) {
      this.flush();
      if (n > out.buf.length) {
        this.#stream.write(Buffer.from(text, 'latin1'));
        return;
      }
    }
    out.len += out.buf.write(text, out.len, n, 'latin1');
    if (this.#lineBuffered) this.flush();
  }

  writeBytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (this.#state.closed) return;
    const out = this.#out;
    const n = end - start;
    if (out.len + n > out.buf.length) {
      this.flush();
      if (n > out.buf.length) {
        this.#stream.write(Buffer.from(bytes.subarray(start, end)));
        return;
      }
    }
    const buf = out.buf;
    if (n < 64) {
      // Short copies: a loop beats the native call's overhead.
      for (let i = 0, o = out.len; i < n; i++) buf[o + i] = bytes[start + i] as number;
    } else if (bytes instanceof Buffer) {
      bytes.copy(buf, out.len, start, end); // measured a little faster than set(subarray()) for record-sized copies
    } else {
      buf.set(bytes.subarray(start, end), out.len);
    }
    out.len += n;
    if (this.#lineBuffered) this.flush();
  }

  /**
   * The sink's own buffer, for a formatter to append an event to (it grows if
   * an event is larger than the room left); appended() follows. After the
   * stream has failed or closed, what is appended is dropped.
   */
  readonly appendBuffer = (): OutputBuffer => this.#out;

  readonly appended = (): void => {
    if (this.#state.closed) this.#out.clear();
    else if (this.#lineBuffered || this.#out.len >= LENT_FLUSH_BYTES) this.flush();
  };

  /** Hands what is buffered to the stream. */
  flush(): void {
    const out = this.#out;
    if (out.len === 0 || this.#state.closed) return;
    const buf = out.buf;
    const full = buf.subarray(0, out.len);
    // A buffer grown past the usual size for a large event is not kept for use again.
    out.restartIn(this.#spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES));
    if (!this.#recycle || buf.length !== BUFFER_BYTES) this.#stream.write(full);
    else {
      this.#stream.write(full, () => {
        if (this.#spare.length < MAX_SPARE) this.#spare.push(buf);
      });
    }
  }

  /** Resolves when the stream can take more (or has closed). */
  drain(): Promise<void> {
    return this.#state.drained();
  }

  /** Flushes what is left and waits until the stream has taken it. */
  async end(): Promise<void> {
    this.flush();
    await this.drain();
  }
}
