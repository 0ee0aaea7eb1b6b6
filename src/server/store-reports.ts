// auspex's io_uring, BPF and container reports over the store, as JSON (the
// server's own queries): the stored events, grouped as the kernel meant them
// like these reports group a log, are fed in read order to report/'s own run,
// so the JSON is `auspex report --uring|--bpf|--container --json`'s. Only
// the events a report can use are read (typed columns find them):
// - io_uring: events with an op, and for each op run outside its syscall
//   (io-wq, SQPOLL) the last syscall event of its process before it, which
//   the report takes as the ring owner's (an ASOF join finds it);
// - BPF: events with a prog-id;
// - containers: events naming a container (the rest count as "none", by SQL).
import { recordTypeLabel } from '../format/index.js';
import { ALL_EVENTS, createReportRun } from '../report/index.js';
import type { InsightKind, ReportEnv, ReportOptions } from '../report/index.js';
import { eventFromLines, storedBytes } from './event-rows.js';
import type { SqlValue } from './search-filter.js';
import type { RunQuery, ScanQuery } from './store-search.js';

export interface ReportRange {
  readonly fromMs: number | undefined;
  readonly toMs: number | undefined;
}

const CONTAINER_OP = recordTypeLabel(1020);

/** The seqs of the events a report reads, given the range condition on `time`. */
function relevant(kind: InsightKind, range: string): string {
  switch (kind) {
    case 'uring':
      return `seq IN (
        WITH ops AS (SELECT seq, rseq, pid, syscall FROM events WHERE uring_op IS NOT NULL AND ${range}),
        owners AS (SELECT seq, rseq, pid FROM events WHERE syscall IS NOT NULL AND pid IS NOT NULL AND ${range})
        SELECT seq FROM ops
        UNION SELECT o.seq FROM (SELECT rseq, pid FROM ops WHERE syscall IS NULL AND pid IS NOT NULL) a
          ASOF JOIN owners o ON a.pid = o.pid AND a.rseq > o.rseq)`;
    case 'bpf':
      return `bpf_prog_id IS NOT NULL AND ${range}`;
    case 'container':
      return `${CONTAINER_SQL} AND ${range}`;
  }
}

/** Events with a contid in some record: the column holds the first one's, a CONTAINER_OP's is its own. */
const CONTAINER_SQL = `(container IS NOT NULL OR list_contains(types, '${CONTAINER_OP}'))`;

function options(kind: InsightKind): ReportOptions {
  return {
    choice: { kind: 'insight', report: kind, json: true },
    filter: ALL_EVENTS,
    input: { file: undefined, forceLogs: false, eoeTimeoutSec: undefined, db: undefined },
    presentation: { interpret: false, escape: 'raw' },
    debug: false,
  };
}

export async function insightReport(run: RunQuery, scan: ScanQuery, kind: InsightKind, range: ReportRange, env: Pick<ReportEnv, 'users' | 'timeZone'>): Promise<unknown> {
  const report = await createReportRun(options(kind), env);
  const params: Record<string, SqlValue> = {};
  const bounds = ['true'];
  if (range.fromMs !== undefined) {
    params.from = range.fromMs;
    bounds.push('time >= epoch_ms($from::BIGINT)');
  }
  if (range.toMs !== undefined) {
    params.to = range.toMs;
    bounds.push('time < epoch_ms($to::BIGINT)');
  }
  const inRange = bounds.join(' AND ');
  const where = [relevant(kind, inRange)];
  await scan(`SELECT raw, raw_bytes FROM events WHERE ${where.join(' AND ')} ORDER BY rseq`, params, (rows) => {
    for (const [raw, rawBytes] of rows) {
      const event = eventFromLines(storedBytes(raw as string, (rawBytes as Uint8Array | null) ?? null), 'store', 1);
      if (event !== undefined) report.event(event);
    }
  });
  const json = JSON.parse(report.finish().stdout) as Record<string, unknown>;
  if (kind === 'container') await addUncontained(run, json, inRange, params);
  return json;
}

// Events naming no container were not read: the report counts them as
// "none", so their number and first/last time are added from SQL.
async function addUncontained(run: RunQuery, json: Record<string, unknown>, range: string, params: Record<string, SqlValue>): Promise<void> {
  const where = `NOT ${CONTAINER_SQL} AND ${range}`;
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
