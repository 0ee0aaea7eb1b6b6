// Field values read from record bytes for the typed columns: decimal and hex
// numbers, and text — untrusted strings (exe, comm, key) unquoted or
// hex-decoded — copied as UTF-8 bytes, as the JSON output reads them (bytes
// that are not UTF-8 become U+FFFD here; `raw` keeps them exactly).
import { Buffer, isUtf8 } from 'node:buffer';
import { hexDigit } from '../format/index.js';
import type { ByteArena } from './batch.js';

const QUOTE = 0x22;

/** A decimal integer (optionally negative) in [s, e), or NaN; at most 19 digits. */
export function decimalAt(b: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  if (i >= e || e - i > 19) return Number.NaN;
  let v = 0;
  for (; i < e; i++) {
    const c = b[i] as number;
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** A hex integer in [s, e) of at most 8 digits (arch=), or NaN. */
export function hex32At(b: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 8) return Number.NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = hexDigit(b[i] as number);
    if (d < 0) return Number.NaN;
    v = v * 16 + d;
  }
  return v;
}

/**
 * A field's value as text in arena entry `row`: double quotes removed, an
 * untrusted string's upper-case hex decoded, `(null)` (and `none`, e.g. `?`)
 * as NULL. Bytes are copied, never made a JS string; text that is not UTF-8
 * (DuckDB's text must be) gets U+FFFD for the bad bytes.
 */
export function putFieldText(arena: ByteArena, row: number, b: Buffer, s: number, e: number, untrusted: boolean, none?: string): void {
  let from = s;
  let to = e;
  if (to - from === 6 && b[from] === 0x28 && b.toString('latin1', from, to) === '(null)') {
    arena.setNull(row);
    return;
  }
  if (none !== undefined && to - from === none.length && b.toString('latin1', from, to) === none) {
    arena.setNull(row);
    return;
  }
  arena.begin(row);
  let high = false;
  if (to - from >= 2 && b[from] === QUOTE && b[to - 1] === QUOTE) {
    from++;
    to--;
  } else if (untrusted && isHex(b, from, to)) {
    for (let i = from; i < to; i += 2) {
      const byte = hexDigit(b[i] as number) * 16 + hexDigit(b[i + 1] as number);
      if (byte > 0x7f) high = true;
      arena.appendByte(row, byte);
    }
    if (high) keepUtf8(arena, row);
    return;
  }
  for (let i = from; i < to; i++) {
    if ((b[i] as number) > 0x7f) {
      high = true;
      break;
    }
  }
  arena.append(row, b, from, to);
  if (high) keepUtf8(arena, row);
}

function isHex(b: Buffer, s: number, e: number): boolean {
  if (e === s || (e - s) % 2 !== 0) return false;
  for (let i = s; i < e; i++) if (hexDigit(b[i] as number) < 0) return false;
  return true;
}

function keepUtf8(arena: ByteArena, row: number): void {
  const bytes = arena.get(row) as Uint8Array;
  if (isUtf8(bytes)) return;
  const text = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8');
  arena.setBytes(row, text);
}
