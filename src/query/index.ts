// query/: `auspex search` criteria with ausearch 3.0.9's options and meaning,
// compiled to an event predicate. Pure: the clock, time zone, boot time and
// user database come in as data.
export { parseSearchArgs } from './parse-args.js';
export type { SearchArgsEnv } from './parse-args.js';
export { compileCriteria } from './compile.js';
export type { CompileEnv, EventPredicate } from './compile.js';
export type {
  EscapeMode, InputOptions, InputSource, OutputFormat, OutputOptions, ParseResult, SearchCriteria, SearchOptions,
} from './options.js';
export type { Machine } from './machines.table.js';
export { machineOfArch, syscallName } from './machines.table.js';
export { ausearchRecordType } from './msg-types.js';
// The per-record-type field extraction on its own, for aureport-style reports.
export { createItemExtractor, createRecordBytesParser, createRecordParser, newSearchItems, recordTypeParsed } from './extract-items.js';
export type { ItemExtractor, ItemExtractorEnv, RecordBytesParser, RecordParser } from './extract-items.js';
export { LOGINUID_UNSET, SESSION_UNSET, UID_UNSET, loadInterpretations, printEscapedValue } from './search-items.js';
export type { AvcResult, ContextNode, SearchItems, Wants } from './search-items.js';
export { resolveTime, resolveTimeArgs, TIME_KEYWORDS } from './time-parse.js';
export type { TimeEnv, TimeKeyword, TimeResult } from './time-parse.js';
export { ianaTimeZone, localtime, mktime, systemTimeZone, timeZoneFor } from './time-zone.js';
export type { TimeZone, Tm } from './time-zone.js';
export { userDbFromFiles } from './user-db.js';
export type { UserDb } from './user-db.js';
export { usageText } from './usage.js';
export { alwaysParsedType, necessaryStrings, typePrefilter } from './prefilter.js';
