// One event as the aureport reports see it (aureport 3.0.9's scan()): the
// fields ausearch's parsers extract, the record types it holds, and the
// ENRICHED interpretations aureport would load for it. This row is what the
// aggregations and per-event lines are computed from, whether it comes from
// streaming a log (scanEvent below) or, later, from the event store.
import type { AuditEvent } from '../events/index.js';
import { ausearchRecordType, createItemExtractor } from '../query/index.js';
import type { SearchItems, UserDb } from '../query/index.js';
import type { AureportKind, EventFilter, ReportPresentation } from './options.js';
import { reportWants } from './report-wants.js';
import { ADDING_TYPES, DELETING_TYPES, T } from './record-types.table.js';

export type EventItems = Readonly<Pick<SearchItems,
  'pid' | 'uid' | 'loginuid' | 'success' | 'syscall' | 'arch' | 'sessionId' | 'hostname' | 'filenames' |
  'filenameTypes' | 'terminal' | 'exe' | 'comm' | 'keys' | 'contexts' | 'acct'>>;

export interface ReportFacts {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly node: string | undefined;
  /** Type of the first record (libaudit 3.0.9 numbering; -1 for a name it does not know). */
  readonly headType: number;
  /** Types of all records, in order. */
  readonly types: readonly number[];
  readonly items: EventItems;
  /**
   * The ENRICHED tail aureport loads names from: the first record's, for
   * events of one record or headed by SYSCALL; undefined otherwise.
   */
  readonly headInterp: string | undefined;
  /** The first record's text, for the TTY report (it prints its data=); empty for the others. */
  readonly headText: string;
}

export function hasType(f: ReportFacts, type: number): boolean {
  return f.types.includes(type);
}

export function hasTypeIn(f: ReportFacts, range: readonly [number, number]): boolean {
  const [low, high] = range;
  for (const t of f.types) if (t >= low && t <= high) return true;
  return false;
}

export interface ScanEnv {
  readonly users: UserDb;
  readonly warn?: (text: string) => void;
  readonly debug?: (text: string) => void;
}

export type EventScanner = (event: AuditEvent) => ReportFacts | undefined;

/** aureport's scan(): the event's facts, or undefined when it is malformed or filtered out. */
export function createEventScanner(kind: AureportKind, filter: EventFilter, presentation: ReportPresentation, env: ScanEnv): EventScanner {
  const extract = createItemExtractor(reportWants(kind, presentation.interpret), env);
  const nodes = filter.nodes;
  const wantsHeadText = kind === 'tty';
  return (event) => {
    const items = extract(event);
    if (items === undefined) return undefined;
    if (nodes !== undefined && (event.node === undefined || !nodes.includes(event.node))) return undefined;
    const records = event.records;
    const types = records.map((r) => ausearchRecordType(r.typeName));
    const headType = types[0] as number;
    const facts: ReportFacts = {
      sec: event.sec,
      milli: event.milli,
      serial: event.serial,
      node: event.node,
      headType,
      types,
      items,
      headInterp: records.length === 1 || headType === T.SYSCALL ? records[0]?.interp : undefined,
      headText: wantsHeadText ? (records[0]?.text ?? '') : '',
    };
    return passesOutcome(filter, items.success) && passesConfig(filter, headType) ? facts : undefined;
  };
}

// classify_success: `success` is -1 (unset), 0 (failed), 1, or whatever res= said.
function passesOutcome(filter: EventFilter, success: number): boolean {
  if (filter.outcome === 'failed') return success === 0;
  if (filter.outcome === 'success') return success === 1;
  return true;
}

// classify_conf, on the first record's type.
function passesConfig(filter: EventFilter, headType: number): boolean {
  if (headType === T.CONFIG_CHANGE) return !filter.noConfig;
  if (filter.configAction === 'delete' && ADDING_TYPES.includes(headType)) return false;
  if (filter.configAction === 'add' && DELETING_TYPES.includes(headType)) return false;
  return true;
}
