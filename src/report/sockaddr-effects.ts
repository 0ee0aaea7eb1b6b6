// What a SOCKADDR record does to its event's fields depends on its saddr=
// alone (ausearch's parse_sockaddr reads nothing else and nothing the event
// already holds): the effect is worked out once per distinct record body, by
// query/'s parser on a probe, and replayed. Addresses repeat; decoding them
// is costly.
import type { Buffer } from 'node:buffer';
import { newSearchItems } from '../query/index.js';
import type { SearchItems } from '../query/index.js';
import type { ByteStrings } from './record-bytes.js';

export const SOCKADDR = 1306;
const MAX_EFFECTS = 4096;
const MAX_BODY_BYTES = 512;
/** Stands for "not set by this record" while an effect is worked out: no address prints like it. */
const UNTOUCHED = '\u0000untouched';

interface Effect {
  readonly rc: number;
  /** undefined: the host name is left as it was. */
  readonly hostname: string | null | undefined;
  readonly files: readonly string[];
  readonly warnings: readonly string[];
}

/** Runs query/'s parser on one SOCKADDR record's text [start, end) of `b`, with the messages it printed. */
export type SockaddrParse = (items: SearchItems, b: Buffer, start: number, end: number) => { readonly rc: number; readonly warnings: readonly string[] };

export class SockaddrEffects {
  readonly #strings: ByteStrings;
  readonly #parse: SockaddrParse;
  readonly #effects = new Map<string, Effect>();

  constructor(strings: ByteStrings, parse: SockaddrParse) {
    this.#strings = strings;
    this.#parse = parse;
  }

  /**
   * Applies the record [lineStart, end) (body from `body`) to the event's
   * items, warnings and parse code; false when it was not handled here (then
   * the caller parses it).
   */
  apply(b: Buffer, lineStart: number, body: number, end: number, st: { items: SearchItems; rc: number; warnings: string[] | null }): boolean {
    if (end - body > MAX_BODY_BYTES) return false;
    const key = this.#strings.text(b, body, end);
    let effect = this.#effects.get(key);
    if (effect === undefined) {
      if (this.#effects.size >= MAX_EFFECTS) return false;
      const probe = newSearchItems();
      probe.hostname = UNTOUCHED;
      const { rc, warnings } = this.#parse(probe, b, lineStart, end);
      effect = { rc, hostname: probe.hostname === UNTOUCHED ? undefined : probe.hostname, files: probe.filenames ?? [], warnings };
      this.#effects.set(key, effect);
    }
    if (effect.warnings.length > 0) (st.warnings ??= []).push(...effect.warnings);
    if (effect.rc !== 0) {
      st.rc = effect.rc;
      return true;
    }
    if (effect.hostname !== undefined) st.items.hostname = effect.hostname;
    for (const f of effect.files) st.items.addFilename(f);
    return true;
  }
}
