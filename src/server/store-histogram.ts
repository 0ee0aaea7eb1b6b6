// Events over time for the timeline (a query of the server's own): counts per
// time bucket, split into the most frequent record types or keys (the rest
// summed as one series). Counted by SQL; when the search's predicate decides,
// its candidates are checked one by one if there are few enough, else the
// SQL counts are returned marked as not exact.
import { eventFromLines, storedBytes } from './event-rows.js';
import type { SearchFilter, SqlValue } from './search-filter.js';
import type { RunQuery } from './store-search.js';

export type SeriesBy = 'type' | 'key' | 'none';

export interface HistogramRequest {
  readonly fromMs: number | undefined;
  readonly toMs: number | undefined;
  readonly buckets: number;
  readonly by: SeriesBy;
  /** Series kept by name; the rest are summed as OTHER_SERIES. */
  readonly maxSeries: number;
}

export interface Histogram {
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketMs: number;
  /** Start of each bucket, ms since the epoch. */
  readonly times: number[];
  readonly series: Array<{ readonly name: string; readonly counts: number[]; readonly total: number }>;
  readonly total: number;
  /** False when the counts are SQL's (candidates too many to check each). */
  readonly exact: boolean;
}

export const OTHER_SERIES = '(other)';
const NO_KEY = '(no key)';
const MAX_VERIFIED = 100_000;

function seriesSql(by: SeriesBy): string {
  switch (by) {
    case 'type':
      return 'type';
    case 'key':
      return `coalesce(replace(key, chr(1), ','), '${NO_KEY}')`;
    case 'none':
      return `'events'`;
  }
}

export async function histogram(run: RunQuery, filter: SearchFilter, req: HistogramRequest): Promise<Histogram> {
  let fromMs = req.fromMs;
  let toMs = req.toMs;
  if (fromMs === undefined || toMs === undefined) {
    // The matches' span; the store's for a costly filter (a scan saved: the
    // timeline then keeps the store's time axis).
    const [span] = filter.costly
      ? await run('SELECT epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi FROM events', {})
      : await run(`SELECT epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi FROM events WHERE ${filter.where}`, filter.params);
    const lo = (span?.lo as number | null) ?? 0;
    const hi = (span?.hi as number | null) ?? 0;
    fromMs ??= lo;
    toMs ??= hi + 1;
  }
  if (toMs <= fromMs) toMs = fromMs + 1;
  const bucketMs = Math.max(1, Math.ceil((toMs - fromMs) / req.buckets));
  const buckets = Math.max(1, Math.ceil((toMs - fromMs) / bucketMs));
  const params: Record<string, SqlValue> = { ...filter.params, hfrom: fromMs, hto: toMs, hstep: bucketMs };
  const where = `(${filter.where}) AND time >= epoch_ms($hfrom::BIGINT) AND time < epoch_ms($hto::BIGINT)`;
  const bucket = '((epoch_ms(time) - $hfrom::BIGINT) // $hstep::BIGINT)::INTEGER';
  const counts = new Map<string, number[]>();
  const add = (name: string, b: number, n: number): void => {
    let c = counts.get(name);
    if (c === undefined) {
      c = new Array<number>(buckets).fill(0);
      counts.set(name, c);
    }
    if (b >= 0 && b < buckets) c[b] = (c[b] as number) + n;
  };
  let exact = true;
  let verified = false;
  const verify = filter.verify;
  if (verify !== undefined) {
    // Few enough candidates to check each? (The count stops early when they are many.)
    const { hstep: _unused, ...inRange } = params;
    const [few] = await run(`SELECT count(*)::DOUBLE AS n FROM (SELECT 1 FROM events WHERE ${where} LIMIT ${MAX_VERIFIED + 1})`, inRange);
    if (((few?.n as number | undefined) ?? 0) <= MAX_VERIFIED) {
      const rows = await run(`SELECT ${bucket} AS b, ${seriesSql(req.by)} AS s, raw, raw_bytes FROM events WHERE ${where}`, params);
      for (const r of rows) {
        const event = eventFromLines(storedBytes(r.raw as string, r.raw_bytes as Uint8Array | null), 'store', 1);
        if (event !== undefined && verify(event)) add(r.s as string, r.b as number, 1);
      }
      verified = true;
    } else exact = false;
  }
  if (!verified) {
    const rows = await run(`SELECT ${bucket} AS b, ${seriesSql(req.by)} AS s, count(*)::DOUBLE AS n FROM events WHERE ${where} GROUP BY ALL`, params);
    for (const r of rows) add(r.s as string, r.b as number, r.n as number);
  }
  const ranked = [...counts].map(([name, c]) => ({ name, counts: c, total: c.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1));
  const kept = ranked.slice(0, req.maxSeries);
  const rest = ranked.slice(req.maxSeries);
  if (rest.length > 0) {
    const other = new Array<number>(buckets).fill(0);
    for (const s of rest) s.counts.forEach((n, i) => (other[i] = (other[i] as number) + n));
    kept.push({ name: OTHER_SERIES, counts: other, total: rest.reduce((a, s) => a + s.total, 0) });
  }
  return {
    fromMs, toMs, bucketMs,
    times: Array.from({ length: buckets }, (_, i) => fromMs + i * bucketMs),
    series: kept,
    total: ranked.reduce((a, s) => a + s.total, 0),
    exact,
  };
}
