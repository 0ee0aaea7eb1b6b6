// `ausearch --raw`: every record of the event exactly as it was logged
// (ENRICHED tails included), in arrival order, copied as bytes.
import type { AuditEvent } from '../events/index.js';
import type { TextSink } from './text-sink.js';

const NEWLINE = Uint8Array.of(0x0a);
const SEPARATOR_NEWLINE = Uint8Array.of(0x1d, 0x0a);

export function formatRawEvent(event: AuditEvent, out: TextSink): void {
  const enriched = event.enriched;
  for (const r of event.records) {
    const b = r.buffer;
    const end = r.lineEndAt;
    // ausearch 3.0.9 puts the 0x1D separator back on every record of an
    // ENRICHED event, so a record that had no tail (PROCTITLE, BPRM_FCAPS...)
    // is printed with an empty one. Kept for byte-identical output; readers
    // of the result see an empty tail, which is what it was.
    if (enriched && !r.enriched) {
      out.writeBytes(b, r.lineStartAt, end);
      out.writeBytes(SEPARATOR_NEWLINE);
    } else if (b[end] === 0x0a) out.writeBytes(b, r.lineStartAt, end + 1); // the line's own newline: one copy
    else {
      out.writeBytes(b, r.lineStartAt, end);
      out.writeBytes(NEWLINE);
    }
  }
}
