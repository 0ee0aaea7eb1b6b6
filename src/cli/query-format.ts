// Values of a query result as table cells and as JSON. Cells are safe on a
// terminal: control characters (C0, DEL, C1) become \xNN, so text from the
// logs cannot move the cursor or forge lines. JSON keeps values as typed
// (64-bit integers beyond 2^53 as strings, bytes as hex, times in ISO 8601).
import type { SqlValue } from '../store/index.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function plain(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString().replace('T', ' ').replace('Z', '');
  if (v instanceof Uint8Array) return `\\x${hex(v)}`;
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? x : plain(x))).join(', ')}]`;
  return JSON.stringify(jsonValue(v));
}

/** A value as one table cell, escaped for a terminal. */
export function formatCell(v: SqlValue): string {
  return plain(v).replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function padCell(cell: string, width: number, right: boolean): string {
  return right ? cell.padStart(width) : cell.padEnd(width);
}

/** A value for JSON.stringify. */
export function jsonValue(v: SqlValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return hex(v);
  if (Array.isArray(v)) return v.map((x: SqlValue) => jsonValue(x));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = jsonValue(x as SqlValue);
  return out;
}
