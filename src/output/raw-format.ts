// `ausearch --raw`: every record of the event exactly as it was logged
// (ENRICHED tails included), in arrival order.
import type { AuditEvent } from '../events/index.js';

export function formatRawEvent(event: AuditEvent): string {
  let out = '';
  for (const r of event.records) {
    out += r.line.toString('latin1');
    // ausearch 3.0.9 puts the 0x1D separator back on every record of an
    // ENRICHED event, so a record that had no tail (PROCTITLE, BPRM_FCAPS...)
    // is printed with an empty one. Kept for byte-identical output; readers
    // of the result see an empty tail, which is what it was.
    if (event.enriched && !r.enriched) out += '\x1d';
    out += '\n';
  }
  return out;
}
