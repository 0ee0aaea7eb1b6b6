// An audit event: the records the kernel (or a user-space sender) logged under
// one (node, time, serial), in the order they arrived.
import type { AuditRecord } from '../format/index.js';

export interface AuditEvent {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  /** The records in arrival order; never empty. */
  readonly records: readonly AuditRecord[];
  /** True when any record carries an ENRICHED tail. */
  readonly enriched: boolean;
}
