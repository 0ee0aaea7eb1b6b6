// events/: records grouped into events. Pure: time enters as record timestamps.
export type { AuditEvent } from './event.js';
export { EventAssembler, eventKey } from './event-assembler.js';
export type { AssemblerOptions, AssemblerTotals, AssemblyPhase, AssemblyPolicy, PushOutcome } from './event-assembler.js';
