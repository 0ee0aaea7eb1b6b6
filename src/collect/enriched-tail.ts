// The ENRICHED part auditd 3.0.9 appends to a record (auditd-event.c
// format_enrich): 0x1D, then for each field that auparse types as a uid or
// gid `NAME="value"` (hex when the value needs encoding), and for syscall,
// arch and sockaddr fields `NAME=value` as is; names upper-cased, fields in
// record order, values interpreted with raw escaping. Within auditd's buffer
// (MAX_AUDIT_MESSAGE_LENGTH + HOST_NAME_MAX): a field that does not fit is
// left out, nothing is added once fewer than 24 bytes remain.
import type { FieldInterpreter } from '../interpret/index.js';
import { fieldKind } from '../interpret/index.js';
import type { AuditRecord } from '../format/index.js';
import { parseFields } from '../format/index.js';

const FORMAT_BUF_LEN = 8970 + 255;
const MIN_SPACE_LEFT = 24;
const GS = '\x1d';
const SYSCALL = 1300;

function needsEncoding(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x22 || c < 0x21 || c > 0x7e) return true;
  }
  return false;
}

/** libaudit's audit_encode_nv_string: NAME="value", or NAME=HEX of the value's bytes. */
function encodeNv(name: string, value: string): string {
  return needsEncoding(value) ? `${name}=${Buffer.from(value, 'latin1').toString('hex').toUpperCase()}` : `${name}="${value}"`;
}

export class EnrichedTail {
  readonly #interpreter: FieldInterpreter;

  constructor(interpreter: FieldInterpreter) {
    this.#interpreter = interpreter;
  }

  /** The tail for a record (0x1D included), or undefined when auditd would add none. */
  tailFor(record: AuditRecord): string | undefined {
    let left = FORMAT_BUF_LEN - record.messageEnd;
    if (left <= MIN_SPACE_LEFT) return undefined;
    const fields = parseFields(record.body, record.type);
    let arch: string | undefined;
    let syscall: string | undefined;
    for (const f of fields) {
      if (f.name === 'arch' && arch === undefined) arch = f.value;
      else if (f.name === 'syscall' && syscall === undefined) syscall = f.value;
    }
    const context = { ...(arch === undefined ? {} : { arch }), ...(syscall === undefined ? {} : { syscall }) };
    let out = '';
    for (const f of fields) {
      if (left <= MIN_SPACE_LEFT) break;
      const kind = fieldKind(record.type, f.name, f.value);
      if (kind !== 'uid' && kind !== 'gid' && kind !== 'syscall' && kind !== 'arch' && kind !== 'sockaddr') continue;
      if (out.length === 0) left--; // the separator
      const name = f.name.toUpperCase();
      // auparse keeps a record's syscall number only for SYSCALL records, so in
      // any other (SECCOMP) auditd 3.0.9 writes `SYSCALL=unknown-syscall(-1)`.
      const value = kind === 'syscall' && record.type !== SYSCALL ? 'unknown-syscall(-1)' : this.#interpreter.interpretField(record.type, f.name, f.value, context);
      const text = kind === 'uid' || kind === 'gid' ? encodeNv(name, value) : `${name}=${value}`;
      if (text.length + 2 >= left) continue;
      out += out.length === 0 ? text : ` ${text}`;
      left -= out.length === text.length ? text.length : text.length + 1;
    }
    return out.length === 0 ? undefined : `${GS}${out}`;
  }
}
