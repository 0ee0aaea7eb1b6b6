// `ausearch -i`: `----`, then the event's records last to first, each with its
// fields interpreted (interpret/ does a record). An event whose last record
// is a daemon message (1200..1299) prints only that record, as ausearch 3.0.9.
import type { AuditEvent } from '../events/index.js';
import { RecordType } from '../format/index.js';
import { createInterpretedFormatter } from '../interpret/index.js';
import type { InterpretOptions } from '../interpret/index.js';
import type { EventFormatter } from './text-sink.js';

export function createInterpretFormatter(options: InterpretOptions): EventFormatter<AuditEvent> {
  const f = createInterpretedFormatter(options);
  return (event, out) => {
    const records = event.records;
    out.write('----\n');
    const last = records[records.length - 1];
    if (last === undefined) return;
    if (last.type >= RecordType.DAEMON_START && last.type < RecordType.SYSCALL) {
      out.write(f.formatRecord(last, event));
      return;
    }
    for (let i = records.length - 1; i >= 0; i--) out.write(f.formatRecord(records[i] as AuditEvent['records'][number], event));
  };
}
