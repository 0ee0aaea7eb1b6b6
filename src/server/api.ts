// The HTTP API under /api/: every call needs the token (Authorization:
// Bearer), every query parameter is read against a table (400 with a message
// naming it otherwise), and answers are JSON. Values from the log are JSON
// strings here; the page renders them as text.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { InsightKind, ReportEnv } from '../report/index.js';
import type { RecordInterpreter } from '../output/index.js';
import type { LiveFeed } from './live-feed.js';
import type { ParamTable, ParamsResult } from './query-params.js';
import { cursor, instant, integer, oneOf, readParams, text } from './query-params.js';
import { buildSearchFilter } from './search-filter.js';
import type { FilterEnv } from './search-filter.js';
import { eventDetail } from './store-event.js';
import { histogram } from './store-histogram.js';
import { processTree } from './store-process-tree.js';
import { insightReport } from './store-reports.js';
import { searchPage } from './store-search.js';
import type { RunQuery, ScanQuery } from './store-search.js';
import { storeStatus, summaryReport } from './store-status.js';
import type { StoreRows } from '../store/index.js';

export interface ApiEnv {
  readonly query: RunQuery;
  /** The store for store/'s own readers (aureport's summary from the rollups). */
  readonly rows: StoreRows;
  /** The end-of-event timeout events are grouped with. */
  readonly timeoutSec: number;
  readonly scan: ScanQuery;
  /** The followed log, when the server ingests one as it grows. */
  readonly following: () => string | undefined;
  readonly filter: FilterEnv;
  readonly interpret: RecordInterpreter;
  readonly report: Pick<ReportEnv, 'users' | 'timeZone'>;
  readonly checkToken: (token: string | undefined) => boolean;
  readonly live: LiveFeed;
  readonly version: string;
  /** Seconds between SSE keep-alive comments. */
  readonly keepAliveSec: number;
}

type ErrorCode = 'bad_parameter' | 'unauthorized' | 'not_found' | 'internal';

function fail(c: Context, status: 400 | 401 | 404 | 500, code: ErrorCode, message: string, parameter?: string): Response {
  return c.json({ error: { code, message, ...(parameter === undefined ? {} : { parameter }) } }, status);
}

function badParams(c: Context, r: ParamsResult<ParamTable> & { ok: false }): Response {
  return fail(c, 400, 'bad_parameter', r.message, r.parameter);
}

const SEARCH = { q: text(4096), text: text(1024), from: instant, to: instant };
const SEARCH_PAGE = { ...SEARCH, limit: integer(1, 1000, 100), cursor };
const HISTOGRAM = { ...SEARCH, buckets: integer(1, 2000, 120), by: oneOf(['type', 'key', 'none'] as const, 'type'), series: integer(1, 20, 8) };
const RANGE = { from: instant, to: instant };
const NONE = {};
const REPORTS = ['summary', 'uring', 'bpf', 'container'] as const;

function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1];
}

function seqParam(c: Context): number | undefined {
  const t = c.req.param('seq') ?? '';
  return /^\d{1,15}$/.test(t) ? Number(t) : undefined;
}

/** Reports kept for the store state they were made from (a large store's io_uring or BPF report takes seconds). */
const MAX_CACHED_REPORTS = 16;

