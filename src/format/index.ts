// format/: records out of audit log bytes. Pure: no I/O, no clock.
export { AuditRecord } from './record.js';
export type { RecordSource } from './record.js';
export {
  RecordType,
  UNKNOWN_TYPE,
  allRecordTypes,
  recordTypeLabel,
  recordTypeName,
  recordTypeNumber,
} from './record-types.js';
