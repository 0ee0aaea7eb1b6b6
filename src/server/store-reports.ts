// auspex's io_uring, BPF and container reports over the store, as JSON (the
// server's own queries): the stored events, grouped as the kernel meant them
// like these reports group a log, are fed in read order to report/'s own run,
// so the JSON is `auspex report --uring|--bpf|--container --json`'s. Only
// the events a report can use are read: all events of the processes that
// ran io_uring ops (the owner of an io-wq op is its process's last syscall),
// BPF events, and events naming a container (the rest count as "none").
import { createReportRun } from '../report/index.js';
import type { InsightKind, ReportEnv, ReportOptions } from '../report/index.js';
import { eventFromLines, storedBytes } from './event-rows.js';
import type { SqlValue } from './search-filter.js';
import type { RunQuery } from './store-search.js';

export interface ReportRange {
  readonly fromMs: number | undefined;
  readonly toMs: number | undefined;
}

const RELEVANT: Readonly<Record<InsightKind, string>> = {
  uring: "pid IN (SELECT DISTINCT pid FROM events WHERE list_contains(types, 'URINGOP') AND pid IS NOT NULL)",
  bpf: "list_contains(types, 'BPF')",
  container: "contains(raw, 'contid=')",
};

function options(kind: InsightKind): ReportOptions {
  return {
    choice: { kind: 'insight', report: kind, json: true },
    filter: { outcome: 'both', configAction: 'neither', noConfig: false, nodes: undefined, startSec: 0, endSec: 0 },
    input: { file: undefined, forceLogs: false, eoeTimeoutSec: undefined, db: undefined },
    presentation: { interpret: false, escape: 'raw' },
    debug: false,
  };
}

/** Rows read from DuckDB at a time, so a large store is never held whole. */
const PAGE_ROWS = 5000;

export async function insightReport(run: RunQuery, kind: InsightKind, range: ReportRange, env: Pick<ReportEnv, 'users' | 'timeZone'>): Promise<unknown> {
  const report = await createReportRun(options(kind), env);
  const params: Record<string, SqlValue> = {};
  const where = [RELEVANT[kind]];
  if (range.fromMs !== undefined) {
    params.from = range.fromMs;
    where.push('time >= epoch_ms($from::BIGINT)');
  }
  if (range.toMs !== undefined) {
    params.to = range.toMs;
    where.push('time < epoch_ms($to::BIGINT)');
  }
  let after = -1;
  for (;;) {
    const rows = await run(
      `SELECT rseq::DOUBLE AS rseq, raw, raw_bytes FROM events WHERE ${where.join(' AND ')} AND rseq > $after::BIGINT ORDER BY rseq LIMIT ${PAGE_ROWS}`,
      { ...params, after },
    );
    for (const r of rows) {
      const event = eventFromLines(storedBytes(r.raw as string, r.raw_bytes as Uint8Array | null), 'store', 1);
      if (event !== undefined) report.event(event);
      after = r.rseq as number;
    }
    if (rows.length < PAGE_ROWS) break;
  }
  const json = JSON.parse(report.finish().stdout) as Record<string, unknown>;
  if (kind === 'container') await addUncontained(run, json, where.slice(1), params);
  return json;
}

// Events with no contid= anywhere were not read: the report counts them as
// "none", so their number and first/last time are added from SQL.
async function addUncontained(run: RunQuery, json: Record<string, unknown>, range: string[], params: Record<string, SqlValue>): Promise<void> {
  const where = ["NOT contains(raw, 'contid=')", ...range].join(' AND ');
  const [row] = await run(`SELECT count(*)::DOUBLE AS n, epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi FROM events WHERE ${where}`, params);
  const n = (row?.n as number | undefined) ?? 0;
  if (n === 0) return;
  const lo = new Date(row?.lo as number).toISOString();
  const hi = new Date(row?.hi as number).toISOString();
  json.events = ((json.events as number | undefined) ?? 0) + n;
  const containers = (json.containers as Array<{ id: string; events: number; first: string; last: string }> | undefined) ?? [];
  const none = containers.find((c) => c.id === 'none');
  if (none === undefined) containers.push({ id: 'none', events: n, first: lo, last: hi });
  else {
    none.events += n;
    if (lo < none.first) none.first = lo;
    if (hi > none.last) none.last = hi;
  }
  containers.sort((a, b) => b.events - a.events);
  json.containers = containers;
}