export function createApi(env: ApiEnv): Hono {
  const api = new Hono();
  const reports = new Map<string, unknown>();

  api.use('*', async (c, next) => {
    if (!env.checkToken(bearer(c.req.header('authorization')))) {
      c.header('WWW-Authenticate', 'Bearer realm="auspex"');
      return fail(c, 401, 'unauthorized', 'missing or wrong token: send "Authorization: Bearer TOKEN" (the token is in the address auspex serve printed, and in its token file)');
    }
    c.header('Cache-Control', 'no-store');
    await next();
    return undefined;
  });

  const url = (c: Context): URLSearchParams => new URL(c.req.url).searchParams;

  api.get('/status', async (c) => {
    const p = readParams(url(c), NONE);
    if (!p.ok) return badParams(c, p);
    return c.json({ version: env.version, following: env.following() ?? null, ...(await storeStatus(env.query)) });
  });

  api.get('/search', async (c) => {
    const p = readParams(url(c), SEARCH_PAGE);
    if (!p.ok) return badParams(c, p);
    const v = p.values;
    if (v.from !== undefined && v.to !== undefined && v.from >= v.to) return fail(c, 400, 'bad_parameter', 'from must be before to', 'from');
    const f = buildSearchFilter(v.q, v.text, { fromMs: v.from, toMs: v.to }, env.filter);
    if (!f.ok) return fail(c, 400, 'bad_parameter', f.message, f.message.startsWith('q:') ? 'q' : 'text');
    const page = await searchPage(env.query, f.filter, v.limit, v.cursor);
    return c.json({
      events: page.events,
      next: page.next === null ? null : `${page.next.ms}:${page.next.seq}`,
      total: page.total,
      checked_by_predicate: f.filter.verify !== undefined,
    });
  });

  api.get('/histogram', async (c) => {
    const p = readParams(url(c), HISTOGRAM);
    if (!p.ok) return badParams(c, p);
    const v = p.values;
    if (v.from !== undefined && v.to !== undefined && v.from >= v.to) return fail(c, 400, 'bad_parameter', 'from must be before to', 'from');
    const f = buildSearchFilter(v.q, v.text, { fromMs: undefined, toMs: undefined }, env.filter);
    if (!f.ok) return fail(c, 400, 'bad_parameter', f.message, f.message.startsWith('q:') ? 'q' : 'text');
    const h = await histogram(env.query, f.filter, { fromMs: v.from, toMs: v.to, buckets: v.buckets, by: v.by, maxSeries: v.series });
    return c.json({
      from: new Date(h.fromMs).toISOString(), to: new Date(h.toMs).toISOString(), from_ms: h.fromMs, to_ms: h.toMs,
      bucket_ms: h.bucketMs, times: h.times, series: h.series, total: h.total, exact: h.exact,
    });
  });

  api.get('/events/:seq', async (c) => {
    const p = readParams(url(c), NONE);
    if (!p.ok) return badParams(c, p);
    const seq = seqParam(c);
    if (seq === undefined) return fail(c, 400, 'bad_parameter', `event '${c.req.param('seq') ?? ''}' is not a stored event number (seq)`, 'seq');
    const d = await eventDetail(env.query, seq, env.interpret);
    return d === undefined ? fail(c, 404, 'not_found', `no event ${seq} in the store`) : c.json(d);
  });

  api.get('/events/:seq/process-tree', async (c) => {
    const p = readParams(url(c), NONE);
    if (!p.ok) return badParams(c, p);
    const seq = seqParam(c);
    if (seq === undefined) return fail(c, 400, 'bad_parameter', `event '${c.req.param('seq') ?? ''}' is not a stored event number (seq)`, 'seq');
    const t = await processTree(env.query, seq);
    return t === undefined ? fail(c, 404, 'not_found', `no event ${seq} in the store`) : c.json(t);
  });

  api.get('/reports/:kind', async (c) => {
    const kind = REPORTS.find((k) => k === c.req.param('kind'));
    if (kind === undefined) return fail(c, 404, 'not_found', `no report '${c.req.param('kind') ?? ''}'; reports: ${REPORTS.join(', ')}`);
    const p = readParams(url(c), RANGE);
    if (!p.ok) return badParams(c, p);
    const range = { fromMs: p.values.from, toMs: p.values.to };
    // The store only grows while served: its newest seq names its state.
    const [top] = await env.query('SELECT coalesce(max(seq), 0)::DOUBLE AS s, count(*)::DOUBLE AS n FROM events', {});
    const key = `${kind} ${range.fromMs ?? ''} ${range.toMs ?? ''} ${String(top?.s)} ${String(top?.n)}`;
    const cached = reports.get(key);
    if (cached !== undefined) return c.json(cached);
    const report = kind === 'summary' ? await summaryReport(env.query, range, { rows: env.rows, timeoutSec: env.timeoutSec, present: env.report }) : await insightReport(env.query, env.scan, kind satisfies InsightKind, range, env.report);
    reports.set(key, report);
    if (reports.size > MAX_CACHED_REPORTS) reports.delete(reports.keys().next().value as string);
    return c.json(report);
  });

  api.get('/stream', (c) => {
    const p = readParams(url(c), NONE);
    if (!p.ok) return badParams(c, p);
    return streamSSE(c, async (stream) => {
      let open = true;
      const finished = new Promise<void>((resolve) => {
        const unsubscribe = env.live.subscribe((events) => {
          if (!open) return false;
          void stream.writeSSE({ event: 'events', data: JSON.stringify(events) });
          return true;
        }, () => {
          open = false;
          resolve();
        });
        stream.onAbort(() => {
          open = false;
          unsubscribe();
          resolve();
        });
      });
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ following: env.following() ?? null }) });
      while (open) {
        await Promise.race([finished, stream.sleep(env.keepAliveSec * 1000)]);
        if (open) await stream.write(': keep-alive\n\n');
      }
      await stream.close();
    });
  });

  api.all('*', (c) => fail(c, 404, 'not_found', `no API call ${c.req.method} ${new URL(c.req.url).pathname}`));

  api.onError((e, c) => fail(c, 500, 'internal', e instanceof Error ? e.message : String(e)));
  return api;
}
