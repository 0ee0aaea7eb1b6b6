// A search from the API (ausearch criteria as `auspex search` takes them, and
// free text) made into two parts: a SQL condition on the events table that
// every matching event meets (it may let others through), and the exact
// predicate `auspex search` uses, run on the rows SQL returned. SQL narrows,
// the predicate decides; free text is SQL only (it is defined on the stored
// record lines).
import { Buffer, isUtf8 } from 'node:buffer';
import { recordTypeLabel } from '../format/index.js';
import { compileCriteria, necessaryStrings, parseSearchArgs } from '../query/index.js';
import type { EventPredicate, SearchArgsEnv, SearchCriteria, UserDb } from '../query/index.js';
import { SESSION_UNSET } from '../query/index.js';
import { AFTER_SYSCALL, NOT_CRITERIA } from './search-options.table.js';
import { splitWords } from './search-words.js';

export type SqlValue = string | number | boolean;

export interface SearchFilter {
  /** A SQL boolean expression over `events` (named parameters in `params`). */
  readonly where: string;
  /**
   * Whether `where` reads what is slow to read on a large store (the record
   * lines, the lists of record types): such a search is not counted up front
   * and scans newest first.
   */
  readonly costly: boolean;
  readonly params: Readonly<Record<string, SqlValue>>;
  /** The exact test for rows that pass `where`; undefined when `where` is exact. */
  readonly verify: EventPredicate | undefined;
  /** The criteria as read, for the response (undefined: none). */
  readonly criteria: SearchCriteria | undefined;
}

export type FilterResult = { readonly ok: true; readonly filter: SearchFilter } | { readonly ok: false; readonly message: string };

export interface FilterEnv {
  readonly args: SearchArgsEnv;
  readonly users: UserDb;
}

/** Time bounds from the API (ms since the epoch, `to` exclusive), applied as SQL. */
export interface TimeRange {
  readonly fromMs: number | undefined;
  readonly toMs: number | undefined;
}

class Sql {
  readonly parts: string[] = [];
  readonly params: Record<string, SqlValue> = {};
  costly = false;
  #n = 0;

  param(v: SqlValue): string {
    const name = `p${this.#n++}`;
    this.params[name] = v;
    return `$${name}`;
  }
}

/** Reads criteria words and free text into a filter; `message` says what is wrong, in ausearch's words where it has them. */
export function buildSearchFilter(criteriaText: string, freeText: string, range: TimeRange, env: FilterEnv): FilterResult {
  const sql = new Sql();
  let criteria: SearchCriteria | undefined;
  let verify: EventPredicate | undefined;
  const split = splitWords(criteriaText);
  if (!split.ok) return { ok: false, message: `q: ${split.message}` };
  if (split.words.length > 0) {
    const refused = split.words.find((w) => NOT_CRITERIA.has(w));
    if (refused !== undefined) return { ok: false, message: `q: ${refused} is an input or output option of auspex search, not a criterion` };
    if (!split.words[0]?.startsWith('-')) return { ok: false, message: `q: '${split.words[0]}' is not an option; criteria are auspex search options such as -k KEY (free text goes in 'text')` };
    const parsed = parseSearchArgs(split.words, env.args);
    if (parsed.kind === 'error') {
      const why = (parsed.stderr.trim() || parsed.stdout.trim().split('\n')[0] || 'invalid criteria').replace(/\s+/g, ' ');
      return { ok: false, message: `q: ${why}` };
    }
    if (parsed.kind !== 'ok') return { ok: false, message: 'q: help and version are not criteria' };
    criteria = parsed.options.criteria;
    criteriaSql(criteria, sql);
    verify = compileCriteria(criteria, { users: env.users, format: 'default' });
  }
  if (freeText.length > 0) textSql(freeText, sql);
  if (range.fromMs !== undefined) sql.parts.push(`time >= epoch_ms(${sql.param(range.fromMs)}::BIGINT)`);
  if (range.toMs !== undefined) sql.parts.push(`time < epoch_ms(${sql.param(range.toMs)}::BIGINT)`);
  const where = sql.parts.length === 0 ? 'true' : sql.parts.map((p) => `(${p})`).join(' AND ');
  return { ok: true, filter: { where, costly: sql.costly, params: sql.params, verify, criteria } };
}

