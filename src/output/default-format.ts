// ausearch's default output: `----`, `time->` and ctime of the event, then its
// records last to first (ausearch prints "lifo"), each with control bytes
// escaped. An event whose last record is a daemon message (1200..1299) prints
// only that record, unescaped, as ausearch 3.0.9 does.
import type { AuditEvent } from '../events/index.js';
import { RecordType } from '../format/index.js';
import { createCtimeFormatter } from './local-time.js';
import { escapeForTerminal } from './terminal-escape.js';
import type { EscapeMode } from './terminal-escape.js';
import type { EventFormatter } from './text-sink.js';

export function createDefaultFormatter(escape: EscapeMode): EventFormatter<AuditEvent> {
  const ctime = createCtimeFormatter();
  return (event, out) => {
    const records = event.records;
    out.write(`----\ntime->${ctime(event.sec)}\n`);
    const last = records[records.length - 1];
    if (last === undefined) return;
    if (last.type >= RecordType.DAEMON_START && last.type < RecordType.SYSCALL) {
      out.write(`${last.text}\n`);
      return;
    }
    for (let i = records.length - 1; i >= 0; i--) out.write(`${escapeForTerminal((records[i] as (typeof records)[number]).text, escape)}\n`);
  };
}
