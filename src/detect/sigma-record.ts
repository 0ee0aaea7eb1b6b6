// An audit event as the Sigma `auditd` log source sees it: one document per
// record, fields by their auditd names with values decoded (quotes removed,
// hex-encoded strings turned back into text, `(null)` absent), `type` the
// record type name, and the ENRICHED suffix's uppercase fields (`SYSCALL`,
// `ARCH`, `UID`...). RAW logs get `SYSCALL` and `ARCH` from the syscall tables
// so rules on syscall names work on both formats. The EXECVE records of an
// event are one document (arguments split over records joined, as execve saw
// them). Keyword searches look at the decoded field values (for EXECVE: the
// arguments and the whole command line), not at names or the header, so a
// keyword `0` is not found in every `msg=audit(...)` stamp.
import type { AuditEvent } from '../events/index.js';
import type { AuditRecord, Field } from '../format/index.js';
import { joinExecveArgs, parseFields, recordTypeName } from '../format/index.js';
import { fieldKind } from '../interpret/index.js';
import { machineOfArch, syscallName } from '../query/index.js';

export interface SigmaRecord {
  readonly type: string;
  /** Index in the event of the (first) record this document was made from. */
  readonly index: number;
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** What keyword searches look in. */
  readonly texts: readonly string[];
}

const EXECVE = 1309;
const SYSCALL = 1300;
const EOE = 1320;

function decodeValue(recordType: number, f: Field): string | undefined {
  const v = f.value;
  if (v === '(null)') return undefined;
  const kind = fieldKind(recordType, f.name, v);
  if (kind === 'escaped' || kind === 'escaped-file' || kind === 'escaped-key') {
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1);
    if (/^[0-9A-F]+$/.test(v) && v.length % 2 === 0) return Buffer.from(v, 'hex').toString('latin1');
    return v;
  }
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v;
}

function add(map: Map<string, string[]>, name: string, value: string): void {
  const list = map.get(name);
  if (list === undefined) map.set(name, [value]);
  else list.push(value);
}

function enrichedFields(record: AuditRecord, map: Map<string, string[]>): void {
  const tail = record.interp;
  if (tail === undefined) return;
  for (const f of parseFields(tail, record.type)) {
    if (map.has(f.name)) continue;
    const v = f.value.length >= 2 && f.value.startsWith('"') && f.value.endsWith('"') ? f.value.slice(1, -1) : f.value;
    add(map, f.name, v);
  }
}

/** SYSCALL / ARCH names for a RAW SYSCALL record (ENRICHED records carry them). */
function syscallNames(map: Map<string, string[]>): void {
  if (map.has('SYSCALL')) return;
  const arch = map.get('arch')?.[0];
  const nr = map.get('syscall')?.[0];
  if (arch === undefined || nr === undefined || !/^[0-9a-fA-F]+$/.test(arch) || !/^\d+$/.test(nr)) return;
  const machine = machineOfArch(parseInt(arch, 16));
  if (machine === undefined) return;
  const name = syscallName(Number(nr), machine);
  if (name !== undefined) add(map, 'SYSCALL', name);
  if (!map.has('ARCH')) add(map, 'ARCH', machine);
}

function typeNameOf(record: AuditRecord): string {
  if (!record.typeName.startsWith('UNKNOWN[')) return record.typeName;
  return recordTypeName(record.type) ?? record.typeName;
}

function recordDocument(record: AuditRecord, index: number): SigmaRecord {
  const map = new Map<string, string[]>();
  const texts: string[] = [];
  for (const f of parseFields(record.body, record.type)) {
    const v = decodeValue(record.type, f);
    if (v === undefined) continue;
    add(map, f.name, v);
    texts.push(v);
  }
  enrichedFields(record, map);
  if (record.type === SYSCALL) syscallNames(map);
  const type = typeNameOf(record);
  map.set('type', [type]);
  return { type, index, fields: map, texts };
}

function execveDocument(records: readonly AuditRecord[], index: number): SigmaRecord {
  const fieldLists = records.map((r) => parseFields(r.body, r.type));
  const args = joinExecveArgs(fieldLists);
  const map = new Map<string, string[]>();
  map.set('type', ['EXECVE']);
  if (args.argc !== undefined) map.set('argc', [String(args.argc)]);
  args.argv.forEach((a, i) => map.set(`a${i}`, [a]));
  for (const r of records) enrichedFields(r, map);
  return { type: 'EXECVE', index, fields: map, texts: [...args.argv, args.argv.join(' ')] };
}

/** The event's Sigma documents, in record order. */
export function sigmaRecords(event: AuditEvent): SigmaRecord[] {
  const out: SigmaRecord[] = [];
  const execve: AuditRecord[] = [];
  let execveAt = -1;
  event.records.forEach((r, i) => {
    if (r.type === EOE) return;
    if (r.type === EXECVE) {
      if (execveAt < 0) execveAt = out.length;
      execve.push(r);
      if (execve.length === 1) out.push({ type: 'EXECVE', index: i, fields: new Map(), texts: [] });
      return;
    }
    out.push(recordDocument(r, i));
  });
  if (execveAt >= 0) out[execveAt] = execveDocument(execve, (out[execveAt] as SigmaRecord).index);
  return out;
}
