// Parses one log line into an AuditRecord: the optional `node=NAME ` prefix,
// `type=NAME `, `msg=audit(SEC.MILLI:SERIAL): `, then the body and an optional
// ENRICHED tail after 0x1D. Works on bytes; only the node becomes a string
// (type names are interned). A line that is not a record comes back as a
// HeaderProblem value.
import { Buffer } from 'node:buffer';
import { AuditRecord } from './record.js';
import type { RecordSource } from './record.js';
import { recordTypeNumber } from './record-types.js';
import type { FormatProblem } from './diagnostics.js';
import { indexOfByte } from './byte-search.js';

export interface HeaderProblem {
  readonly problem: FormatProblem;
  readonly message: string;
}

const GS = 0x1d; // ENRICHED separator (AUDIT_INTERP_SEPARATOR)
const SPACE = 0x20;

const NOT_A_RECORD: HeaderProblem = { problem: 'E_RECORD_HEADER', message: "not an audit record (no 'type=... msg=audit(')" };
const BAD_TIMESTAMP: HeaderProblem = { problem: 'E_RECORD_HEADER', message: 'malformed time stamp in msg=audit(...)' };
const SERIAL_TOO_LARGE: HeaderProblem = { problem: 'E_RECORD_HEADER', message: "serial in msg=audit(...) past 2^53-1, more than auspex holds exactly (the kernel's serials are 32-bit)" };
const NUL_BYTE: HeaderProblem = { problem: 'E_BINARY', message: 'binary data (NUL byte) in line' };

// 'type=' and 'msg=audit(' as numbers for quick compares.
const T = 0x74, Y = 0x79, P = 0x70, E = 0x65, EQ = 0x3d, M = 0x6d, S = 0x73, G = 0x67;

interface InternedType {
  readonly name: string;
  readonly type: number;
  readonly bytes: Buffer;
}

/**
 * Type names seen, by a hash of their bytes, in a direct-mapped table (an
 * array index is cheaper than a Map lookup, once per line): most lines repeat
 * a few dozen names. A name whose slot another holds replaces it.
 */
const TYPE_SLOTS = 1024;
const typeSlots: (InternedType | undefined)[] = new Array<InternedType | undefined>(TYPE_SLOTS).fill(undefined);

function typeAt(line: Buffer, from: number, to: number): InternedType {
  let h = to - from;
  for (let i = from; i < to; i++) h = (Math.imul(h, 31) + (line[i] as number)) | 0;
  const slot = h & (TYPE_SLOTS - 1);
  const hit = typeSlots[slot];
  if (hit !== undefined && hit.bytes.length === to - from) {
    const b = hit.bytes;
    let i = 0;
    while (i < b.length && b[i] === line[from + i]) i++;
    if (i === b.length) return hit;
  }
  const name = line.toString('latin1', from, to);
  const entry: InternedType = { name, type: recordTypeNumber(name), bytes: Buffer.from(name, 'latin1') };
  typeSlots[slot] = entry;
  return entry;
}

/**
 * Finds a byte in `bytes[from, end)`. Buffer.indexOf cannot stop at `end`, so
 * searching each line of a 1 MiB chunk would rescan the chunk's rest every
 * time; instead the last answer per (buffer, byte) is kept and reused while
 * lines move forward through the same buffer: one pass per chunk in all.
 */
class ByteFinder {
  readonly #byte: number;
  #buffer: Buffer | undefined;
  #from = 0;
  #found = -1;

  constructor(byte: number) {
    this.#byte = byte;
  }

  find(bytes: Buffer, from: number, end: number): number {
    if (bytes !== this.#buffer || from < this.#from || (this.#found >= 0 && this.#found < from)) {
      this.#buffer = bytes;
      this.#from = from;
      this.#found = bytes.indexOf(this.#byte, from);
    }
    return this.#found >= 0 && this.#found < end ? this.#found : -1;
  }
}

const nulFinder = new ByteFinder(0);
const gsFinder = new ByteFinder(GS);

const EMPTY = Buffer.alloc(0);

/**
 * A record's header and spans as parsed, in one object the parser fills again
 * for every line (parseRecordInto): readers that store records their own way
 * (the assembler's tables) take the values without an object per record.
 */
export class ParsedRecord {
  bytes: Buffer = EMPTY;
  start = 0;
  end = 0;
  /** Absolute offsets of the first body byte and of the 0x1D separator (`end` when none). */
  body = 0;
  gs = 0;
  type = 0;
  typeName = '';
  node: string | undefined = undefined;
  sec = 0;
  milli = 0;
  serial = 0;
  file = '';
  lineNo = 0;
  /** See AuditRecord#ausearchReads. */
  ausearchReads = true;

