// events/: records grouped into events. Pure: time enters as record timestamps.
export type { AuditEvent } from './event.js';
