// One audit record as read from a log or the kernel: the header decoded
// eagerly (type, node, time, serial), the body kept as the original bytes and
// decoded only when asked. Keeping bytes (latin1 views) makes --raw byte-exact
// and keeps the assembly window cheap for the garbage collector.
import type { Buffer } from 'node:buffer';

/** Where a record came from, for diagnostics ("file:line"). */
export interface RecordSource {
  readonly file: string;
  /** 1-based line number in that file (0 for records that did not come from a file). */
  readonly line: number;
}

export class AuditRecord {
  /** The whole line without its newline: node=/type=/msg= header, body, and an ENRICHED tail. */
  readonly line: Buffer;
  /** Type number; UNKNOWN_TYPE (-1) when the name is not one any table knows. */
  readonly type: number;
  /** The type exactly as written after `type=` (e.g. `SYSCALL`, `UNKNOWN[1336]`). */
  readonly typeName: string;
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  /** Offset in `line` of the first body byte (after `): `). */
  readonly bodyStart: number;
  /** Offset in `line` of the 0x1D separator of an ENRICHED record, else line.length. */
  readonly messageEnd: number;
  readonly source: RecordSource;

  constructor(
    line: Buffer,
    type: number,
    typeName: string,
    node: string | undefined,
    sec: number,
    milli: number,
    serial: number,
    bodyStart: number,
    messageEnd: number,
    source: RecordSource,
  ) {
    this.line = line;
    this.type = type;
    this.typeName = typeName;
    this.node = node;
    this.sec = sec;
    this.milli = milli;
    this.serial = serial;
    this.bodyStart = bodyStart;
    this.messageEnd = messageEnd;
    this.source = source;
  }

  /** True when the record carries an ENRICHED tail (0x1D and interpreted fields). */
  get enriched(): boolean {
    return this.messageEnd < this.line.length;
  }

  /** The record as logged without the ENRICHED tail (latin1: one char per byte). */
  get text(): string {
    return this.line.toString('latin1', 0, this.messageEnd);
  }

  /** The fields part: everything after `msg=audit(...): ` up to the ENRICHED tail. */
  get body(): string {
    return this.line.toString('latin1', this.bodyStart, this.messageEnd);
  }

  /** The ENRICHED tail after 0x1D (e.g. `UID="root" AUID="unset"`), or undefined. */
  get interp(): string | undefined {
    return this.messageEnd < this.line.length ? this.line.toString('latin1', this.messageEnd + 1) : undefined;
  }
}
