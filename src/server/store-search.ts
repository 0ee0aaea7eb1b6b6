// The API's search over the store (queries of the server's own, beside
// store/'s): a page of events newest first, continued by a cursor (time and
// seq of the last row examined, so paging stays fast at any depth). Rows SQL
// lets through are checked with the exact predicate when the filter has one.
// A costly filter (one that reads the record lines or type lists) scans newest
// first in growing time windows, so a page of recent matches does not wait
// for a scan of the whole store, and its total is left to the histogram
// (which counts anyway).
import type { EventSummary } from './api-types.js';
import type { SummaryRow } from './event-rows.js';
import { SUMMARY_COLUMNS, eventFromLines, storedBytes, summaryOf } from './event-rows.js';
import type { SearchFilter, SqlValue } from './search-filter.js';

/** Runs a read-only query; rows as DuckDB's JS conversion gives them. */
export type RunQuery = (sql: string, params: Readonly<Record<string, SqlValue>>) => Promise<Array<Record<string, unknown>>>;

/** Runs a read-only query whose rows are handed over chunk by chunk (values in column order), never held whole. */
export type ScanQuery = (sql: string, params: Readonly<Record<string, SqlValue>>, onRows: (rows: readonly (readonly unknown[])[]) => void) => Promise<void>;

export interface Cursor {
  readonly ms: number;
  readonly seq: number;
}

export interface SearchPage {
  readonly events: EventSummary[];
  /** Where the next page starts; null at the end. */
  readonly next: Cursor | null;
  /** Matches in all: first page only, and only when the filter is not costly. */
  readonly total: number | null;
}

/** Rows read per round when the predicate decides. */
const VERIFY_BATCH = 512;
/** Most rows one page may examine before it returns what it has (with a cursor to go on). */
const MAX_EXAMINED_PER_PAGE = 20_000;
/** Candidates up to which the exact total is counted by checking each. */
const MAX_VERIFIED_COUNT = 20_000;
/** The first time window of a scan of the lines: this part of the store's span (then 4×, 16×...). */
const FIRST_WINDOW_PART = 256;

/** Rows strictly after the cursor in the page's order (time, then seq, descending). */
function after(c: Cursor | undefined, params: Record<string, SqlValue>): string {
  if (c === undefined) return 'true';
  params.cms = c.ms;
  params.cseq = c.seq;
  // The first term lets DuckDB skip row groups by their time range.
  return 'time <= epoch_ms($cms::BIGINT) AND (time < epoch_ms($cms::BIGINT) OR seq < $cseq::BIGINT)';
}

type Row = SummaryRow & { raw?: string; raw_bytes?: Uint8Array | null };

export async function searchPage(run: RunQuery, filter: SearchFilter, limit: number, cursor: Cursor | undefined): Promise<SearchPage> {
  const total = cursor === undefined && !filter.costly ? await countMatches(run, filter) : null;
  const verify = filter.verify;
  let lowMs = -Infinity;
  let windowMs = Infinity;
  let top = cursor?.ms;
  if (filter.costly) {
    const [span] = await run('SELECT epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi FROM events', {});
    const lo = span?.lo as number | null;
    const hi = span?.hi as number | null;
    if (lo === null || hi === null || lo === undefined || hi === undefined) return { events: [], next: null, total };
    top ??= hi;
    lowMs = lo;
    windowMs = Math.max(1000, Math.ceil((hi - lo + 1) / FIRST_WINDOW_PART));
  }
  const events: EventSummary[] = [];
  let examined = 0;
  let from = cursor;
  for (;;) {
    // The window: rows from `top - windowMs` on (everything when not scanning lines).
    const floor = windowMs === Infinity || top === undefined ? -Infinity : top - windowMs;
    const batch = verify === undefined ? limit - events.length + 1 : VERIFY_BATCH;
    const p: Record<string, SqlValue> = { ...filter.params };
    let where = `(${filter.where}) AND ${after(from, p)}`;
    if (floor > lowMs) {
      p.wlo = floor;
      where += ' AND time >= epoch_ms($wlo::BIGINT)';
    }
    const extra = verify === undefined ? '' : ', raw, raw_bytes';
    const rows = (await run(`SELECT ${SUMMARY_COLUMNS}${extra} FROM events WHERE ${where} ORDER BY time DESC, seq DESC LIMIT ${batch}`, p)) as unknown as Row[];
    for (const r of rows) {
      if (verify !== undefined) {
        examined++;
        from = { ms: r.ms, seq: r.seq };
        const event = eventFromLines(storedBytes(r.raw as string, r.raw_bytes ?? null), 'store', 1);
        if (event === undefined || !verify(event)) continue;
      } else if (events.length === limit) {
        // One row more than the page: there is a next page, from the page's last row.
        return { events, next: from ?? null, total };
      }
      events.push(summaryOf(r));
      if (verify === undefined) from = { ms: r.ms, seq: r.seq };
      if (verify !== undefined && events.length === limit) return { events, next: from ?? null, total };
    }
    if (verify !== undefined && examined >= MAX_EXAMINED_PER_PAGE) return { events, next: from ?? null, total };
    if (rows.length === batch) continue;
    // This window is done: the next one reaches four times as far back, or the search is over.
    if (floor <= lowMs) return { events, next: null, total };
    windowMs *= 4;
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
