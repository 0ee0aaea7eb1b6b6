// Shared pieces of the per-record field extractors: the context they work in
// and the value readers ausearch repeats in every parser. Positions are string
// indexes into the record text; -1 plays C's NULL pointer.
import type { SearchItems, UidNames, Wants } from './search-items.js';
import { LOGINUID_UNSET, UID_UNSET } from './search-items.js';
import { strtoul, toI32, toU32, unescapeHex } from './c-text.js';

export interface ParseCtx {
  readonly w: Wants;
  readonly s: SearchItems;
  readonly names: UidNames;
  /** Record type in ausearch 3.0.9's numbering. */
  type: number;
  /** Messages ausearch prints to stderr while matching (odd sockaddr lengths). */
  readonly warn: (text: string) => void;
}

/** A number read up to `end` (C: value cut at *term = 0), as uint32; NaN on ERANGE. */
export function u32At(m: string, from: number, end: number, base = 10): number {
  const v = strtoul(m, from, end < 0 ? m.length : end, base);
  return v === undefined ? NaN : toU32(v);
}

/** As u32At but stored in a C int (pid_t, int, enum). */
export function i32At(m: string, from: number, end: number, base = 10): number {
  const v = strtoul(m, from, end < 0 ? m.length : end, base);
  return v === undefined ? NaN : toI32(v);
}

/** Whether strtoull would set ERANGE for the digits at `from` (a0=, a1=). */
export function overflowsU64(m: string, from: number, end: number, base: number): boolean {
  let i = from;
  while (i < end && m.charCodeAt(i) === 48) i++;
  if (end - i <= 15) return false;
  return strtoul(m, from, end, base) === undefined;
}

/**
 * A `"quoted"` or hex/`(null)` value starting at `at`: the quoted text up to the
 * next '"' (error when there is none), else unescape() of it. `term` is the
 * closing quote, or unchanged (-2 = keep) for the unescaped form.
 */
export interface ValueRead {
  readonly value: string | null;
  readonly term: number;
}

export const KEEP_TERM = -2;

export function readQuotedOrHex(m: string, at: number): ValueRead | undefined {
  if (m.charCodeAt(at) === 34 /* " */) {
    const close = m.indexOf('"', at + 1);
    if (close < 0) return undefined;
    return { value: m.slice(at + 1, close), term: close };
  }
  return { value: unescapeHex(m, at), term: KEEP_TERM };
}

/**
 * The "legacy" reading some user-record parsers do: hex when every char up to
 * the next space is a hex digit, else the text as is. `term` is that space.
 */
export function readHexOrPlain(m: string, at: number): ValueRead {
  let end = at;
  let legacy = false;
  while (end < m.length && m.charCodeAt(end) !== 32) {
    const c = m.charCodeAt(end);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) legacy = true;
    end++;
  }
  return { value: legacy ? m.slice(at, end) : unescapeHex(m, at), term: end };
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
