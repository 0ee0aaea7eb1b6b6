// JSON lines out of the collector: one object per event, the schema of
// docs/json-schema.md (output/'s eventToJson) plus an `auspex` member with the
// collection-time enrichment. Lines gather per batch and go out in one write;
// a file is opened for append, 0600; stdout ends quietly when its reader goes.
import { closeSync, openSync, writeSync, constants } from 'node:fs';
import type { Writable } from 'node:stream';
import type { AuditEvent } from '../events/index.js';
import { asciiJson, eventToJson } from '../output/index.js';

export type JsonWrite = (data: Buffer) => void;

export class JsonSink {
  readonly #write: JsonWrite;
  readonly #close: () => void;
  #parts: string[] = [];
  #events = 0;

  private constructor(write: JsonWrite, close: () => void) {
    this.#write = write;
    this.#close = close;
  }

  static toFile(path: string): JsonSink {
    const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    return new JsonSink(
      (data) => {
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      },
      () => closeSync(fd),
    );
  }

  static toStream(stream: Writable): JsonSink {
    let gone = false;
    stream.on('error', () => {
      gone = true; // EPIPE and the like: the reader left
    });
    return new JsonSink(
      (data) => {
        if (!gone) stream.write(data);
      },
      () => undefined,
    );
  }

  get events(): number {
    return this.#events;
  }

  add(event: AuditEvent, enrichment: object | undefined): void {
    const json = eventToJson(event) as ReturnType<typeof eventToJson> & { auspex?: object };
    if (enrichment !== undefined) json.auspex = enrichment;
    this.#parts.push(asciiJson(json));
    this.#events++;
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
