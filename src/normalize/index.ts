// normalize/: libauparse 3.0.9's event normaliser (who did what to which
// object, how, with what result), over the events auparse itself makes of
// ausearch's events. Behind `ausearch --format csv` and `--format text`. Pure.
export { Normalizer } from './normalizer.js';
export { UNSET } from './normalized.js';
export type { FieldLocation, Normalized, NormalizeOption } from './normalized.js';
export type { AuEvent } from './au-event.js';
export type { AuCursor } from './au-cursor.js';
export type { FieldInterpreter, FieldKindTag, FieldRecordContext } from './field-interpreter.js';
export { createAuparseInterpreter } from './auparse-interpreter.js';
export type { AuparseInterpretOptions } from './auparse-interpreter.js';
