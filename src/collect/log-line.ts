// A record from netlink as auditd writes it to its log (auditd-event.c
// format_raw): `[node=NAME ]type=NAME msg=audit(SEC.MS:SERIAL): body`, the
// type named as libaudit 3.0.9 names it (else UNKNOWN[n]), every newline in
// the message turned into a space and one trailing space dropped. The kernel
// sends the message without a terminating NUL; anything from a NUL on is cut,
// as auditd's `%.*s` does. Unlike auditd, a record longer than 8938 bytes is
// not truncated. Pure.
import { recordTypeLabel } from '../format/index.js';
import { FIRST_CONTROL_TYPE, LAST_CONTROL_TYPE, LOG_TYPE_NAME_EXCEPTIONS } from './log-type-names.table.js';

const exceptions = new Map<number, string | null>(LOG_TYPE_NAME_EXCEPTIONS);

/** The name auditd 3.0.9 writes for a record type number. */
export function logTypeName(type: number): string {
  if (type >= FIRST_CONTROL_TYPE && type <= LAST_CONTROL_TYPE && type !== 1005 && type !== 1006) return `UNKNOWN[${type}]`;
  const e = exceptions.get(type);
  if (e === null) return `UNKNOWN[${type}]`;
  return e ?? recordTypeLabel(type);
}

/** Message types the kernel sends on the audit socket that are not records (auditd skips them too). */
export function isRecordType(type: number): boolean {
  if (type < 1100) return type === 1005 || type === 1006 || type === 1020; // USER, LOGIN, CONTAINER_OP
  if (type >= 1200 && type <= 1299) return false; // daemon messages come from daemons, not the kernel
  return type !== 1329; // REPLACE: the kernel probing whether the daemon is alive
}

const prefixes = new Map<number, Buffer>();

function prefixFor(type: number): Buffer {
  let p = prefixes.get(type);
  if (p === undefined) {
    p = Buffer.from(`type=${logTypeName(type)} msg=`, 'latin1');
    if (prefixes.size < 4096) prefixes.set(type, p);
  }
  return p;
}

/**
 * Appends the log line (with its '\n') for one netlink record to `out` at
 * `at`; returns the new end, or -1 when `out` is too small. `payload` is
 * bytes [start, end) of `src`.
 */
export function writeLogLine(out: Buffer, at: number, node: Buffer | undefined, type: number, src: Uint8Array, start: number, end: number): number {
  const prefix = prefixFor(type);
  const need = (node === undefined ? 0 : node.length) + prefix.length + (end - start) + 1;
  if (at + need > out.length) return -1;
  let p = at;
  if (node !== undefined) p += node.copy(out, p);
  p += prefix.copy(out, p);
  const bodyAt = p;
  out.set(src.subarray(start, end), p);
  let stop = p + (end - start);
  // One pass: cut at a NUL, newlines become spaces.
  for (let i = bodyAt; i < stop; i++) {
    const c = out[i] as number;
    if (c === 10) out[i] = 0x20;
    else if (c === 0) stop = i;
  }
  p = stop;
  if (p > bodyAt && out[p - 1] === 0x20) p--;
  out[p++] = 10;
  return p;
}

/** `node=NAME ` as auditd prefixes it when name_format is not none. */
export function nodePrefix(name: string | undefined): Buffer | undefined {
  return name === undefined ? undefined : Buffer.from(`node=${name} `, 'latin1');
}
