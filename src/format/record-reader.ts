// Turns the bytes of one input (a log file, stdin) into records: lines split,
// headers parsed, every line that is not a record reported as a Diagnostic with
// file, line and offset. Pure: the caller pushes chunks and receives records.
import type { Buffer } from 'node:buffer';
import { LineSplitter } from './line-splitter.js';
import { ParsedRecord, parseRecordInto } from './record-parser.js';
import type { AuditRecord } from './record.js';
import { excerptOf } from './diagnostics.js';
import { NeedleFinder } from './needle-finder.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * Longest line accepted. auditd's records are at most 8970 bytes
 * (MAX_AUDIT_MESSAGE_LENGTH) plus an ENRICHED tail; anything far longer is
 * not an audit record.
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const AUSEARCH_SKIPS = 'left out, as ausearch 3.0.9 leaves it out: it reads no record where the msg= field has 18 bytes or fewer or the time stamp runs past its look at the first 80 bytes (340 after node=)';

export interface RecordReaderOptions {
  /** Name used in diagnostics and record sources (a path, or `-` / `stdin`). */
  readonly file: string;
  readonly maxLineBytes?: number;
  /**
   * Number of the first line pushed and byte offset of its first byte (1 and
   * 0 by default): a reader that starts inside a file still names the lines
   * and offsets of the file in records and diagnostics.
   */
  readonly firstLine?: number;
  readonly firstOffset?: number;
  /** Each record; `marked` tells whether its line holds one of `needles`; `offset` is where its line starts. */
  readonly onRecord?: (record: AuditRecord, marked: boolean, offset: number) => void;
  /**
   * Instead of onRecord: each record as the parser's reused ParsedRecord,
   * valid only during the call (no object per record: the assembler copies
   * the values into its tables).
   */
  readonly onParsed?: (record: ParsedRecord, marked: boolean, offset: number) => void;
  /**
   * Byte strings to look for in each record line (search's string criteria),
   * or a finder made for them once and shared by readers (each new finder
   * counts the bytes of its first chunk to choose where to scan from).
   */
  readonly needles?: readonly Buffer[] | NeedleFinder;
  readonly onDiagnostic: (diagnostic: Diagnostic) => void;
  /**
   * Leave out, as a reported problem, every line ausearch and aureport 3.0.9
   * do not read as the record auspex reads (AuditRecord#ausearchReads): for
   * the outputs that must be theirs byte for byte.
   */
  readonly asAusearchReads?: boolean;
}

export interface RecordReaderTotals {
  readonly lines: number;
  readonly records: number;
  readonly problems: number;
  readonly skippedBytes: number;
  /** Bytes of lines that became records (newlines included). */
  readonly recordBytes: number;
  /** Bytes of empty lines (their newlines). */
  readonly blankBytes: number;
}

export class RecordReader {
  readonly #file: string;
  readonly #splitter: LineSplitter;
  readonly #onRecord: ((record: AuditRecord, marked: boolean, offset: number) => void) | undefined;
  readonly #onParsed: ((record: ParsedRecord, marked: boolean, offset: number) => void) | undefined;
  readonly #parsed = new ParsedRecord();
  /** Added to the splitter's line numbers (which start at 1) and offsets (which start at 0). */
  readonly #lineBase: number;
  readonly #offsetBase: number;
  readonly #needles: NeedleFinder | undefined;
  readonly #onDiagnostic: (diagnostic: Diagnostic) => void;
  readonly #asAusearchReads: boolean;
  #records = 0;
  #problems = 0;
  #skippedBytes = 0;
  #recordBytes = 0;
  #blankBytes = 0;
  #unterminatedLine = 0;

  constructor(options: RecordReaderOptions) {
    this.#file = options.file;
    this.#onRecord = options.onRecord;
    this.#onParsed = options.onParsed;
    if ((this.#onRecord === undefined) === (this.#onParsed === undefined)) throw new TypeError('RecordReader: give exactly one of onRecord and onParsed');
    const needles = options.needles;
    this.#needles = needles instanceof NeedleFinder ? needles : needles === undefined || needles.length === 0 ? undefined : new NeedleFinder(needles);
    this.#onDiagnostic = options.onDiagnostic;
    this.#asAusearchReads = options.asAusearchReads ?? false;
    this.#lineBase = (options.firstLine ?? 1) - 1;
    this.#offsetBase = options.firstOffset ?? 0;
    this.#splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, {
      line: (bytes, start, end, lineNo, offset) => this.#line(bytes, start, end, lineNo, offset),
      overlong: (lineNo, offset, length, head) =>
        this.#problem('E_LINE_TOO_LONG', lineNo, offset, `line of ${length} bytes is too long to be an audit record; skipped`, head, length + this.#newline(lineNo)),
      unterminated: (lineNo) => {
        this.#unterminatedLine = lineNo;
      },
    });
  }

  push(chunk: Buffer): void {
    this.#splitter.push(chunk);
  }

  end(): void {
    this.#splitter.end();
  }

  get totals(): RecordReaderTotals {
    return {
      lines: this.#splitter.lines,
      records: this.#records,
      problems: this.#problems,
      skippedBytes: this.#skippedBytes,
      recordBytes: this.#recordBytes,
      blankBytes: this.#blankBytes,
    };
  }

  /** 1 for a line that ended with '\n', 0 for an unterminated last line. */
  #newline(lineNo: number): number {
    return lineNo === this.#unterminatedLine ? 0 : 1;
  }

  #line(bytes: Buffer, start: number, end: number, lineNo: number, offset: number): void {
    if (end === start) {
      this.#blankBytes += this.#newline(lineNo); // blank lines carry nothing; ausearch skips them too
      return;
    }
    const parsed = this.#parsed;
    const problem = parseRecordInto(bytes, start, end, this.#file, lineNo + this.#lineBase, parsed);
    if (problem !== undefined) {
      const truncated = lineNo === this.#unterminatedLine ? ' (last line, no newline: truncated?)' : '';
      this.#problem(problem.problem, lineNo, offset, problem.message + truncated, bytes.subarray(start, end), end - start + (truncated ? 0 : 1));
      return;
    }
    if (!parsed.ausearchReads && this.#asAusearchReads) {
      this.#problem('E_AUSEARCH_SKIPS', lineNo, offset, AUSEARCH_SKIPS, bytes.subarray(start, end), end - start + this.#newline(lineNo));
      return;
    }
    if (lineNo === this.#unterminatedLine) {
      this.#problem('E_TRUNCATED_LINE', lineNo, offset, 'last line has no newline (truncated?); record used as it is', new Uint8Array(0), 0);
    }
    this.#records++;
    this.#recordBytes += end - start + this.#newline(lineNo);
    const marked = this.#needles !== undefined && this.#needles.anyWithin(bytes, start, end);
    if (this.#onParsed !== undefined) this.#onParsed(parsed, marked, offset + this.#offsetBase);
    else (this.#onRecord as (record: AuditRecord, marked: boolean, offset: number) => void)(parsed.toRecord(), marked, offset + this.#offsetBase);
  }

  #problem(code: Diagnostic['code'], line: number, offset: number, message: string, bytes: Uint8Array, skipped: number): void {
    this.#problems++;
    this.#skippedBytes += skipped;
    this.#onDiagnostic({ code, file: this.#file, line: line + this.#lineBase, offset: offset + this.#offsetBase, message, excerpt: excerptOf(bytes), skippedBytes: skipped });
  }
}
