// Shared pieces of the per-record field extractors: the context they work in
// and the value readers ausearch repeats in every parser. Positions are
// offsets into the record's text (RecordText); -1 plays C's NULL pointer.
import type { SearchItems, UidNames, Wants } from './search-items.js';
import { LOGINUID_UNSET, UID_UNSET } from './search-items.js';
import { isHexCode } from './c-text.js';
import type { RecordText } from './record-text.js';

export interface ParseCtx {
  readonly w: Wants;
  readonly s: SearchItems;
  readonly names: UidNames;
  /** Record type in ausearch 3.0.9's numbering. */
  type: number;
  /** Messages ausearch prints to stderr while matching (odd sockaddr lengths). */
  readonly warn: (text: string) => void;
}

/**
 * What the last readQuotedOrHex / readHexOrPlain read: the value, and where
 * the parser's `term` moves (the closing quote, or the space after a legacy
 * value), or KEEP_TERM when it stays. One object, reused: nothing is made
 * per value but the value's own string.
 */
export const valueRead: { value: string | null; term: number } = { value: null, term: 0 };

export const KEEP_TERM = -2;

/**
 * A `"quoted"` or hex/`(null)` value starting at `at`: the quoted text up to
 * the next '"' (false when there is none), else unescape() of it.
 */
export function readQuotedOrHex(m: RecordText, at: number): boolean {
  if (m.at(at) === 34 /* " */) {
    const close = m.indexOf(34, at + 1);
    if (close < 0) return false;
    valueRead.value = m.text(at + 1, close);
    valueRead.term = close;
    return true;
  }
  valueRead.value = m.unescape(at);
  valueRead.term = KEEP_TERM;
  return true;
}

/**
 * The "legacy" reading some user-record parsers do: hex when every char up to
 * the next space is a hex digit, else the text as is. `term` is that space.
 */
export function readHexOrPlain(m: RecordText, at: number): void {
  let end = at;
  let legacy = false;
  for (let c = m.at(end); c !== -1 && c !== 32; c = m.at(++end)) if (!isHexCode(c)) legacy = true;
  valueRead.value = legacy ? m.text(at, end) : m.unescape(at);
  valueRead.term = end;
}

// ausearch looks up the name whenever it reads a uid (lookup_uid); we do it
// only for name criteria, and for the unset value, whose name ("unset") one
// parser tests to decide whether a uid was seen at all.
export function noteUid(ctx: ParseCtx, v: number): void {
  ctx.s.uid = v;
  if (ctx.w.names || v === UID_UNSET) ctx.s.uidName = ctx.names.lookup('uid', v);
}

export function noteLoginuid(ctx: ParseCtx, v: number): void {
  ctx.s.loginuid = v;
  if (ctx.w.names || v === LOGINUID_UNSET) ctx.s.loginuidName = ctx.names.lookup('auid', v);
}

export function noteEuid(ctx: ParseCtx, v: number): void {
  ctx.s.euid = v;
  if (ctx.w.names) ctx.s.euidName = ctx.names.lookup('euid', v);
}
