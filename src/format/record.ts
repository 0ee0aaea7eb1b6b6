// One audit record as read from a log or the kernel: the header decoded
// eagerly (type, node, time, serial), the body kept as the original bytes and
// decoded only when asked. A record holds a reference to the buffer it was
// read into plus offsets, not a copy or a view object: records wait in the
// assembly window, and every object there costs the garbage collector.
import type { Buffer } from 'node:buffer';

/** Where a record came from, for diagnostics ("file:line"). */
export interface RecordSource {
  readonly file: string;
  /** 1-based line number in that file (0 for records that did not come from a file). */
  readonly line: number;
}

export class AuditRecord {
  /** Type number; UNKNOWN_TYPE (-1) when the name is not one any table knows. */
  readonly type: number;
  /** The type exactly as written after `type=` (e.g. `SYSCALL`, `UNKNOWN[1336]`). */
  readonly typeName: string;
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  /**
   * False for the rare line ausearch and aureport 3.0.9 do not read as this
   * record (record-parser.ts, ausearchReadsHeader): their output leaves it out.
   */
  readonly ausearchReads: boolean;
  readonly #bytes: Buffer;
  readonly #start: number;
  readonly #end: number;
  readonly #body: number;
  readonly #gs: number;
  readonly #file: string;
  readonly #lineNo: number;

  /**
   * `bytes[start, end)` is the line without its newline; `body` and `gs` are
   * absolute offsets in `bytes` of the first body byte and of the ENRICHED
   * separator (`end` when there is none).
   */
  constructor(
    bytes: Buffer,
    start: number,
    end: number,
    body: number,
    gs: number,
    type: number,
    typeName: string,
    node: string | undefined,
    sec: number,
    milli: number,
    serial: number,
    file: string,
    lineNo: number,
    ausearchReads = true,
  ) {
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#body = body;
    this.#gs = gs;
    this.type = type;
    this.typeName = typeName;
    this.node = node;
    this.sec = sec;
    this.milli = milli;
    this.serial = serial;
    this.ausearchReads = ausearchReads;
    this.#file = file;
    this.#lineNo = lineNo;
  }

  /** The whole line without its newline: node=/type=/msg= header, body, and an ENRICHED tail. */
  get line(): Buffer {
    return this.#bytes.subarray(this.#start, this.#end);
  }

  /** Hands the line's bytes to `write` without making a view of them. */
  writeLine(write: (bytes: Uint8Array, start: number, end: number) => void): void {
    write(this.#bytes, this.#start, this.#end);
  }

  /**
   * The buffer the line lies in, for readers that work on bytes without a
   * view or a string per record (the -i formatter). Read only
   * [lineStartAt, lineEndAt) of it: the rest belongs to other lines. The
   * bytes from bodyAt on hold no NUL (parseRecordBytes refuses such lines).
   */
  get buffer(): Buffer {
    return this.#bytes;
  }

  /** Absolute offset in `buffer` of the line's first byte. */
  get lineStartAt(): number {
    return this.#start;
  }

  /** Absolute offset in `buffer` just past the line (its newline excluded). */
  get lineEndAt(): number {
    return this.#end;
  }

  /** Absolute offset in `buffer` of the first body byte. */
  get bodyAt(): number {
    return this.#body;
  }

  /** Absolute offset in `buffer` of the ENRICHED 0x1D separator, else lineEndAt. */
  get messageEndAt(): number {
    return this.#gs;
  }

  /** Length in bytes of the line. */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Offset in `line` of the first body byte (after `): `). */
  get bodyStart(): number {
    return this.#body - this.#start;
  }

  /** Offset in `line` of the 0x1D separator of an ENRICHED record, else the line's length. */
  get messageEnd(): number {
    return this.#gs - this.#start;
  }

  get source(): RecordSource {
    return { file: this.#file, line: this.#lineNo };
  }

  get file(): string {
    return this.#file;
  }

  get lineNo(): number {
    return this.#lineNo;
  }

  /** True when the record carries an ENRICHED tail (0x1D and interpreted fields). */
  get enriched(): boolean {
    return this.#gs < this.#end;
  }

  /** The record as logged without the ENRICHED tail (latin1: one char per byte). */
  get text(): string {
    return this.#bytes.toString('latin1', this.#start, this.#gs);
  }

  /** The fields part: everything after `msg=audit(...): ` up to the ENRICHED tail. */
  get body(): string {
    return this.#bytes.toString('latin1', this.#body, this.#gs);
  }

  /** The ENRICHED tail after 0x1D (e.g. `UID="root" AUID="unset"`), or undefined. */
  get interp(): string | undefined {
    return this.#gs < this.#end ? this.#bytes.toString('latin1', this.#gs + 1, this.#end) : undefined;
  }

  /** The whole line as latin1 text (header, body and ENRICHED tail). */
  get lineText(): string {
    return this.#bytes.toString('latin1', this.#start, this.#end);
  }
}
