// The highest kernel serial in the last part of an auditd-format log: where a
// restarted collector takes up counting, so the records lost while it was
// down show as a serial gap. Reads at most the file's last 256 KiB.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isHeaderProblem, parseRecordBytes } from '../format/index.js';

const TAIL_BYTES = 256 * 1024;

export function lastSerialInLog(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    let best: number | undefined;
    // Past a cut at the start, the first (partial) line is skipped.
    let at = start === 0 ? 0 : buf.indexOf(10) + 1;
    if (start > 0 && at === 0) return undefined;
    for (let nl = buf.indexOf(10, at); nl >= 0 && nl < n; nl = buf.indexOf(10, at)) {
      const r = parseRecordBytes(buf, at, nl, path, 0);
      // DAEMON_* records carry the daemon's own numbers.
      if (!isHeaderProblem(r) && (r.type < 1200 || r.type > 1299) && (best === undefined || r.serial > best)) best = r.serial;
      at = nl + 1;
    }
    return best;
  } finally {
    closeSync(fd);
  }
}
