// The fields ausearch 3.0.9's parsers pull out of an event (its search_items),
// for a caller that chooses which fields it wants instead of deriving them
// from criteria: aureport runs the same parsers with its own set of "wanted"
// fields per report. Uid names are never loaded from ENRICHED tails here:
// aureport loads them only after it has scanned an event.
import type { AuditEvent } from '../events/index.js';
import { isUnparsedType, parseRecord, typeNeedsParse } from './extract.js';
import { ausearchRecordType } from './msg-types.js';
import type { ParseCtx } from './parse-common.js';
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

/** The items of an event, or undefined when a parser refuses one of its records (the event is skipped). */
export type ItemExtractor = (event: AuditEvent) => SearchItems | undefined;

export function createItemExtractor(w: Wants, env: ItemExtractorEnv): ItemExtractor {
  const ctx: ParseCtx & { s: SearchItems } = {
    w, s: new SearchItems(), names: new UidNames(env.users), type: 0, warn: env.warn ?? ((): void => {}),
  };
  ctx.names.reset(undefined);
  const debug = env.debug;
  const needsParse = new Map<number, boolean>();
  return (event) => {
    const s = new SearchItems();
    ctx.s = s;
    for (const r of event.records) {
      const t = ausearchRecordType(r.typeName);
      if (debug !== undefined && isUnparsedType(t)) debug(`Unparsed type:${t}\n - skipped`);
      let need = needsParse.get(t);
      if (need === undefined) {
        need = typeNeedsParse(t, w);
        needsParse.set(t, need);
      }
      if (!need) continue;
      ctx.type = t;
      const text = r.text;
      const rc = parseRecord(ctx, text);
      if (rc !== 0) {
        if (debug !== undefined) debug(`Malformed event skipped, rc=${rc}. ${text}\n`);
        return undefined;
      }
    }
    return s;
  };
}

/**
 * One record's parse into `items` (the event's, shared by its records in
 * order): 0, or the nonzero code that makes ausearch skip the whole event.
 * For readers that group records themselves; `type` is ausearchRecordType's.
 */
export type RecordParser = (items: SearchItems, type: number, text: string) => number;

export function createRecordParser(w: Wants, env: ItemExtractorEnv): RecordParser {
  const ctx: ParseCtx & { s: SearchItems } = {
    w, s: new SearchItems(), names: new UidNames(env.users), type: 0, warn: env.warn ?? ((): void => {}),
  };
  ctx.names.reset(undefined);
  const needsParse = new Map<number, boolean>();
  return (items, type, text) => {
    let need = needsParse.get(type);
    if (need === undefined) {
      need = typeNeedsParse(type, w);
      needsParse.set(type, need);
    }
    if (!need) return 0;
    ctx.s = items;
    ctx.type = type;
    return parseRecord(ctx, text);
  };
}

/** Whether a record of this type is read at all under these wants. */
export function recordTypeParsed(type: number, w: Wants): boolean {
  return typeNeedsParse(type, w);
}

export function newSearchItems(): SearchItems {
  return new SearchItems();
}
