// output/: events formatted for a medium (ausearch raw and default text, JSON
// lines, CSV), each with the escaping its medium needs. Pure.
export { formatRawEvent } from './raw-format.js';
export { createDefaultFormatter } from './default-format.js';
export { escapeForTerminal, needsEscape } from './terminal-escape.js';
export type { EscapeMode } from './terminal-escape.js';
export { createCtimeFormatter, createDateTimeFormatter } from './local-time.js';
export { asciiJson, createJsonFormatter, eventToJson, jsonEventText, utf8Text } from './json-format.js';
export type { JsonEvent, JsonRecord, RecordInterpreter } from './json-format.js';
export { StringSink } from './text-sink.js';
export type { EventFormatter, TextSink } from './text-sink.js';
export { createInterpretFormatter } from './interpret-format.js';
export { createCsvFormatter, csvHeader, escapeCsvCell } from './csv-format.js';
export type { CsvExtraColumns, CsvFormatOptions, NormalizedFormatOptions } from './csv-format.js';
export { createTextFormatter } from './text-format.js';
