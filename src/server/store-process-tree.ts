// The process tree around an event, from what the store holds (a query of
// the server's own): the event's process, its ancestors by ppid (each as its
// latest event at or before the event's time) and its children (processes
// whose ppid is it). Pids are reused, so everything is looked up within a
// window around the event; an ancestor with no event in the store still
// appears, by pid only.
import type { ProcessInfo, ProcessTreeView } from './api-types.js';
import type { RunQuery } from './store-search.js';

export const TREE_WINDOW_MS = 24 * 3600 * 1000;
const MAX_ANCESTORS = 16;
const MAX_CHILDREN = 200;

function iso(ms: unknown): string | null {
  return typeof ms === 'number' ? new Date(ms).toISOString() : null;
}

function info(r: Record<string, unknown>): ProcessInfo {
  return {
    pid: r.pid as number,
    ppid: (r.ppid as number | null) ?? null,
    exe: (r.exe as string | null) ?? null,
    comm: (r.comm as string | null) ?? null,
    uid: (r.uid as number | null) ?? null,
    auid: (r.auid as number | null) ?? null,
    events: (r.n as number | undefined) ?? 0,
    first: iso(r.lo),
    last: iso(r.hi),
    seq: (r.seq as number | null) ?? null,
  };
}

// The process `pid` as its events up to the asking event describe it: the
// latest by time, then by read order (many events share a millisecond).
const LATEST = "{'t': time, 's': seq}";
const AS_OF = `SELECT pid, arg_max(ppid, ${LATEST}) AS ppid, arg_max(exe, ${LATEST}) AS exe, arg_max(comm, ${LATEST}) AS comm, ` +
  `arg_max(uid, ${LATEST})::DOUBLE AS uid, arg_max(auid, ${LATEST})::DOUBLE AS auid, count(*)::DOUBLE AS n, ` +
  `epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi, arg_max(seq, ${LATEST})::DOUBLE AS seq ` +
  'FROM events WHERE pid = $pid AND (time < epoch_ms($at::BIGINT) OR (time = epoch_ms($at::BIGINT) AND seq <= $seq::BIGINT)) ' +
  'AND time >= epoch_ms($lo::BIGINT) GROUP BY pid';

export async function processTree(run: RunQuery, seq: number): Promise<ProcessTreeView | undefined> {
  const [ev] = await run('SELECT pid, ppid, epoch_ms(time)::DOUBLE AS ms FROM events WHERE seq = $seq::BIGINT', { seq });
  if (ev === undefined) return undefined;
  const pid = ev.pid as number | null;
  const at = ev.ms as number;
  const view = { windowMs: TREE_WINDOW_MS };
  if (pid === null) return { self: null, ancestors: [], children: [], ...view };
  const lo = at - TREE_WINDOW_MS;
  const [selfRow] = await run(AS_OF, { pid, at, lo, seq });
  const self = selfRow === undefined ? null : info(selfRow);
  const ancestors: ProcessInfo[] = [];
  const seen = new Set<number>([pid]);
  let ppid = (ev.ppid as number | null) ?? self?.ppid ?? null;
  while (ppid !== null && ppid > 0 && ancestors.length < MAX_ANCESTORS && !seen.has(ppid)) {
    seen.add(ppid);
    const [row] = await run(AS_OF, { pid: ppid, at, lo, seq });
    if (row === undefined) {
      ancestors.push({ pid: ppid, ppid: null, exe: null, comm: null, uid: null, auid: null, events: 0, first: null, last: null, seq: null });
      break;
    }
    const p = info(row);
    ancestors.push(p);
    ppid = p.ppid;
  }
  const children = await run(
    `SELECT pid, arg_min(ppid, ${LATEST}) AS ppid, arg_min(exe, ${LATEST}) AS exe, arg_min(comm, ${LATEST}) AS comm, ` +
      `arg_min(uid, ${LATEST})::DOUBLE AS uid, arg_min(auid, ${LATEST})::DOUBLE AS auid, count(*)::DOUBLE AS n, ` +
      `epoch_ms(min(time))::DOUBLE AS lo, epoch_ms(max(time))::DOUBLE AS hi, arg_min(seq, ${LATEST})::DOUBLE AS seq ` +
      'FROM events WHERE ppid = $pid AND pid <> $pid AND time >= epoch_ms($lo::BIGINT) AND time <= epoch_ms($hi::BIGINT) ' +
      `GROUP BY pid ORDER BY lo, pid LIMIT ${MAX_CHILDREN}`,
    { pid, lo, hi: at + TREE_WINDOW_MS },
  );
  return { self, ancestors, children: children.map(info), ...view };
}
