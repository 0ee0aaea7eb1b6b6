// Buffered writer for command output. Text is latin1 (one char per byte) so
// log bytes reach stdout unchanged; output gathers in a 1 MiB buffer handed to
// the stream when full. Honours backpressure (callers await drain() between
// input chunks) and treats EPIPE as the reader having gone away (`auspex
// search | head`): output stops quietly and `closed` turns true.
import type { Writable } from 'node:stream';
import type { TextSink } from '../output/index.js';

const BUFFER_BYTES = 1024 * 1024;
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
  #buf: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;

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
    const n = text.length;
    if (this.#used + n > this.#buf.length) {
      this.flush();
      if (n > this.#buf.length) {
        this.#stream.write(Buffer.from(text, 'latin1'));
        return;
      }
    }
    this.#used += this.#buf.write(text, this.#used, n, 'latin1');
    if (this.#lineBuffered) this.flush();
  }

  writeBytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (this.#state.closed) return;
    const n = end - start;
    if (this.#used + n > this.#buf.length) {
      this.flush();
      if (n > this.#buf.length) {
        this.#stream.write(Buffer.from(bytes.subarray(start, end)));
        return;
      }
    }
    if (n < 64) {
      // Short copies: a loop beats the native call's overhead.
      const buf = this.#buf;
      for (let i = 0, o = this.#used; i < n; i++) buf[o + i] = bytes[start + i] as number;
    } else if (bytes instanceof Buffer) {
      bytes.copy(this.#buf, this.#used, start, end); // measured a little faster than set(subarray()) for record-sized copies
    } else {
      this.#buf.set(bytes.subarray(start, end), this.#used);
    }
    this.#used += n;
    if (this.#lineBuffered) this.flush();
  }

  /** Hands what is buffered to the stream. */
  flush(): void {
    if (this.#used === 0 || this.#state.closed) return;
    const buf = this.#buf;
    const full = buf.subarray(0, this.#used);
    this.#buf = this.#spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
    this.#used = 0;
    if (!this.#recycle) this.#stream.write(full);
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
