// The API's search over the store (queries of the server's own, beside
// store/'s): a page of events newest first, continued by a cursor (time and
// seq of the last row examined, so paging stays fast at any depth), with the
// count of matches. Rows SQL lets through are checked with the exact
// predicate when the filter has one.
import type { EventSummary, SummaryRow } from './event-rows.js';
import { SUMMARY_COLUMNS, eventFromLines, storedBytes, summaryOf } from './event-rows.js';
import type { SearchFilter, SqlValue } from './search-filter.js';

/** Runs a read-only query; rows as DuckDB's JS conversion gives them. */
export type RunQuery = (sql: string, params: Readonly<Record<string, SqlValue>>) => Promise<Array<Record<string, unknown>>>;

export interface Cursor {
  readonly ms: number;
  readonly seq: number;
}

export interface SearchPage {
  readonly events: EventSummary[];
  /** Where the next page starts; null at the end. */
  readonly next: Cursor | null;
  /** Matches in all (first page only; null on later pages or when counting would cost too much). */
  readonly total: number | null;
  /** Rows the SQL condition let through but the predicate did not need to see yet (0 when exact). */
  readonly examined: number;
}

/** Rows read per round when the predicate decides. */
const VERIFY_BATCH = 512;
/** Most rows one page may examine before it returns what it has (with a cursor to go on). */
const MAX_EXAMINED_PER_PAGE = 20_000;
/** Candidates up to which the exact total is counted by checking each. */
const MAX_VERIFIED_COUNT = 20_000;

function after(c: Cursor | undefined, params: Record<string, SqlValue>): string {
  if (c === undefined) return 'true';
  params.cms = c.ms;
  params.cseq = c.seq;
  return '(time < epoch_ms($cms::BIGINT) OR (time = epoch_ms($cms::BIGINT) AND seq < $cseq::BIGINT))';
}

export async function searchPage(run: RunQuery, filter: SearchFilter, limit: number, cursor: Cursor | undefined): Promise<SearchPage> {
  const total = cursor === undefined ? await countMatches(run, filter) : null;
  const params: Record<string, SqlValue> = { ...filter.params };
  const where = `(${filter.where}) AND ${after(cursor, params)}`;
  if (filter.verify === undefined) {
    const rows = (await run(`SELECT ${SUMMARY_COLUMNS} FROM events WHERE ${where} ORDER BY time DESC, seq DESC LIMIT ${limit + 1}`, params)) as unknown as SummaryRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { events: page.map(summaryOf), next: rows.length > limit && last !== undefined ? { ms: last.ms, seq: last.seq } : null, total, examined: 0 };
  }
  const verify = filter.verify;
  const events: EventSummary[] = [];
  let examined = 0;
  let from = cursor;
  for (;;) {
    const p: Record<string, SqlValue> = { ...filter.params };
    const w = `(${filter.where}) AND ${after(from, p)}`;
    const rows = await run(`SELECT ${SUMMARY_COLUMNS}, raw, raw_bytes FROM events WHERE ${w} ORDER BY time DESC, seq DESC LIMIT ${VERIFY_BATCH}`, p);
    for (const row of rows) {
      const r = row as unknown as SummaryRow & { raw: string; raw_bytes: Uint8Array | null };
      examined++;
      from = { ms: r.ms, seq: r.seq };
      const event = eventFromLines(storedBytes(r.raw, r.raw_bytes), 'store', 1);
      if (event !== undefined && verify(event)) {
        events.push(summaryOf(r));
        if (events.length === limit) return { events, next: from, total, examined };
      }
    }
    if (rows.length < VERIFY_BATCH) return { events, next: null, total, examined };
    if (examined >= MAX_EXAMINED_PER_PAGE) return { events, next: from ?? null, total, examined };
  }
}

/** The number of matches: SQL's count, or each candidate checked when the predicate decides and they are few enough. */
export async function countMatches(run: RunQuery, filter: SearchFilter): Promise<number | null> {
  const [row] = await run(`SELECT count(*)::DOUBLE AS n FROM events WHERE ${filter.where}`, filter.params);
  const candidates = (row?.n as number | undefined) ?? 0;
  const verify = filter.verify;
  if (verify === undefined) return candidates;
  if (candidates > MAX_VERIFIED_COUNT) return null;
  const rows = await run(`SELECT raw, raw_bytes FROM events WHERE ${filter.where}`, filter.params);
  let n = 0;
  for (const r of rows) {
    const event = eventFromLines(storedBytes(r.raw as string, r.raw_bytes as Uint8Array | null), 'store', 1);
    if (event !== undefined && verify(event)) n++;
  }
  return n;
}