/** A latin1 string of bytes (as criteria hold text) as the text DuckDB stores, or undefined when the bytes are not UTF-8. */
function storedText(latin1: string): string | undefined {
  const bytes = Buffer.from(latin1, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

function hexOf(bytes: Buffer): string {
  return bytes.toString('hex').toUpperCase();
}


/**
 * A condition for events led by their SYSCALL record, and one for the rest.
 * As a CASE, DuckDB evaluates the second only on the rows it concerns (an OR
 * of the two forms costs a full pass of each over the record lines).
 */
function ledBySyscall(syscallFirst: string, other: string): string {
  return `CASE WHEN type = 'SYSCALL' THEN (${syscallFirst}) ELSE (${other}) END`;
}

// Conditions every event matching the criteria meets. Each is a necessary
// condition on the stored row; the predicate decides the rest.
function criteriaSql(c: SearchCriteria, sql: Sql): void {
  // ausearch compares the event's seconds: -ts keeps sec >= start, -te sec <= end.
  if (c.startSec !== undefined && c.startSec !== 0) sql.parts.push(`time >= epoch_ms(${sql.param(c.startSec * 1000)}::BIGINT)`);
  if (c.endSec !== undefined && c.endSec !== 0) sql.parts.push(`time < epoch_ms(${sql.param((c.endSec + 1) * 1000)}::BIGINT)`);
  if (c.eventId !== undefined && c.eventId !== 0xffffffff) sql.parts.push(`serial = ${sql.param(c.eventId)}::BIGINT`);
  if (c.nodes !== undefined) sql.parts.push(`node IN (${c.nodes.map((n) => sql.param(storedText(n) ?? n)).join(', ')})`);
  if (c.messageTypes !== undefined) {
    const labels = [...new Set(c.messageTypes.map((t) => recordTypeLabel(t)))];
    const list = `[${labels.map((l) => sql.param(l)).join(', ')}]::VARCHAR[]`;
    // Types that cannot follow a SYSCALL record are looked for in the first
    // record's type only, for events led by their SYSCALL (the list of the
    // others is slower to read).
    if (labels.some((l) => AFTER_SYSCALL.has(l))) sql.parts.push(`list_has_any(types, ${list})`);
    else sql.parts.push(ledBySyscall('false', `list_contains(${list}, type) OR list_has_any(types, ${list})`));
    sql.costly = true;
  }
  // -sv: an event led by its SYSCALL has its outcome in the column (the
  // records after it tell none); others are decided by the predicate.
  if (c.success !== undefined) sql.parts.push(ledBySyscall(`success = ${c.success ? 'true' : 'false'} OR success IS NULL`, 'true'));
  // -k, -x, -c: an event whose first record is its SYSCALL holds after it
  // only the records the kernel writes at syscall exit (paths, cwd, execve
  // arguments, sockaddr, proctitle... — records logged during the syscall,
  // such as CONFIG_CHANGE, AVC or URINGOP, come before it), from which
  // ausearch reads no key, exe or comm: its values are the typed columns'.
  // Any other event is looked for in its lines.
  const columnOf: Array<[string | undefined, string]> = [[c.key, 'key'], [c.exe, 'exe'], [c.comm, 'comm']];
  const byColumn = columnOf.find(([v]) => v !== undefined && v.length > 0 && storedText(v) !== undefined);
  const needles = necessaryStrings(c)?.map(storedText);
  const inLines = needles !== undefined && needles.every((t) => t !== undefined)
    ? needles.map((t) => `contains(raw, ${sql.param(t as string)})`).join(' OR ')
    : undefined;
  if (byColumn !== undefined && inLines !== undefined && byColumn[0] === (c.key ?? c.exe ?? c.comm)) {
    const inColumn = `contains(${byColumn[1]}, ${sql.param(storedText(byColumn[0] as string) as string)})`;
    sql.parts.push(ledBySyscall(inColumn, `${inColumn} OR ${inLines}`));
    sql.costly = true;
  } else if (inLines !== undefined) {
    sql.parts.push(inLines);
    sql.costly = true;
  }
  // Numbers ausearch reads from `name=` fields: the line holds `name=N`.
  const numeric: Array<[string, number | undefined, number]> = [
    ['pid=', c.pid, -1], ['ppid=', c.ppid, -1], ['ses=', c.sessionId, SESSION_UNSET],
  ];
  for (const [field, v, unset] of numeric) {
    if (v !== undefined && v !== unset && v >= 0) {
      sql.parts.push(`contains(raw, ${sql.param(`${field}${v}`)})`);
      sql.costly = true;
    }
  }
}

// Free text: case-insensitive in the record lines as stored, or its bytes
// hex-encoded as the kernel writes any value with a space, quote or
// non-ASCII byte (so `<img src=x` finds a file of that name).
function textSql(text: string, sql: Sql): void {
  const hex = hexOf(Buffer.from(text, 'utf8'));
  // RE2's case folding is several times faster than ILIKE here.
  sql.parts.push(`regexp_matches(raw, ${sql.param(`(?i)${escapeRegex(text)}`)}) OR contains(raw, ${sql.param(hex)})`);
  sql.costly = true;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}
