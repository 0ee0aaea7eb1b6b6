// A whole log's bytes as events, grouped the kernel's way (as collect and
// store group them), for tests that look at what a live capture produced.
import { EventAssembler } from '../../src/events/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { RecordReader } from '../../src/format/index.js';

export function kernelEvents(log: Buffer): AuditEvent[] {
  const out: AuditEvent[] = [];
  const asm = new EventAssembler({ policy: 'kernel', timeoutSec: 2, maxInFlight: 10000, onEvent: (e) => out.push(e) });
  const r = new RecordReader({ file: 'log', onRecord: (x) => asm.push(x), onDiagnostic: () => {} });
  r.push(log);
  r.end();
  asm.flush();
  return out;
}
