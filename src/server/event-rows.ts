// Stored event rows as the API gives them: the typed columns as a summary
// object, and the stored record lines made back into an AuditEvent (for the
// exact search predicate, the detail view and the reports). Values from the
// log stay plain strings here; the page renders them as text.
import { Buffer } from 'node:buffer';
import { RecordReader, RecordType } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';
import type { AuditEvent } from '../events/index.js';
import { uringOpName } from '../interpret/index.js';
import type { EventColumns, EventSummary } from './api-types.js';

/** The columns of a summary row, each cast so DuckDB hands JS numbers and strings. */
export const SUMMARY_COLUMNS = [
  'seq::DOUBLE AS seq', 'epoch_ms(time)::DOUBLE AS ms', 'serial::DOUBLE AS serial', 'node', 'type', 'types', 'key', 'syscall',
  'success', 'exit::DOUBLE AS exit', 'pid', 'ppid', 'uid::DOUBLE AS uid', 'auid::DOUBLE AS auid', 'euid::DOUBLE AS euid',
  'ses::DOUBLE AS ses', 'tty', 'comm', 'exe', 'uring_op', 'container', 'bpf_prog_id::DOUBLE AS bpf_prog_id',
].join(', ');

/** What SUMMARY_COLUMNS gives, as DuckDB's JS conversion returns it. */
export interface SummaryRow extends EventColumns {
  readonly ms: number;
  readonly serial: number;
  readonly key: string | null;
}

export function eventId(ms: number, serial: number): string {
  const sec = Math.floor(ms / 1000);
  return `${sec}.${String(ms - sec * 1000).padStart(3, '0')}:${serial}`;
}

export function summaryOf(r: SummaryRow): EventSummary {
  return {
    seq: r.seq,
    id: eventId(r.ms, r.serial),
    time: new Date(r.ms).toISOString(),
    node: r.node,
    type: r.type,
    types: [...r.types],
    keys: r.key === null ? [] : r.key.split('\x01'),
    syscall: r.syscall,
    success: r.success,
    exit: r.exit,
    pid: r.pid,
    ppid: r.ppid,
    uid: r.uid,
    auid: r.auid,
    euid: r.euid,
    ses: r.ses,
    tty: r.tty,
    comm: r.comm,
    exe: r.exe,
    uring_op: r.uring_op,
    uring_op_name: r.uring_op === null ? null : uringOpName(r.uring_op) ?? null,
    container: r.container,
    bpf_prog_id: r.bpf_prog_id,
  };
}

/** The stored lines (raw_bytes when the log's bytes were not UTF-8, else raw). */
export function storedBytes(raw: string, rawBytes: Uint8Array | null): Buffer {
  return rawBytes !== null ? Buffer.from(rawBytes) : Buffer.from(raw, 'utf8');
}

/**
 * The event the stored lines hold, grouped as the store grouped it (the
 * kernel's way); the EOE line the store keeps is left out, as the assembler
 * leaves it out of events. `file` and `firstLine` name where the lines came from.
 */
export function eventFromLines(bytes: Buffer, file: string, firstLine: number): AuditEvent | undefined {
  const records: AuditRecord[] = [];
  const reader = new RecordReader({
    file,
    firstLine,
    onRecord: (r) => {
      if (r.type !== RecordType.EOE) records.push(r);
    },
    onDiagnostic: () => {},
  });
  reader.push(bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from('\n')]));
  reader.end();
  const first = records[0];
  if (first === undefined) return undefined;
  return { node: first.node, sec: first.sec, milli: first.milli, serial: first.serial, records, enriched: records.some((r) => r.enriched) };
}
