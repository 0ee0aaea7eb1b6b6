// What ausearch's formatters carry from one printed event to the next, seen
// from outside (a parallel search's chunks start with fresh formatters):
// - -i prints a0/a1 of the last SYSCALL record it printed into later
//   records (output/interpret-format.ts, interpret/record-format.ts);
// - --format csv/text join a relative file name to the event's cwd through
//   auparse's path normaliser, which returns what the previous call left in
//   its buffer when the joined path has no component but `.`, `..` and `/`
//   (normalize/path-norm.ts, au-cursor.ts).
// Both tests err on the safe side: 'maybe' and `true` cost a re-print or a
// sequential run, never a wrong byte.
import type { AuditEvent } from '../events/index.js';
import { RecordType } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';

/**
 * Whether printing `event` with -i leaves the SYSCALL arguments it carries to
 * later events set by this event alone: 'yes' when the record printed last
 * among those that can set them is a SYSCALL record, 'maybe' when one with an
 * odd spelling of type 1300 might set them, 'no' when none can. Records print
 * last to first, and an event whose last record is a daemon message prints
 * only that record (output/interpret-format.ts).
 */
export function setsSyscallArgs(event: AuditEvent): 'yes' | 'maybe' | 'no' {
  const records = event.records;
  const last = records[records.length - 1];
  if (last === undefined) return 'no';
  const onlyLast = last.type >= RecordType.DAEMON_START && last.type < RecordType.SYSCALL;
  // Index 0 prints last: the first record that can set the arguments, from 0 up, decides.
  for (let i = onlyLast ? records.length - 1 : 0; i < records.length; i++) {
    const r = records[i] as AuditRecord;
    if (r.typeName === 'SYSCALL') return 'yes';
    if (r.type === RecordType.SYSCALL || r.typeName.includes('1300')) return 'maybe';
  }
  return 'no';
}

const HEX = /^[0-9A-Fa-f]+$/;
const DOTS_AND_SLASHES = /^[./]*$/;

/** A value as auparse's print_escaped reads it (hex-decoded, unquoted); undefined when unsure. */
function unescaped(v: string): string | undefined {
  if (v.charCodeAt(0) === 34) {
    const close = v.indexOf('"', 1);
    return close < 0 ? ' ' : v.slice(1, close);
  }
  if (!HEX.test(v)) return v;
  if (v.length % 2 !== 0) return undefined;
  let out = '';
  for (let i = v.startsWith('00') ? 2 : 0; i < v.length; i += 2) {
    const c = parseInt(v.slice(i, i + 2), 16);
    if (c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

/** The values of fields whose name ends in `key` (`name=`, `cwd=`), as logged. */
function valuesOf(text: string, key: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
    const from = at + key.length;
    let to = from;
    while (to < text.length && text.charCodeAt(to) !== 32 && text.charCodeAt(to) !== 0x1d) to++;
    out.push(text.slice(from, to));
  }
  return out;
}

/**
 * Whether printing `event` with --format csv/text may read the path
 * normaliser's buffer as an earlier event left it: the event has a cwd, and
 * some file name joined to it (or an absolute one with `..`) may have no
 * component but `.`, `..` and `/`.
 */
export function mayReadPathState(event: AuditEvent): boolean {
  let cwdSeen = false;
  let cwdBare = false;
  for (const r of event.records) {
    if (r.type !== RecordType.CWD) continue;
    for (const v of valuesOf(r.text, 'cwd=')) {
      cwdSeen = true;
      const cwd = unescaped(v);
      if (cwd === undefined || DOTS_AND_SLASHES.test(cwd)) cwdBare = true;
    }
  }
  if (!cwdSeen) return false; // no cwd: auparse never normalises
  for (const r of event.records) {
    for (const v of valuesOf(r.text, 'name=')) {
      const path = unescaped(v);
      if (path === undefined) return true;
      if (!DOTS_AND_SLASHES.test(path)) continue;
      if (path.charCodeAt(0) === 47 ? path.includes('..') : cwdBare) return true;
    }
  }
  return false;
}
