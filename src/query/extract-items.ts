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
