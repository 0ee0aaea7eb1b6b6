// Splits a byte stream into lines on '\n' without copying (lines are views of
// the chunk they lie in; only a line that spans two chunks is copied). Lines
// longer than the limit are skipped and reported, so a 1 GB line without a
// newline costs no memory.
import { Buffer } from 'node:buffer';

export interface LineHandler {
  /**
   * A complete line: `bytes[start, end)` without its '\n'; `offset` is the
   * byte offset of its first byte in the input.
   */
  line(bytes: Buffer, start: number, end: number, lineNo: number, offset: number): void;
  /** A line longer than the limit was dropped (its bytes counted, never buffered). */
  overlong(lineNo: number, offset: number, length: number, head: Buffer): void;
  /** The input ended in the middle of a line: it is delivered through line() after this. */
  unterminated?(lineNo: number, offset: number): void;
}

export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #handler: LineHandler;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #skipping = false;
  #skipHead: Buffer | undefined;
  #lineNo = 1;
  #lineOffset = 0;

  constructor(maxLineBytes: number, handler: LineHandler) {
    this.#maxLineBytes = maxLineBytes;
    this.#handler = handler;
  }

  push(chunk: Buffer): void {
    let start = 0;
    const len = chunk.length;
    if (this.#pendingBytes > 0 || this.#skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.#accumulate(chunk);
        return;
      }
      this.#accumulate(chunk.subarray(0, nl));
      this.#finishPending();
      start = nl + 1;
    }
    const handler = this.#handler;
    const max = this.#maxLineBytes;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const lineNo = this.#lineNo++;
      const offset = this.#lineOffset;
      this.#lineOffset += nl - start + 1;
      if (nl - start > max) handler.overlong(lineNo, offset, nl - start, chunk.subarray(start, start + 64));
      else handler.line(chunk, start, nl, lineNo, offset);
      start = nl + 1;
    }
    if (start < len) this.#accumulate(chunk.subarray(start));
  }

  /** Ends the input: a last line without '\n' is still delivered. */
  end(): void {
    if (this.#pendingBytes > 0 || this.#skipping) {
      this.#handler.unterminated?.(this.#lineNo, this.#lineOffset);
      this.#finishPending();
    }
  }

  /** Number of complete or partial lines seen so far. */
  get lines(): number {
    return this.#lineNo - 1;
  }

  #accumulate(part: Buffer): void {
    if (part.length === 0) return;
    if (!this.#skipping && this.#pendingBytes + part.length > this.#maxLineBytes) {
      // Keep only the head for the report; drop the rest as it arrives.
      this.#skipHead = Buffer.concat([...this.#pending, part]).subarray(0, 64);
      this.#pending = [];
      this.#skipping = true;
    }
    if (!this.#skipping) {
      // Copy: the chunk's memory may be reused by the reader.
      this.#pending.push(Buffer.from(part));
    }
    this.#pendingBytes += part.length;
  }

  #finishPending(): void {
    const lineNo = this.#lineNo++;
    const offset = this.#lineOffset;
    const length = this.#pendingBytes;
    this.#lineOffset += length + 1;
    if (this.#skipping) {
      this.#handler.overlong(lineNo, offset, length, this.#skipHead ?? Buffer.alloc(0));
    } else {
      const parts = this.#pending;
      const line = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
      this.#handler.line(line, 0, line.length, lineNo, offset);
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#skipping = false;
    this.#skipHead = undefined;
  }
}
