// The file side of the auditd-format log, with auditd 3.0.9's semantics
// (auditd-event.c): open for append with O_NOFOLLOW (O_DSYNC / O_SYNC for
// flush = data / sync), create 0600 (0640 with a log group) and fix the mode
// and owner of an existing file; rotate by renaming LOG.(n-1) → LOG.n ...
// LOG → LOG.1, the closed file made read-only; KEEP_LOGS shifts without ever
// deleting (the next free number); excess LOG.n past num_logs are removed.
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FlushMode } from './config.js';

export interface OpenLog {
  readonly fd: number;
  /** Size when opened (appends follow). */
  readonly size: number;
}

function modeFor(group: number, writable: boolean): number {
  if (writable) return group !== 0 ? 0o640 : 0o600;
  return group !== 0 ? 0o440 : 0o400;
}

export function openLog(path: string, group: number, flush: FlushMode): OpenLog {
  mkdirSync(dirname(path), { recursive: true, mode: group !== 0 ? 0o750 : 0o700 });
  let flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW; // libuv adds O_CLOEXEC itself
  if (flush === 'data') flags |= constants.O_DSYNC;
  else if (flush === 'sync') flags |= constants.O_SYNC;
  const fd = openSync(path, flags, modeFor(group, true));
  try {
    fchmodSync(fd, modeFor(group, true));
    if (process.getuid?.() === 0) fchownSync(fd, 0, group);
    return { fd, size: fstatSync(fd).size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Closes a log being rotated away, read-only from now on. */
export function retireLog(fd: number, group: number): void {
  try {
    fchmodSync(fd, modeFor(group, false));
  } catch {
    // as auditd: a mode we cannot change is not a reason to stop logging
  }
  closeSync(fd);
}

function renameIfThere(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** auditd's rotate_logs after the current file is closed: LOG.(n-2) → LOG.(n-1) ... LOG → LOG.1. */
export function rotateFiles(path: string, numLogs: number): void {
  for (let i = numLogs - 1; i > 1; i--) renameIfThere(`${path}.${i - 1}`, `${path}.${i}`);
  renameIfThere(path, `${path}.1`);
}

/** auditd's shift_logs (KEEP_LOGS): the first unused number, then rotate over all of them, deleting none. */
export function shiftFiles(path: string): void {
  let n = 1;
  for (;;) {
    try {
      statSync(`${path}.${n}`);
      n++;
    } catch {
      break;
    }
  }
  rotateFiles(path, n + 1);
}

/** auditd's check_excess_logs: LOG.n for n >= num_logs go (only with ROTATE and a limit). */
export function removeExcessLogs(path: string, numLogs: number): string[] {
  const removed: string[] = [];
  for (let i = numLogs; ; i++) {
    try {
      unlinkSync(`${path}.${i}`);
      removed.push(`${path}.${i}`);
    } catch {
      return removed;
    }
  }
}
