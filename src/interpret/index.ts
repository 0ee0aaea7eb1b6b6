// interpret/: field values as `ausearch -i` (auditd 3.0.9) prints them, and
// whole records as it prints them, plus io_uring op names. Pure: host names
// (passwd, group, protocols) come in through injected readers.
export { createFieldInterpreter, createInterpretedFormatter } from './interpreter.js';
export type { FieldContext, FieldInterpreter, InterpretedFormatter, InterpretOptions, NamedValue } from './interpreter.js';
export type { EventStamp, InterpretableRecord } from './record-format.js';
export { escapeText } from './escape.js';
export type { EscapeMode } from './escape.js';
export { OutputBuffer } from './output-buffer.js';
export { createFileProtocolDb, createFileUserDb, createSysfsInterfaceDb, NO_INTERFACES, NO_PROTOCOLS, NO_USERS, parseIdFile, parseProtocols } from './host-names.js';
export type { InterfaceDb, ProtocolDb, ReadTextFile, UserDb } from './host-names.js';
export { fieldKind } from './field-kind.js';
export type { FieldKind } from './field-kind.js';
export { uringOpName } from './names.js';
