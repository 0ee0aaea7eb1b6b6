// Text lines out of the collector (JSON events, Sigma alerts, io_uring profile
// violations) to a file (append, 0600) or stdout, gathered per batch and
// written once; stdout ends quietly when its reader goes.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

export class LineSink {
  readonly #write: (data: Buffer) => void;
  readonly #close: () => void;
  #parts: string[] = [];
  #lines = 0;

  private constructor(write: (data: Buffer) => void, close: () => void) {
    this.#write = write;
    this.#close = close;
  }

  static toFile(path: string): LineSink {
    const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    return new LineSink(
      (data) => {
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      },
      () => closeSync(fd),
    );
  }

  static toStream(stream: Writable): LineSink {
    let gone = false;
    stream.on('error', () => {
      gone = true; // EPIPE and the like: the reader left
    });
    return new LineSink((data) => {
      if (!gone) stream.write(data);
    }, () => undefined);
  }

  get lines(): number {
    return this.#lines;
  }

  add(line: string): void {
    this.#parts.push(line);
    this.#lines++;
  }

  commit(): void {
    if (this.#parts.length === 0) return;
    const text = `${this.#parts.join('\n')}\n`;
    this.#parts = [];
    this.#write(Buffer.from(text, 'latin1'));
  }

  close(): void {
    this.commit();
    this.#close();
  }
}
