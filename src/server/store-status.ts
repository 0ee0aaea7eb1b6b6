// What the store holds (queries of the server's own): totals and time span,
// the inputs read, and a summary of the events as the kernel grouped them:
// counts by record type, key, executable, user and syscall outcome, for the
// page's overview.
import { ALL_EVENTS, Presenter, formatSummary } from '../report/index.js';
import type { ReportEnv } from '../report/index.js';
import { sqlSummary } from '../store/index.js';
import type { StoreRows } from '../store/index.js';
import type { SqlValue } from './search-filter.js';
import type { RunQuery } from './store-search.js';
import type { ReportRange } from './store-reports.js';

export interface StoreStatus {
  readonly events: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly sources: Array<{ readonly name: string; readonly ingested: string | null }>;
}

const iso = (v: unknown): string | null => (typeof v === 'number' ? new Date(v).toISOString() : null);

export async function storeStatus(run: RunQuery): Promise<StoreStatus> {
  const [t] = await run('SELECT count(*)::DOUBLE AS n, epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi FROM events', {});
  const sources = await run('SELECT name, epoch_ms(ingested)::DOUBLE AS at FROM sources ORDER BY source_id', {});
  return {
    events: (t?.n as number | undefined) ?? 0,
    first: iso(t?.lo),
    last: iso(t?.hi),
    sources: sources.map((s) => ({ name: s.name as string, ingested: iso(s.at) })),
  };
}

/** Most entries per ranked list. */
const TOP = 20;

function rangeWhere(range: ReportRange, params: Record<string, SqlValue>): string {
  const parts = ['true'];
  if (range.fromMs !== undefined) {
    params.from = range.fromMs;
    parts.push('time >= epoch_ms($from::BIGINT)');
  }
  if (range.toMs !== undefined) {
    params.to = range.toMs;
    parts.push('time < epoch_ms($to::BIGINT)');
  }
  return parts.join(' AND ');
}

/** What the summary page shows of `aureport --summary` over the whole store. */
export interface AureportSummary {
  readonly rows: StoreRows;
  /** The end-of-event timeout the server groups with: the store's inputs must have been grouped with it too. */
  readonly timeoutSec: number;
  readonly present: Pick<ReportEnv, 'users' | 'timeZone'>;
}

/**
 * The text `auspex report --db STORE --summary` prints (aureport's summary,
 * answered from the store's rollups), or null where that answer would not be
 * exact: a time range (aureport's range is of records read, not of the
 * page's events), or inputs grouped with another end-of-event timeout.
 */
async function aureportSummaryText(a: AureportSummary, range: ReportRange): Promise<string | null> {
  if (range.fromMs !== undefined || range.toMs !== undefined) return null;
  const answer = await sqlSummary(a.rows, { filter: ALL_EVENTS, interpret: false, timeoutSec: a.timeoutSec });
  if (answer === undefined) return null;
  const presenter = new Presenter({ interpret: false, escape: 'tty', users: a.present.users, timeZone: a.present.timeZone });
  return formatSummary(answer.model, presenter);
}

export async function summaryReport(run: RunQuery, range: ReportRange, aureport: AureportSummary): Promise<unknown> {
  const params: Record<string, SqlValue> = {};
  const where = rangeWhere(range, params);
  const [t] = await run(
    'SELECT count(*)::DOUBLE AS events, count(*) FILTER (WHERE success = false)::DOUBLE AS failed, ' +
      'epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi, count(DISTINCT auid)::DOUBLE AS users, ' +
      'count(DISTINCT exe)::DOUBLE AS executables, count(DISTINCT key)::DOUBLE AS keys, count(DISTINCT pid)::DOUBLE AS pids, ' +
      'count(DISTINCT syscall)::DOUBLE AS syscalls ' +
      `FROM events WHERE ${where}`,
    params,
  );
  const ranked = async (expr: string, extra = 'true'): Promise<Array<{ name: string | number | null; events: number; failed: number }>> => {
    const rows = await run(
      `SELECT ${expr} AS name, count(*)::DOUBLE AS n, count(*) FILTER (WHERE success = false)::DOUBLE AS f FROM events ` +
        `WHERE ${where} AND ${extra} GROUP BY 1 ORDER BY n DESC, name LIMIT ${TOP}`,
      params,
    );
    return rows.map((r) => ({ name: (r.name as string | number | null) ?? null, events: r.n as number, failed: r.f as number }));
  };
  return {
    report: 'summary',
    note: 'Events as the kernel grouped them (EOE ends an event); aureport --summary groups as ausearch does.',
    events: (t?.events as number | undefined) ?? 0,
    failed: (t?.failed as number | undefined) ?? 0,
    first: iso(t?.lo),
    last: iso(t?.hi),
    distinct: {
      users: (t?.users as number | undefined) ?? 0, executables: (t?.executables as number | undefined) ?? 0,
      keys: (t?.keys as number | undefined) ?? 0, pids: (t?.pids as number | undefined) ?? 0, syscalls: (t?.syscalls as number | undefined) ?? 0,
    },
    by_type: await ranked('type'),
    by_key: await ranked('key', 'key IS NOT NULL'),
    by_exe: await ranked('exe', 'exe IS NOT NULL'),
    by_auid: await ranked('auid::DOUBLE', 'auid IS NOT NULL'),
    by_syscall: await ranked('syscall', 'syscall IS NOT NULL'),
    aureport_summary: await aureportSummaryText(aureport, range),
  };
}
