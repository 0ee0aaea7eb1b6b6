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
export { libauditTypeName, libauditTypeNumber } from './libaudit-types.js';
export { LIBAUDIT_RECORD_TYPES } from './libaudit-types.gen.js';
export { LineSplitter } from './line-splitter.js';
export type { LineHandler } from './line-splitter.js';
export { ParsedRecord, auparseReadsRecord, ausearchReadsHeader, parseRecordBytes, parseRecordInto, parseRecordLine, isHeaderProblem } from './record-parser.js';
export type { HeaderProblem } from './record-parser.js';
export { RecordReader, DEFAULT_MAX_LINE_BYTES } from './record-reader.js';
export { NeedleFinder } from './needle-finder.js';
export type { RecordReaderOptions, RecordReaderTotals } from './record-reader.js';
export { excerptOf, formatDiagnostic } from './diagnostics.js';
export type { Diagnostic, FormatProblem } from './diagnostics.js';
export { parseFields, decodeHex, decodeStringValue, hexDigit, valueForm } from './fields.js';
export type { Field, ValueForm } from './fields.js';
export { joinExecveArgs } from './execve.js';
export type { ExecveArgs } from './execve.js';
export { indexOfByte, indexOfBytes, indexOfBytesNear, latin1Needle } from './byte-search.js';
export { InternedStrings } from './interned-strings.js';
export { parseIdLine } from './id-file-line.js';
export type { IdLine } from './id-file-line.js';
