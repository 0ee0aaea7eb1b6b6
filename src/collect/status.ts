// The collector's counters as published for `auspex collect --status`: a
// JSON state file the daemon rewrites (atomically) every status interval and
// leaves behind on exit marked not running, which is also what a restart
// resumes from (the last serial written, a followed file's position).
// Formatting for the terminal is here too; reading and writing the file are
// the daemon's and the CLI's.
import type { FilePosition } from './file-source.js';

export interface KernelCounters {
  readonly enabled: number;
  /** Pid the kernel sends records to (0: none). */
  readonly pid: number;
  readonly lost: number;
  readonly backlog: number;
  readonly backlogLimit: number;
}

export interface CollectStatus {
  readonly version: 1;
  readonly pid: number;
  readonly running: boolean;
  readonly source: string;
  readonly startedMs: number;
  readonly updatedMs: number;
  readonly records: number;
  readonly events: number;
  readonly recordsPerSec: number;
  readonly eventsPerSec: number;
  /** Peak of (wall clock - record time) over the last interval. */
  readonly lagMs: number;
  /** The kernel's counters at the last poll (netlink sources only). */
  readonly kernel: KernelCounters | null;
  /** Increase of the kernel's lost count while we ran. */
  readonly kernelLostSinceStart: number;
  /** The kernel's lost count when we started (records lost before us). */
  readonly kernelLostAtStart: number | null;
  /** Multicast deliveries that failed for want of room in our socket (ENOBUFS). */
  readonly overruns: number;
  readonly serialGaps: number;
  readonly missingSerials: number;
  readonly lateSerials: number;
  readonly lastSerial: number | null;
  readonly badLines: number;
  readonly log: { readonly path: string; readonly records: number; readonly bytes: number; readonly rotations: number; readonly suspended: boolean; readonly writeErrors: number; readonly dropped: number } | null;
  readonly json: { readonly path: string; readonly events: number } | null;
  readonly filePosition: FilePosition | null;
}

export function parseStatus(text: string): CollectStatus | undefined {
  try {
    const v = JSON.parse(text) as Partial<CollectStatus>;
    return v.version === 1 && typeof v.pid === 'number' ? (v as CollectStatus) : undefined;
  } catch {
    return undefined;
  }
}

function rate(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

/** The --status text. `alive` tells whether the recorded pid still runs; `kernel` is a fresh poll when we could make one. */
export function formatStatus(s: CollectStatus, alive: boolean, nowMs: number, kernel: KernelCounters | undefined): string {
  const k = kernel ?? s.kernel ?? undefined;
  const state = s.running && alive ? 'running' : s.running ? 'not running (died without stopping)' : 'stopped';
  const age = Math.max(0, Math.round((nowMs - s.updatedMs) / 1000));
  const lines = [
    `auspex collect pid ${s.pid}: ${state}; source ${s.source}; up ${Math.round((s.updatedMs - s.startedMs) / 1000)} s; status ${age} s old`,
    `events/s ${rate(s.eventsPerSec)} (records/s ${rate(s.recordsPerSec)}); ${s.events} events, ${s.records} records`,
    `lag ${s.lagMs} ms`,
    k === undefined
      ? 'lost (kernel) unknown: not a netlink source'
      : `lost ${k.lost} (kernel total; ${s.kernelLostSinceStart} since start${s.kernelLostAtStart === null ? '' : `, ${s.kernelLostAtStart} before`})`,
    k === undefined ? 'backlog unknown' : `backlog ${k.backlog} (limit ${k.backlogLimit}); kernel sends to pid ${k.pid}, enabled ${k.enabled}`,
    `serial gaps ${s.serialGaps} (${s.missingSerials} serials missing, ${s.lateSerials} arrived late); last serial ${s.lastSerial ?? '-'}`,
    `socket overruns ${s.overruns}; bad input lines ${s.badLines}`,
  ];
  if (s.log !== null) {
    lines.push(`log ${s.log.path}: ${s.log.records} records, ${s.log.bytes} bytes, ${s.log.rotations} rotations${s.log.suspended ? ', SUSPENDED' : ''}${s.log.writeErrors > 0 ? `, ${s.log.writeErrors} write errors` : ''}${s.log.dropped > 0 ? `, ${s.log.dropped} records not written` : ''}`);
  }
  if (s.json !== null) lines.push(`json ${s.json.path}: ${s.json.events} events`);
  return `${lines.join('\n')}\n`;
}
