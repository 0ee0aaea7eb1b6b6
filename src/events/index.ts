// events/: records grouped into events. Pure: time enters as record timestamps.
export type { AuditEvent } from './event.js';
export { EventAssembler, eventKey, standsAloneAusearch } from './event-assembler.js';
export type { AssemblerOptions, AssemblerTotals, AssemblyPhase, AssemblyPolicy, PushOutcome } from './event-assembler.js';
// The order-kept queue the assembler uses, for readers that group records their own way.
export { SortedQueue } from './sorted-queue.js';
