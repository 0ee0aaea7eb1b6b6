// Parses one log line into an AuditRecord: the optional `node=NAME ` prefix,
// `type=NAME `, `msg=audit(SEC.MILLI:SERIAL): `, then the body and an optional
// ENRICHED tail after 0x1D. Works on bytes; only the type name and node become
// strings. A line that is not a record comes back as a HeaderProblem value.
import type { Buffer } from 'node:buffer';
import { AuditRecord } from './record.js';
import type { RecordSource } from './record.js';
import { recordTypeNumber } from './record-types.js';
import type { FormatProblem } from './diagnostics.js';

export interface HeaderProblem {
  readonly problem: FormatProblem;
  readonly message: string;
}

const GS = 0x1d; // ENRICHED separator (AUDIT_INTERP_SEPARATOR)
const SPACE = 0x20;

const NOT_A_RECORD: HeaderProblem = { problem: 'E_RECORD_HEADER', message: "not an audit record (no 'type=... msg=audit(')" };
const BAD_TIMESTAMP: HeaderProblem = { problem: 'E_RECORD_HEADER', message: 'malformed time stamp in msg=audit(...)' };
const NUL_BYTE: HeaderProblem = { problem: 'E_BINARY', message: 'binary data (NUL byte) in line' };

// Interned type names: the same few dozen names repeat on every line.
const typeNames = new Map<string, number>();

function startsWithAt(line: Buffer, at: number, ascii: string): boolean {
  if (at + ascii.length > line.length) return false;
  for (let i = 0; i < ascii.length; i++) {
    if (line[at + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

/** Reads decimal digits at `at`; returns [value, end] or undefined if there are none. */
function readDecimal(line: Buffer, at: number, maxDigits: number): [number, number] | undefined {
  let value = 0;
  let i = at;
  const end = Math.min(line.length, at + maxDigits);
  while (i < end) {
    const c = line[i] as number;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  return i === at ? undefined : [value, i];
}

export function parseRecordLine(line: Buffer, source: RecordSource): AuditRecord | HeaderProblem {
  let p = 0;
  let node: string | undefined;
  if (startsWithAt(line, 0, 'node=')) {
    const sp = line.indexOf(SPACE, 5);
    if (sp < 0) return NOT_A_RECORD;
    node = line.toString('latin1', 5, sp);
    p = sp + 1;
  }
  if (!startsWithAt(line, p, 'type=')) return NOT_A_RECORD;
  const typeEnd = line.indexOf(SPACE, p + 5);
  if (typeEnd < 0 || typeEnd === p + 5) return NOT_A_RECORD;
  const typeName = line.toString('latin1', p + 5, typeEnd);
  let type = typeNames.get(typeName);
  if (type === undefined) {
    type = recordTypeNumber(typeName);
    if (typeNames.size < 4096) typeNames.set(typeName, type);
  }
  p = typeEnd + 1;
  if (!startsWithAt(line, p, 'msg=audit(')) return NOT_A_RECORD;
  p += 10;
  const sec = readDecimal(line, p, 16);
  if (sec === undefined || line[sec[1]] !== 0x2e /* . */) return BAD_TIMESTAMP;
  const milli = readDecimal(line, sec[1] + 1, 9);
  if (milli === undefined || milli[0] > 999 || line[milli[1]] !== 0x3a /* : */) return BAD_TIMESTAMP;
  const serial = readDecimal(line, milli[1] + 1, 20);
  if (serial === undefined || line[serial[1]] !== 0x29 /* ) */) return BAD_TIMESTAMP;
  p = serial[1] + 1;
  if (line[p] === 0x3a /* : */) p++;
  if (line[p] === SPACE) p++;
  if (line.indexOf(0, p) >= 0) return NUL_BYTE;
  const gs = line.indexOf(GS, p);
  return new AuditRecord(line, type, typeName, node, sec[0], milli[0], serial[0], p, gs < 0 ? line.length : gs, source);
}

export function isHeaderProblem(r: AuditRecord | HeaderProblem): r is HeaderProblem {
  return !(r instanceof AuditRecord);
}
