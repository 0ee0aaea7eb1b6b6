// Buffered writer for command output. Text is latin1 (one char per byte) so
// log bytes reach stdout unchanged. Honours backpressure (callers await
// drain() between input chunks) and treats EPIPE as the reader having gone
// away (`auspex search | head`): output stops quietly and `closed` turns true.
import type { Writable } from 'node:stream';

const FLUSH_AT = 256 * 1024;

export class OutputSink {
  readonly #stream: Writable;
  readonly #lineBuffered: boolean;
  #pending = '';
  #closed = false;
  #error: Error | undefined;

  constructor(stream: Writable, options: { lineBuffered?: boolean } = {}) {
    this.#stream = stream;
    this.#lineBuffered = options.lineBuffered ?? false;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      this.#closed = true;
      if (err.code !== 'EPIPE') this.#error = err;
    });
  }

  /** True once the reader has gone away; producers should stop. */
  get closed(): boolean {
    return this.#closed;
  }

  /** A write error other than EPIPE, if one happened. */
  get error(): Error | undefined {
    return this.#error;
  }

  write(text: string): void {
    if (this.#closed) return;
    this.#pending += text;
    if (this.#lineBuffered || this.#pending.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0 || this.#closed) return;
    const chunk = Buffer.from(this.#pending, 'latin1');
    this.#pending = '';
    this.#stream.write(chunk);
  }

  /** Resolves when the stream can take more (or has closed). */
  async drain(): Promise<void> {
    if (this.#closed || !this.#stream.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.#stream.off('drain', done);
        this.#stream.off('error', done);
        this.#stream.off('close', done);
        resolve();
      };
      this.#stream.on('drain', done);
      this.#stream.on('error', done);
      this.#stream.on('close', done);
    });
  }

  /** Flushes what is left and waits until the stream has taken it. */
  async end(): Promise<void> {
    this.flush();
    await this.drain();
  }
}
