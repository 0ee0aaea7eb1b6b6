// JSON lines out of the collector: one object per event, the schema of
// docs/json-schema.md (output/'s eventToJson) plus an `auspex` member with the
// collection-time enrichment, written through a LineSink (per batch, append,
// 0600, quiet end on stdout).
import type { Writable } from 'node:stream';
import type { AuditEvent } from '../events/index.js';
import { asciiJson, eventToJson } from '../output/index.js';
import { LineSink } from './line-sink.js';

export class JsonSink {
  readonly #lines: LineSink;

  private constructor(lines: LineSink) {
    this.#lines = lines;
  }

  static toFile(path: string): JsonSink {
    return new JsonSink(LineSink.toFile(path));
  }

  static toStream(stream: Writable): JsonSink {
    return new JsonSink(LineSink.toStream(stream));
  }

  get events(): number {
    return this.#lines.lines;
  }

  add(event: AuditEvent, enrichment: object | undefined): void {
    const json = eventToJson(event) as ReturnType<typeof eventToJson> & { auspex?: object };
    if (enrichment !== undefined) json.auspex = enrichment;
    this.#lines.add(asciiJson(json));
  }

  commit(): void {
    this.#lines.commit();
  }

  close(): void {
    this.#lines.close();
  }
}