  get enriched(): boolean {
    return this.gs < this.end;
  }

  toRecord(): AuditRecord {
    return new AuditRecord(this.bytes, this.start, this.end, this.body, this.gs, this.type, this.typeName, this.node, this.sec, this.milli, this.serial, this.file, this.lineNo, this.ausearchReads);
  }
}


/** Node names seen, by a hash of their bytes (a log names a few machines, on every line). */
const nodeCache = new Map<number, string>();

function nodeAt(line: Buffer, from: number, to: number): string {
  let h = to - from;
  for (let i = from; i < to; i++) h = (Math.imul(h, 31) + (line[i] as number)) | 0;
  const hit = nodeCache.get(h);
  if (hit !== undefined && hit.length === to - from) {
    let i = 0;
    while (i < hit.length && hit.charCodeAt(i) === line[from + i]) i++;
    if (i === hit.length) return hit;
  }
  const name = line.toString('latin1', from, to);
  if (nodeCache.size < 4096) nodeCache.set(h, name);
  return name;
}

/**
 * Parses the line `bytes[start, end)` into `out`; a line that is not a record
 * comes back as its problem (and `out` holds nothing useful).
 */
export function parseRecordInto(bytes: Buffer, start: number, end: number, file: string, lineNo: number, out: ParsedRecord): HeaderProblem | undefined {
  let p = start;
  let node: string | undefined;
  if (bytes[p] === 0x6e /* n */ && bytes[p + 1] === 0x6f && bytes[p + 2] === 0x64 && bytes[p + 3] === 0x65 && bytes[p + 4] === EQ) {
    const sp = indexOfByte(bytes, SPACE, p + 5, end);
    if (sp < 0) return NOT_A_RECORD;
    node = nodeAt(bytes, p + 5, sp);
    p = sp + 1;
  }
  if (!(bytes[p] === T && bytes[p + 1] === Y && bytes[p + 2] === P && bytes[p + 3] === E && bytes[p + 4] === EQ)) return NOT_A_RECORD;
  // A loop, not Buffer#indexOf: type names are short, and a native call per line costs more than the scan.
  const typeEnd = indexOfByte(bytes, SPACE, p + 5, end);
  if (typeEnd < 0 || typeEnd === p + 5) return NOT_A_RECORD;
  const type = typeAt(bytes, p + 5, typeEnd);
  p = typeEnd + 1;
  const msgAt = p;
  // msg=audit(
  if (!(bytes[p] === M && bytes[p + 1] === S && bytes[p + 2] === G && bytes[p + 3] === EQ && bytes[p + 4] === 0x61 &&
    bytes[p + 5] === 0x75 && bytes[p + 6] === 0x64 && bytes[p + 7] === 0x69 && bytes[p + 8] === T && bytes[p + 9] === 0x28)) return NOT_A_RECORD;
  p += 10;
  // SEC.MILLI:SERIAL)
  let sec = 0;
  const secStart = p;
  for (let c = bytes[p] as number; c >= 48 && c <= 57 && p < end; c = bytes[++p] as number) sec = sec * 10 + (c - 48);
  if (p === secStart || p - secStart > 16 || bytes[p] !== 0x2e) return BAD_TIMESTAMP;
  let milli = 0;
  const milliStart = ++p;
  for (let c = bytes[p] as number; c >= 48 && c <= 57 && p < end; c = bytes[++p] as number) milli = milli * 10 + (c - 48);
  if (p === milliStart || milli > 999 || bytes[p] !== 0x3a) return BAD_TIMESTAMP;
  let serial = 0;
  const serialStart = ++p;
  for (let c = bytes[p] as number; c >= 48 && c <= 57 && p < end; c = bytes[++p] as number) serial = serial * 10 + (c - 48);
  if (p === serialStart || p - serialStart > 20 || bytes[p] !== 0x29 || p >= end) return BAD_TIMESTAMP;
  if (serial > Number.MAX_SAFE_INTEGER) return SERIAL_TOO_LARGE;
  const closeAt = p;
  p++;
  if (bytes[p] === 0x3a && p < end) p++;
  if (bytes[p] === SPACE && p < end) p++;
  if (nulFinder.find(bytes, p, end) >= 0) return NUL_BYTE;
  let gs = gsFinder.find(bytes, p, end);
  if (gs < 0) gs = end;
  out.bytes = bytes;
  out.start = start;
  out.end = end;
  out.body = p;
  out.gs = gs;
  out.type = type.type;
  out.typeName = type.name;
  out.node = node;
  out.sec = sec;
  out.milli = milli;
  out.serial = serial;
  out.file = file;
  out.lineNo = lineNo;
  out.ausearchReads = ausearchReadsHeader(bytes, start, end, msgAt, closeAt);
  return undefined;
}

