// ausearch's default output: `----`, `time->` and ctime of the event, then its
// records last to first (ausearch prints "lifo"), each with control bytes
// escaped. An event whose last record is a daemon message (1200..1299) prints
// only that record, unescaped, as ausearch 3.0.9 does.
import type { AuditEvent } from '../events/index.js';
import { RecordType } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';
import { createCtimeFormatter } from './local-time.js';
import { escapeForTerminal, needsEscape } from './terminal-escape.js';
import type { EscapeMode } from './terminal-escape.js';
import type { EventFormatter, TextSink } from './text-sink.js';

const NEWLINE = Uint8Array.of(0x0a);

/** The record as logged (its ENRICHED tail left out) and a newline, straight from its bytes. */
function writeText(r: AuditRecord, out: TextSink): void {
  const b = r.buffer;
  const end = r.messageEndAt;
  if (end === r.lineEndAt && b[end] === 0x0a) out.writeBytes(b, r.lineStartAt, end + 1); // its own newline: one copy
  else {
    out.writeBytes(b, r.lineStartAt, end);
    out.writeBytes(NEWLINE);
  }
}

export function createDefaultFormatter(escape: EscapeMode): EventFormatter<AuditEvent> {
  const ctime = createCtimeFormatter();
  return (event, out) => {
    const records = event.records;
    out.write(`----\ntime->${ctime(event.sec)}\n`);
    const last = records[records.length - 1];
    if (last === undefined) return;
    if (last.type >= RecordType.DAEMON_START && last.type < RecordType.SYSCALL) {
      writeText(last, out);
      return;
    }
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i] as AuditRecord;
      // Most records hold nothing to escape: their bytes go out as they are.
      if (!needsEscape(r.buffer, r.lineStartAt, r.messageEndAt, escape)) writeText(r, out);
      else out.write(`${escapeForTerminal(r.text, escape)}\n`);
    }
  };
}
