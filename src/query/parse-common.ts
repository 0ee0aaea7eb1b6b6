// Shared pieces of the per-record field extractors: the context they work in
// and the value readers ausearch repeats in every parser. Positions are
// offsets into the record's text (RecordText); -1 plays C's NULL pointer.
import type { SearchItems, UidNames, Wants } from './search-items.js';
import { LOGINUID_UNSET, UID_UNSET } from './search-items.js';
import { isHexCode } from './c-text.js';
import type { Needle, RecordText } from './record-text.js';
import { SP } from './field-needles.js';

export interface ParseCtx {
  readonly w: Wants;
  readonly s: SearchItems;
  readonly names: UidNames;
  /** Record type in ausearch 3.0.9's numbering. */
  type: number;
  /** Messages ausearch prints to stderr while matching (odd sockaddr lengths). */
  readonly warn: (text: string) => void;
}

/** An absentRc or noSpaceRc that makes a missing name or space no error. */
export const OPTIONAL = 0;
/** What findField, readU32 and readI32 return when an OPTIONAL name is not there. */
export const ABSENT = -1;

/**
 * What the last findField / readU32 / readI32 found: where the value starts,
 * the space after it (-1 when none follows) and the number read. One object,
 * reused, as valueRead.
 */
export const fieldRead: { start: number; term: number; value: number } = { start: 0, term: -1, value: 0 };

/**
 * The steps ausearch repeats for nearly every field: strstr(name) from
 * `from`, then strchr(' ') after it. Returns 0 with the value's span in
 * fieldRead, or the parser's code: `absentRc` when the name is not there
 * (ABSENT when it is OPTIONAL), `noSpaceRc` when no space follows (when
 * OPTIONAL, the value runs to the end and fieldRead.term is -1).
 */
export function findField(m: RecordText, name: Needle, from: number, absentRc: number, noSpaceRc: number): number {
  const at = m.find(name, from);
  if (at < 0) return absentRc === OPTIONAL ? ABSENT : absentRc;
  const start = at + name.length;
  const term = m.indexOf(SP, start);
  if (term < 0 && noSpaceRc !== OPTIONAL) return noSpaceRc;
  fieldRead.start = start;
  fieldRead.term = term;
  return 0;
}

/** findField, then strtoul of the value into a uint32_t: `rangeRc` on ERANGE. */
export function readU32(m: RecordText, name: Needle, from: number, absentRc: number, noSpaceRc: number, rangeRc: number): number {
  const rc = findField(m, name, from, absentRc, noSpaceRc);
  if (rc !== 0) return rc;
  const v = m.u32(fieldRead.start, fieldRead.term);
  if (v !== v) return rangeRc; // NaN
  fieldRead.value = v;
  return 0;
}

/** As readU32 into a C int (pid_t, arch), in `base`. */
export function readI32(m: RecordText, name: Needle, from: number, absentRc: number, noSpaceRc: number, rangeRc: number, base = 10): number {
  const rc = findField(m, name, from, absentRc, noSpaceRc);
  if (rc !== 0) return rc;
  const v = m.i32(fieldRead.start, fieldRead.term, base);
  if (v !== v) return rangeRc;
  fieldRead.value = v;
  return 0;
}

/** Where the parsers that read on past a value with no space after it search next: the space, else the value's start. */
export function termOrStart(): number {
  return fieldRead.term < 0 ? fieldRead.start : fieldRead.term;
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
function readHexOrPlain(m: RecordText, at: number): void {
  let end = at;
  let legacy = false;
  for (let c = m.at(end); c !== -1 && c !== 32; c = m.at(++end)) if (!isHexCode(c)) legacy = true;
  valueRead.value = legacy ? m.text(at, end) : m.unescape(at);
  valueRead.term = end;
}

/** A `"quoted"` value (false when it is not closed), else readHexOrPlain's reading; `term` where either ends. */
export function readQuotedOrPlain(m: RecordText, at: number): boolean {
  if (m.at(at) !== 34 /* " */) {
    readHexOrPlain(m, at);
    return true;
  }
  const close = m.indexOf(34, at + 1);
  if (close < 0) return false;
  valueRead.value = m.text(at + 1, close);
  valueRead.term = close;
  return true;
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
