// The fields ausearch 3.0.9's parsers pull out of an event (its search_items),
// read from each record's bytes in place: EventItemsReader for the search
// predicate, and for a caller that chooses which fields it wants instead of
// deriving them from criteria (aureport runs the same parsers with its own
// set of "wanted" fields per report). Uid names are never loaded from
// ENRICHED tails here: aureport loads them only after it has scanned an event.
import { Buffer } from 'node:buffer';
import type { AuditEvent } from '../events/index.js';
import { indexOfByte } from '../format/index.js';
import { isUnparsedType, parseRecord, typeNeedsParse } from './extract.js';
import { ausearchRecordType } from './msg-types.js';
import type { ParseCtx } from './parse-common.js';
import { RecordText } from './record-text.js';
import { SearchItems, UidNames } from './search-items.js';
import type { Wants } from './search-items.js';
import type { UserDb } from './user-db.js';

export interface ItemExtractorEnv {
  readonly users: UserDb;
  /** What ausearch prints on stderr while parsing (short sockaddr values). */
  readonly warn?: (text: string) => void;
  /** --debug: unparsed record types and events skipped as malformed. */
  readonly debug?: (text: string) => void;
}

/** What is known of a record type, by its name as written (names repeat: worked out once). */
interface TypeEntry {
  /** The number ausearch gives the name. */
  readonly type: number;
  /** Whether its parser has anything to do under the wants. */
  readonly parsed: boolean;
  /** Whether ausearch --debug calls it unparsed. */
  readonly unparsed: boolean;
  /** The name holds a NUL: the C string ausearch parses ends there. */
  readonly nul: boolean;
  /** The name holds `arch=` or `syscall=` (which SYSCALL's parser would find there). */
  readonly argName: boolean;
}

/** Whether a node or type name holds what SYSCALL's parser looks for first. */
function holdsArgName(name: string): boolean {
  return name.indexOf('arch=') >= 0 || name.indexOf('syscall=') >= 0;
}

/** Past this many type names (odd logs, or hostile ones) the table starts over. */
const MAX_TYPES = 4096;

/** The parse context plus the record view, one of each per reader. */
interface ReaderCtx extends ParseCtx {
  s: SearchItems;
}

/**
 * Runs the record parsers over an event's records into a SearchItems the
 * caller owns, as extract_search_items does: records in order, the first
 * nonzero code ends the event. Nothing is made per record unless a wanted
 * field's value is a string.
 */
export class EventItemsReader {
  readonly #w: Wants;
  readonly #ctx: ReaderCtx;
  readonly #text = new RecordText();
  readonly #types = new Map<string, TypeEntry>();
  readonly #debug: ((text: string) => void) | undefined;

  constructor(w: Wants, names: UidNames, env: ItemExtractorEnv) {
    this.#w = w;
    this.#ctx = { w, s: new SearchItems(), names, type: 0, warn: env.warn ?? ((): void => {}) };
    this.#debug = env.debug;
  }

  /** 0, or the code of the record that makes ausearch skip the event (printed under --debug). */
  read(event: AuditEvent, items: SearchItems): number {
    const ctx = this.#ctx;
    ctx.s = items;
    const debug = this.#debug;
    const nodeNul = event.node !== undefined && event.node.indexOf('\0') >= 0;
    const nodeArg = event.node !== undefined && holdsArgName(event.node);
    for (const r of event.records) {
      const t = this.#typeOf(r.typeName);
      if (debug !== undefined && t.unparsed) debug(`Unparsed type:${t.type}\n - skipped`);
      if (!t.parsed) continue;
      ctx.type = t.type;
      const m = this.#text;
      const b = r.buffer;
      const start = r.lineStartAt;
      let end = r.messageEndAt;
      if (t.nul || nodeNul) {
        // The header holds a NUL (the body cannot: format/ refuses such lines).
        const nul = indexOfByte(b, 0, start, end);
        if (nul >= 0) end = nul;
      }
      m.reset(b, start, end);
      if (!t.nul && !nodeNul && !t.argName && !nodeArg) m.bodyAt = r.bodyAt - start;
      const rc = parseRecord(ctx, m);
      if (rc !== 0) {
        if (debug !== undefined) debug(`Malformed event skipped, rc=${rc}. ${m.toString()}\n`);
        return rc;
      }
    }
    return 0;
  }

  /** One record's text [start, end) of `b` (already cut at a NUL) into `items`; its type as ausearch numbers it. */
  readRecord(items: SearchItems, type: number, b: Buffer, start: number, end: number): number {
    if (!typeNeedsParse(type, this.#w)) return 0;
    const ctx = this.#ctx;
    ctx.s = items;
    ctx.type = type;
    this.#text.reset(b, start, end);
    return parseRecord(ctx, this.#text);
  }

  #typeOf(name: string): TypeEntry {
    let t = this.#types.get(name);
    if (t === undefined) {
      const type = ausearchRecordType(name);
      t = { type, parsed: typeNeedsParse(type, this.#w), unparsed: isUnparsedType(type), nul: name.indexOf('\0') >= 0, argName: holdsArgName(name) };
      if (this.#types.size >= MAX_TYPES) this.#types.clear();
      this.#types.set(name, t);
    }
    return t;
  }
}

/** The items of an event, or undefined when a parser refuses one of its records (the event is skipped). */
export type ItemExtractor = (event: AuditEvent) => SearchItems | undefined;

export function createItemExtractor(w: Wants, env: ItemExtractorEnv): ItemExtractor {
  const names = new UidNames(env.users);
  names.reset(undefined);
  const reader = new EventItemsReader(w, names, env);
  return (event) => {
    // A new object per event: callers keep the items with the event's facts.
    const s = new SearchItems();
    return reader.read(event, s) === 0 ? s : undefined;
  };
}

/**
 * One record's parse into `items` (the event's, shared by its records in
 * order): 0, or the nonzero code that makes ausearch skip the whole event.
 * For readers that group records themselves; `type` is ausearchRecordType's.
 */
export type RecordParser = (items: SearchItems, type: number, text: string) => number;

/** As RecordParser, over the record's bytes [start, end) in `b` (the line up to its ENRICHED separator, no NUL). */
export type RecordBytesParser = (items: SearchItems, type: number, b: Buffer, start: number, end: number) => number;

export function createRecordBytesParser(w: Wants, env: ItemExtractorEnv): RecordBytesParser {
  const names = new UidNames(env.users);
  names.reset(undefined);
  const reader = new EventItemsReader(w, names, env);
  return (items, type, b, start, end) => reader.readRecord(items, type, b, start, end);
}

export function createRecordParser(w: Wants, env: ItemExtractorEnv): RecordParser {
  const parse = createRecordBytesParser(w, env);
  return (items, type, text) => {
    const b = Buffer.from(text, 'latin1');
    const nul = b.indexOf(0);
    return parse(items, type, b, 0, nul < 0 ? b.length : nul);
  };
}

/** Whether a record of this type is read at all under these wants. */
export function recordTypeParsed(type: number, w: Wants): boolean {
  return typeNeedsParse(type, w);
}

export function newSearchItems(): SearchItems {
  return new SearchItems();
}
