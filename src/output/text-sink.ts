// Where formatters put their output: latin1 text (one char per byte) or bytes
// as they are. The command shell implements it over a stream; tests collect.
import type { OutputBuffer } from '../interpret/index.js';

export interface TextSink {
  write(text: string): void;
  /** Writes `bytes[start, end)` (the whole array by default). */
  writeBytes(bytes: Uint8Array, start?: number, end?: number): void;
  /**
   * A sink that gathers its output in an OutputBuffer may lend it: a
   * formatter appends an event's bytes to it directly (no copy of its own
   * buffer into the sink's), then calls appended(), where the sink may hand
   * what it holds to its stream. Between the two nothing else writes.
   */
  readonly appendBuffer?: () => OutputBuffer;
  readonly appended?: () => void;
}

/** Formats one event into a sink. */
export type EventFormatter<E> = (event: E, out: TextSink) => void;

/** A sink that gathers everything into one string (tests, small outputs). */
export class StringSink implements TextSink {
  text = '';

  write(text: string): void {
    this.text += text;
  }

  writeBytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.text += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);
  }
}
