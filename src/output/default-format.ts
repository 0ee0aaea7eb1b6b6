// ausearch's default output: `----`, `time->` and ctime of the event, then its
// records last to first (ausearch prints "lifo"), each with control bytes
// escaped. An event whose last record is a daemon message (1200..1299) prints
// only that record, unescaped, as ausearch 3.0.9 does.
import type { AuditEvent } from '../events/index.js';
import { RecordType } from '../format/index.js';
import { createCtimeFormatter } from './local-time.js';
import { escapeForTerminal } from './terminal-escape.js';
import type { EscapeMode } from './terminal-escape.js';

export function createDefaultFormatter(escape: EscapeMode): (event: AuditEvent) => string {
  const ctime = createCtimeFormatter();
  return (event) => {
    const records = event.records;
    let out = `----\ntime->${ctime(event.sec)}\n`;
    const last = records[records.length - 1];
    if (last === undefined) return out;
    if (last.type >= RecordType.DAEMON_START && last.type < RecordType.SYSCALL) return `${out}${last.text}\n`;
    for (let i = records.length - 1; i >= 0; i--) out += `${escapeForTerminal((records[i] as (typeof records)[number]).text, escape)}\n`;
    return out;
  };
}