/** ausearch-lol.c extract_timestamp reads a copy of the line's first 80 bytes (340 when it starts with 'n'). */
const AUSEARCH_LOOK = 80;
const AUSEARCH_LOOK_NODE = 340;
/** It takes the line only when its msg= field (up to the next space) has more than 18 bytes. */
const AUSEARCH_MIN_MSG_FIELD = 19;

/**
 * Whether ausearch and aureport 3.0.9 read this line (which auspex reads as a
 * record, `msg=` at msgAt, its `)` at closeAt) as the same record:
 * ausearch-lol.c extract_timestamp splits a copy of the line's first 80
 * bytes (340 when it starts with 'n'), newline included, at spaces; it drops
 * the line when the msg= field is 18 bytes or fewer (`msg=audit(1.2:3):`),
 * and reads cut numbers when the copy ends inside the time stamp (a type or
 * node name of 50 and more bytes). auspex leaves such lines out of what must
 * be their output.
 */
export function ausearchReadsHeader(bytes: Uint8Array, start: number, end: number, msgAt: number, closeAt: number): boolean {
  // Nearly every line: the look holds the whole time stamp and the msg= field is long enough.
  if (closeAt - msgAt >= AUSEARCH_MIN_MSG_FIELD - 1 && closeAt < start + AUSEARCH_LOOK) return true;
  return ausearchReadsOddHeader(bytes, start, end, msgAt, closeAt);
}

/**
 * Whether libauparse 3.0.9 (auparse.c extract_timestamp, the same rule)
 * reads a record ausearch's grouping read (ausearchReads): ausearch hands it
 * the record without its newline, so a msg= field of exactly 18 bytes that
 * ends the line, which counted 19 with the newline, is no record to it.
 * ausearch's CSV and text formats, made by libauparse, leave such records out.
 */
export function auparseReadsRecord(bytes: Uint8Array, start: number, end: number): boolean {
  const node = bytes[start] === 0x6e;
  if (end - start >= (node ? AUSEARCH_LOOK_NODE : AUSEARCH_LOOK)) return true; // the newline was past the look already
  let at = start;
  for (let tokens = node ? 2 : 1; tokens > 0; tokens--) {
    while (at < end && bytes[at] !== SPACE) at++;
    at++;
  }
  if (end - at !== AUSEARCH_MIN_MSG_FIELD - 1) return true;
  for (let i = at; i < end; i++) if (bytes[i] === SPACE) return true;
  return false;
}

function ausearchReadsOddHeader(bytes: Uint8Array, start: number, end: number, msgAt: number, closeAt: number): boolean {
  const copyEnd = Math.min(end + 1, start + (bytes[start] === 0x6e ? AUSEARCH_LOOK_NODE : AUSEARCH_LOOK));
  if (closeAt > copyEnd) return false; // the copy ends inside the numbers: another time or serial, or no msg= at all
  // The field runs from msg= to the next space, or to the copy's end (the newline counts).
  let fieldEnd = closeAt;
  while (fieldEnd < copyEnd && fieldEnd < end && bytes[fieldEnd] !== SPACE) fieldEnd++;
  if (fieldEnd === end && end < copyEnd) fieldEnd = copyEnd;
  return fieldEnd - msgAt >= AUSEARCH_MIN_MSG_FIELD;
}

const scratch = new ParsedRecord();

/**
 * Parses the line `bytes[start, end)`. The record keeps a reference to
 * `bytes`, so the caller must not reuse that memory while the record lives.
 */
export function parseRecordBytes(bytes: Buffer, start: number, end: number, file: string, lineNo: number): AuditRecord | HeaderProblem {
  const problem = parseRecordInto(bytes, start, end, file, lineNo, scratch);
  if (problem !== undefined) return problem;
  const record = scratch.toRecord();
  scratch.bytes = EMPTY; // the scratch must not keep the chunk alive
  return record;
}

/** Parses a whole buffer as one line (tests, single records). */
export function parseRecordLine(line: Buffer, source: RecordSource): AuditRecord | HeaderProblem {
  return parseRecordBytes(line, 0, line.length, source.file, source.line);
}

export function isHeaderProblem(r: AuditRecord | HeaderProblem): r is HeaderProblem {
  return !(r instanceof AuditRecord);
}
