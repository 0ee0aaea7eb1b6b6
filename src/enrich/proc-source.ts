// What enrichment reads of a live process, behind one small interface so the
// pure parts can be fed captured text: /proc/PID/stat (ppid, comm, start
// time), the exe link, status (uids and gids), loginuid, sessionid, cgroup,
// and the thread names (io_uring's iou-sqp / iou-wrk threads). Every read may
// fail (the process is gone): undefined, never a throw.
import { closeSync, openSync, readSync, readdirSync, readlinkSync, statSync } from 'node:fs';

export interface ProcSource {
  /** Pids of every process now. */
  pids(): number[];
  stat(pid: number): string | undefined;
  exe(pid: number): string | undefined;
  status(pid: number): string | undefined;
  loginuid(pid: number): string | undefined;
  sessionid(pid: number): string | undefined;
  cgroup(pid: number): string | undefined;
  threadNames(pid: number): string[];
}

const scratch = Buffer.allocUnsafe(64 * 1024);

/** A small /proc file: open, read, close into one reused buffer (readFileSync also fstats and allocates). */
function read(path: string): string | undefined {
  // Most misses are processes already gone: stat without an exception first
  // (a thrown ENOENT costs more than the read itself).
  if (statSync(path, { throwIfNoEntry: false }) === undefined) return undefined;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    let n = 0;
    for (;;) {
      const got = readSync(fd, scratch, n, scratch.length - n, null);
      if (got <= 0 || n + got >= scratch.length) return scratch.toString('latin1', 0, n + got);
      n += got;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function createProcSource(root = '/proc'): ProcSource {
  return {
    pids() {
      try {
        return readdirSync(root).filter((n) => /^\d+$/.test(n)).map(Number);
      } catch {
        return [];
      }
    },
    stat: (pid) => read(`${root}/${pid}/stat`),
    exe(pid) {
      try {
        return readlinkSync(`${root}/${pid}/exe`, 'latin1');
      } catch {
        return undefined;
      }
    },
    status: (pid) => read(`${root}/${pid}/status`),
    loginuid: (pid) => read(`${root}/${pid}/loginuid`),
    sessionid: (pid) => read(`${root}/${pid}/sessionid`),
    cgroup: (pid) => read(`${root}/${pid}/cgroup`),
    threadNames(pid) {
      try {
        return readdirSync(`${root}/${pid}/task`).map((t) => (read(`${root}/${pid}/task/${t}/comm`) ?? '').trim());
      } catch {
        return [];
      }
    },
  };
}

export interface StatFields {
  readonly comm: string;
  readonly ppid: number;
  /** Start time after boot, in clock ticks: with the pid, names one process across pid reuse. */
  readonly start: number;
}

/** /proc/PID/stat: `pid (comm) state ppid ...`; comm may hold spaces and parentheses. */
export function parseStat(text: string): StatFields | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  const start = Number(rest[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(start)) return undefined;
  return { comm: text.slice(open + 1, close), ppid, start };
}

/** The real, effective, saved and fs ids from /proc/PID/status `Uid:` and `Gid:` lines. */
export function parseIds(status: string, which: 'Uid' | 'Gid'): [number, number, number, number] | undefined {
  const m = new RegExp(`^${which}:\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)`, 'm').exec(status);
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}
