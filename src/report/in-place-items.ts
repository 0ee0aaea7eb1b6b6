// The main summary's per-record step: a record's fields folded into its
// event's items as ausearch's parsers fold them, SYSCALL, PATH and CWD read
// in place when they have the kernel's shape, SOCKADDR replayed from a parse
// of the same address, every other record through query/'s parser. Shared by
// SummaryScan (report -if) and the store's report rows. Pure.
import type { Buffer } from 'node:buffer';
import { createRecordBytesParser, recordTypeParsed } from '../query/index.js';
import type { RecordBytesParser, SearchItems, UserDb, Wants } from '../query/index.js';
import { reportWants } from './report-wants.js';
import { ByteStrings, readCanonicalCwd, readCanonicalPath, readCanonicalSyscall } from './canonical-records.js';
import { SOCKADDR, SockaddrEffects } from './sockaddr-effects.js';
import { T } from './record-types.table.js';

/** What the summary's parsers do with a record type: nothing, an in-place reader first, or query/'s parser. */
export const enum RecordKind { SKIP, SYSCALL, PATH, CWD, PARSE }

/** An event's parse so far: its items, the first nonzero parse code, and the messages the parsers printed. */
export interface ItemsState {
  readonly items: SearchItems;
  rc: number;
  warnings: string[] | null;
}

export class InPlaceItems {
  readonly #w: Wants;
  readonly #arch: boolean;
  readonly #strings = new ByteStrings();
  readonly #parse: RecordBytesParser;
  readonly #sockaddr: SockaddrEffects;
  #warnInto: ItemsState | undefined;

  /** `interpret`: -i, SYSCALL arch= is read (and required), as aureport does then. */
  constructor(interpret: boolean, users: UserDb) {
    this.#w = reportWants('summary', interpret);
    this.#arch = interpret;
    this.#parse = createRecordBytesParser(this.#w, {
      users,
      warn: (text) => {
        const target = this.#warnInto;
        if (target !== undefined) (target.warnings ??= []).push(text);
      },
    });
    this.#sockaddr = new SockaddrEffects(this.#strings, (items, b, start, end) => {
      const target: ItemsState = { items, rc: 0, warnings: [] };
      this.#warnInto = target;
      const rc = this.#parse(items, SOCKADDR, b, start, end);
      this.#warnInto = undefined;
      return { rc, warnings: target.warnings ?? [] };
    });
  }

  /** The strings read from bytes, interned (the scan reads node names through it too). */
  get strings(): ByteStrings {
    return this.#strings;
  }

  /** `type` numbered by ausearchRecordType. */
  kindOf(type: number): RecordKind {
    if (!recordTypeParsed(type, this.#w)) return RecordKind.SKIP;
    return type === T.SYSCALL ? RecordKind.SYSCALL : type === 1302 ? RecordKind.PATH : type === 1307 ? RecordKind.CWD : RecordKind.PARSE;
  }

  /**
   * One record into `st` (which must have rc 0): the line [lineStart, end)
   * of `b`, `end` being its end or its ENRICHED separator, its body from
   * `body`. The header must be as SummaryScan accepts it (no '=' in the
   * node, no NUL anywhere); `kind` is kindOf(type) and not SKIP.
   */
  read(st: ItemsState, kind: RecordKind, type: number, b: Buffer, lineStart: number, body: number, end: number): void {
    const s = st.items;
    let done = false;
    if (kind === RecordKind.SYSCALL) done = readCanonicalSyscall(b, body, end, s, this.#arch, this.#strings);
    else if (kind === RecordKind.PATH) done = readCanonicalPath(b, body, end, s, this.#strings);
    else if (kind === RecordKind.CWD) done = readCanonicalCwd(b, body, end, s, this.#strings);
    else if (type === SOCKADDR) done = this.#sockaddr.apply(b, lineStart, body, end, st);
    if (!done) this.parse(st, type, b, lineStart, end);
  }

  /** One record through query/'s parser alone: the text [start, end) of `b`, cut at a NUL already. */
  parse(st: ItemsState, type: number, b: Buffer, start: number, end: number): void {
    this.#warnInto = st;
    st.rc = this.#parse(st.items, type, b, start, end);
    this.#warnInto = undefined;
  }
}
