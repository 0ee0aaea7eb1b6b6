// events/: records grouped into events. Pure: time enters as record timestamps.
export type { AuditEvent } from './event.js';
export { EventAssembler } from './event-assembler.js';
export type { AssemblerOptions, AssemblerTotals, AssemblyPolicy } from './event-assembler.js';
