// aureport's main summary (`--summary`) with SQL over the summary rollups
// (summary-rollup.ts): the per-event counts grouped by what decides them
// (record types, outcome, syscall) and run through report/'s own
// SummaryAggregator, the distinct users, terminals, hosts, executables,
// commands, files, keys and pids counted by DuckDB. Only for what the stored
// rows can answer exactly: the whole store (no -ts/-te), the end-of-event
// timeout the events were grouped with, no --add/--delete and no --debug;
// anything else is replayed.
import { SummaryAggregator } from '../report/index.js';
import type { EventFilter, EventItems, ReportFacts, SummaryCounts, SummaryModel } from '../report/index.js';
import type { SqlValue, StoreRows } from './reader.js';
import { VALUE_KINDS } from './summary-rollup.js';
import { firstReadRecord } from './replay.js';
import type { ValueKind } from './summary-rollup.js';

const NO_STAMP = { sec: 0, milli: 0 };

export interface SqlSummaryRequest {
  readonly filter: EventFilter;
  readonly interpret: boolean;
  readonly timeoutSec: number;
}

/** Why the SQL summary cannot answer, or undefined when it can. */
export function sqlSummaryRefusal(req: SqlSummaryRequest): string | undefined {
  const f = req.filter;
  if (f.startSec !== 0 || f.endSec !== 0) return '-ts/-te';
  if (f.configAction !== 'neither') return '--add/--delete';
  return undefined;
}

function sqlText(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The filter over the rollups' dimensions. */
function whereOf(req: SqlSummaryRequest): string {
  const f = req.filter;
  const parts = [req.interpret ? 'NOT bad_i' : 'NOT bad'];
  if (f.outcome === 'failed') parts.push('success = 0');
  if (f.outcome === 'success') parts.push('success = 1');
  if (f.nodes !== undefined) parts.push(f.nodes.length === 0 ? 'false' : `node IN (${f.nodes.map(sqlText).join(', ')})`);
  if (f.noConfig) parts.push('NOT config');
  return parts.join(' AND ');
}

const EMPTY_ITEMS: EventItems = {
  pid: -1, uid: 0xffffffff, loginuid: 0xfffffffe, success: -1, syscall: 0, arch: 0, sessionId: 0xfffffffe, hostname: null,
  filenames: null, filenameTypes: null, terminal: null, exe: null, comm: null, keys: null, contexts: null, acct: null,
};

/** The counters one event adds, by its record types and outcome, from report/'s aggregator itself. */
function countersOf(types: readonly number[], success: number, syscall: number): readonly number[] {
  const a = new SummaryAggregator();
  const facts: ReportFacts = {
    sec: 0, milli: 0, serial: 0, node: undefined, headType: types[0] ?? -1, types,
    items: { ...EMPTY_ITEMS, success, syscall }, headInterp: undefined, headText: '',
  };
  a.add(facts);
  return a.state().numbers;
}

const n = (v: SqlValue | undefined): number => Number(v ?? 0);

/**
 * The summary model, its parser messages, and whether it could be made
 * here: undefined when the store must be replayed instead (see above, and a
 * store whose -i reading differs for some event).
 */
export async function sqlSummary(reader: StoreRows, req: SqlSummaryRequest): Promise<{ model: SummaryModel; warnings: string } | undefined> {
  if (sqlSummaryRefusal(req) !== undefined) return undefined;
  const sources = await reader.sources();
  if (sources.some((s) => s.timeoutSec !== req.timeoutSec)) return undefined;
  if (req.interpret && n((await reader.rows('SELECT count(*) FROM report_events WHERE odd_i'))[0]?.[0]) > 0) return undefined;
  const where = whereOf(req);

  const agg = new SummaryAggregator();
  const groups = await reader.rows(`SELECT types, success, any_syscall, sum(events) FROM summary_counts WHERE ${where} GROUP BY ALL`);
  const totals = new Array<number>(agg.state().numbers.length).fill(0);
  for (const [types, success, anySyscall, count] of groups) {
    const list = String(types).length === 0 ? [] : String(types).split(',').map(Number);
    const one = countersOf(list, n(success), anySyscall === true ? 1 : 0);
    one.forEach((v, i) => (totals[i] = (totals[i] as number) + v * n(count)));
  }
  agg.absorb({ numbers: totals, users: [], terminals: [], hosts: [], exes: [], comms: [], files: [], keys: [], pids: [] });
  const distinct = new Map<number, number>();
  for (const [kind, count] of await reader.rows(`SELECT kind, count(DISTINCT value) FROM summary_values WHERE ${where} GROUP BY kind`)) {
    distinct.set(n(kind), n(count));
  }
  const of = (k: ValueKind): number => distinct.get(VALUE_KINDS.indexOf(k)) ?? 0;
  const counts: SummaryCounts = {
    ...agg.counts(),
    users: of('users'), terminals: of('terminals'), hosts: of('hosts'), executables: of('executables'), commands: of('commands'),
    files: of('files'), keys: of('keys'), pids: of('pids'),
  };

  // The log's range: its first record, and the last event of its last input.
  const first = await firstReadRecord(reader);
  const last = sources[sources.length - 1];
  const [lastRow] = last === undefined ? [] :
    await reader.rows('SELECT sec, milli FROM report_events WHERE src = $src ORDER BY seq DESC LIMIT 1', { src: last.id });
  const model: SummaryModel = {
    first: first ?? NO_STAMP,
    last: lastRow === undefined ? NO_STAMP : { sec: n(lastRow[0]), milli: n(lastRow[1]) },
    startSec: 0,
    endSec: 0,
    counts,
  };
  const warnings = (await reader.rows('SELECT warnings FROM report_events WHERE warnings IS NOT NULL ORDER BY seq')).map((r) => String(r[0])).join('');
  return { model, warnings };
}
