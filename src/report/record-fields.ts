// Field values of single records for auspex's own reports (io_uring, BPF,
// container), read with format/'s tokenizer: ausearch's parsers know nothing
// of URINGOP or BPF records. The first field of a name wins.
import type { AuditEvent } from '../events/index.js';
import type { AuditRecord } from '../format/index.js';
import { decodeStringValue, parseFields } from '../format/index.js';

export type RecordFields = ReadonlyMap<string, string>;

export function fieldsOf(record: AuditRecord): RecordFields {
  const out = new Map<string, string>();
  for (const f of parseFields(record.body, record.type)) if (!out.has(f.name)) out.set(f.name, f.value);
  return out;
}

/** A decimal (or -decimal) field; undefined when missing or not a number. */
export function numberField(fields: RecordFields, name: string): number | undefined {
  const v = fields.get(name);
  if (v === undefined || !/^-?\d{1,19}$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** An untrusted string field as text (quotes removed, hex decoded); `(null)` stays. */
export function textField(fields: RecordFields, name: string): string | undefined {
  const v = fields.get(name);
  return v === undefined ? undefined : decodeStringValue(v);
}

/** The task a SYSCALL record describes: who ran what. */
export interface Task {
  readonly pid: number | undefined;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  readonly euid: number | undefined;
  readonly auid: number | undefined;
  readonly exe: string | undefined;
  readonly comm: string | undefined;
}

export function taskOf(fields: RecordFields): Task {
  return {
    pid: numberField(fields, 'pid'),
    uid: numberField(fields, 'uid'),
    gid: numberField(fields, 'gid'),
    euid: numberField(fields, 'euid'),
    auid: numberField(fields, 'auid'),
    exe: textField(fields, 'exe'),
    comm: textField(fields, 'comm'),
  };
}

/** The event's SYSCALL record, if it has one. */
export function syscallRecordOf(event: AuditEvent): AuditRecord | undefined {
  return event.records.find((r) => r.typeName === 'SYSCALL');
}
