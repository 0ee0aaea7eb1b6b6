// Where the -i formatter finds a record's bytes and the parentheses of its
// time stamp, as ausearch does on its C string: the record's own buffer when
// it gives one (no view, no NUL to look for, header offsets known from the
// parser's layout), else a view of the line cut at its first NUL.
import { Buffer } from 'node:buffer';
import { indexOfByte } from './byte-scan.js';
import type { TypeInfo } from './type-info.js';

/** What the formatter reads of a record (AuditRecord has these). */
export interface InterpretableRecord {
  /** The type as written after `type=`. */
  readonly typeName: string;
  /** The whole line without its newline (an ENRICHED tail included). */
  readonly line: Buffer;
  /** Offset in `line` of the ENRICHED 0x1D separator, else line.length. */
  readonly messageEnd: number;
  /** The ENRICHED tail after 0x1D, if any. */
  readonly interp: string | undefined;
  /**
   * Optional, so no view is made per record: the buffer `line` lies in and
   * absolute offsets in it. A record that gives them promises no NUL byte
   * in its line outside its node and type names (AuditRecord: the parser
   * refuses such lines).
   */
  readonly buffer?: Buffer;
  readonly lineStartAt?: number;
  readonly messageEndAt?: number;
  readonly node?: string | undefined;
  /**
   * Optional with the above: where the body starts, after a header written
   * as `[node=NODE ]type=TYPE msg=audit(SEC.MILLI:SERIAL)`, an optional `:`
   * and an optional space (AuditRecord's), so the header need not be scanned.
   */
  readonly bodyAt?: number;
}

/** Filled by locateRecord (one reused object: nothing is made per record). */
export interface RecordBytes {
  bytes: Buffer;
  /** The line's first byte, and the end of what ausearch reads (the ENRICHED separator or a NUL). */
  start: number;
  end: number;
  /** Where the type name starts (past `node=NAME `, when the event has a node). */
  typeAt: number;
  /** The time stamp's `(` and `)`; -1 where ausearch finds none (and prints nothing). */
  lparen: number;
  rparen: number;
  /** Where SYSCALL's argument scan looks for `arch=` from. */
  archFrom: number;
}

export function newRecordBytes(): RecordBytes {
  return { bytes: Buffer.alloc(0), start: 0, end: 0, typeAt: 0, lparen: -1, rparen: -1, archFrom: 0 };
}

/** Fills `into` for `record` of type `type`; `eventNode` is the event's node (ausearch skips the first word when there is one). */
export function locateRecord(record: InterpretableRecord, type: TypeInfo, eventNode: string | undefined, into: RecordBytes): void {
  const buffer = record.buffer;
  const lineStart = record.lineStartAt;
  const messageEnd = record.messageEndAt;
  const node = record.node;
  let b: Buffer;
  let ls: number;
  let end: number;
  let own = false;
  if (buffer !== undefined && lineStart !== undefined && messageEnd !== undefined && !type.nul && (node === undefined || node.indexOf('\0') < 0)) {
    // The usual way: the record's own bytes, with no NUL to look for.
    b = buffer;
    ls = lineStart;
    end = messageEnd;
    own = true;
  } else {
    b = record.line;
    ls = 0;
    end = record.messageEnd;
    // A NUL ends the C string ausearch works on.
    const nul = b.indexOf(0);
    if (nul >= 0 && nul < end) end = nul;
  }
  into.bytes = b;
  into.start = ls;
  into.end = end;
  let lparen = -1;
  let rparen = -1;
  const bodyAt = record.bodyAt;
  if (own && bodyAt !== undefined && !type.paren && (node === undefined || node.indexOf('(') < 0)) {
    // The parser's header, [node=NODE ]type=TYPE msg=audit(DIGITS.DIGITS:DIGITS)[:][ ]:
    // with no '(' in NODE or TYPE the first '(' is audit's and the first ')'
    // after it is just before the body.
    const lp = ls + (node === undefined ? 0 : node.length + 6) + record.typeName.length + 15;
    let rp = bodyAt - 1;
    if (b[rp] === 32) rp--;
    if (b[rp] === 58) rp--;
    if (b[lp] === 40 && b[rp] === 41 && lp < rp) {
      lparen = lp;
      rparen = rp;
    }
  }
  let pos = ls;
  if (lparen < 0 || type.head === undefined) {
    if (eventNode !== undefined) {
      const sp = indexOfByte(b, 32, ls, end);
      if (sp >= 0) pos = sp + 1;
    }
    if (lparen < 0) lparen = indexOfByte(b, 40, pos, end);
    if (lparen >= 0 && rparen < 0) rparen = indexOfByte(b, 41, lparen + 1, end);
  }
  into.typeAt = pos;
  into.lparen = lparen;
  into.rparen = rparen;
  // `arch=` cannot stand in the parser's header unless the node or type name holds it.
  into.archFrom = own && !type.arch && (node === undefined || node.indexOf('arch=') < 0) ? rparen + 1 : ls;
}
