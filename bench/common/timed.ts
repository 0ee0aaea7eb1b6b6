// One run of a command under GNU time (wall, CPU = user + sys, peak RSS) with
// TZ=UTC LC_ALL=C, as the benchmarks that compare auspex with the peer tools
// take it, and the median they report beside the best run.
import { spawnSync } from 'node:child_process';

export interface Run {
  readonly wallSec: number;
  readonly cpuSec: number;
  readonly maxRssKb: number;
  readonly stdout: Buffer;
  /** What the command itself wrote to stderr (GNU time's line taken off). */
  readonly stderr: string;
  readonly exit: number;
}

export function timed(cmd: string, args: readonly string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %U %S %M', cmd, ...args], {
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const err = r.stderr.toString('utf8');
  const at = err.lastIndexOf('@@');
  const [wall, user, sys, rss] = err.slice(at + 2).trim().split(' ').map(Number);
  return { wallSec: wall ?? NaN, cpuSec: (user ?? NaN) + (sys ?? NaN), maxRssKb: rss ?? NaN, stdout: r.stdout, stderr: err.slice(0, at), exit: r.status ?? -1 };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
