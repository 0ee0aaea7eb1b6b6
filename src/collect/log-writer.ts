// The auditd-format log sink, with auditd 3.0.9's settings and meanings:
// max_log_file / max_log_file_action (ignore, syslog, suspend, rotate,
// keep_logs), num_logs, flush + freq (none, incremental, incremental_async,
// data, sync), space_left / admin_space_left and their actions,
// disk_full_action and disk_error_action; rotation on request (SIGUSR1) and
// resumption (SIGUSR2). Unlike auditd, which writes each record with its own
// write(), a batch of records goes out in one write() (records that cross
// max_log_file still end the file they were written to, as in auditd).
// "syslog" messages go to the notice callback (the daemon's stderr).
import { closeSync, fsync, fsyncSync, statfsSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogConfig } from './config.js';
import type { DiskAction, SpaceAmount } from './config-values.js';
import { openLog, removeExcessLogs, retireLog, rotateFiles, shiftFiles } from './log-files.js';

const MEGABYTE = 1024 * 1024;
const BUFFER_BYTES = 1 << 20;
const SPACE_CHECK_BYTES = 64 * 1024;
/** auditd will not use the last 5 blocks of the file system. */
const RESERVED_BLOCKS = 5;

export interface LogWriterHost {
  notice(message: string): void;
  /** exec actions: runs the script (auditd's safe_exec), detached. */
  exec(path: string): void;
  /** single / halt: asks init for runlevel 1 / 0, as auditd does. */
  changeRunlevel(level: '1' | '0'): void;
}

export interface LogWriterTotals {
  readonly records: number;
  readonly bytes: number;
  readonly rotations: number;
  readonly writeErrors: number;
  /** Records not written because logging was suspended. */
  readonly dropped: number;
  readonly suspended: boolean;
}

export class LogWriter {
  #config: LogConfig;
  readonly #host: LogWriterHost;
  #fd = -1;
  #size = 0;
  #buf = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;
  #pendingRecords = 0;
  #suspended = false;
  #sinceFlush = 0;
  #asyncFlushBusy = false;
  #lastSpaceCheck = 0;
  #bytesAtSpaceCheck = 0;
  #spaceWarned = false;
  #adminSpaceWarned = false;
  #spaceLeftOk = true;
  #errorWarnings = 0;
  #records = 0;
  #bytes = 0;
  #rotations = 0;
  #writeErrors = 0;
  #dropped = 0;

  constructor(config: LogConfig, host: LogWriterHost) {
    this.#config = config;
    this.#host = host;
  }

  get path(): string {
    return this.#config.file;
  }

  get totals(): LogWriterTotals {
    return { records: this.#records, bytes: this.#bytes, rotations: this.#rotations, writeErrors: this.#writeErrors, dropped: this.#dropped, suspended: this.#suspended };
  }

  open(): void {
    const c = this.#config;
    if (c.maxLogFileAction === 'rotate' && c.numLogs >= 2) removeExcessLogs(c.file, c.numLogs);
    const log = openLog(c.file, c.group, c.flush);
    this.#fd = log.fd;
    this.#size = log.size;
    this.#checkSize();
  }

  /** Appends one record line (without its newline); written at commit() or when the buffer fills. */
  append(bytes: Uint8Array, start: number, end: number, tail?: Buffer): void {
    if (this.#suspended || this.#fd < 0) {
      this.#dropped++;
      return;
    }
    const n = end - start + (tail === undefined ? 0 : tail.length) + 1;
    if (this.#used + n > this.#buf.length) {
      this.commit();
      if (n > this.#buf.length) this.#buf = Buffer.allocUnsafe(n);
    }
    this.#buf.set(bytes.subarray(start, end), this.#used);
    this.#used += end - start;
    if (tail !== undefined) this.#used += tail.copy(this.#buf, this.#used);
    this.#buf[this.#used++] = 10;
    this.#pendingRecords++;
    // A record that takes the file past max_log_file ends it (auditd checks after each record).
    if (Math.floor((this.#size + this.#used) / MEGABYTE) >= this.#config.maxLogFileMb && this.#config.maxLogFileAction !== 'ignore') this.commit();
  }

  /** Writes what was appended: one write(), then the flush policy, size and space checks. */
  commit(): void {
    if (this.#used === 0) return;
    const records = this.#pendingRecords;
    const data = this.#buf.subarray(0, this.#used);
    this.#used = 0;
    this.#pendingRecords = 0;
    if (this.#fd < 0 || this.#suspended) {
      this.#dropped += records;
      return;
    }
    let off = 0;
    try {
      while (off < data.length) off += writeSync(this.#fd, data, off, data.length - off);
    } catch (e) {
      this.#size += off;
      this.#dropped += records;
      this.#writeFailed(e as NodeJS.ErrnoException);
      return;
    }
    this.#size += data.length;
    this.#bytes += data.length;
    this.#records += records;
    this.#errorWarnings = 0;
    this.#flushPolicy(records);
    this.#checkSize();
    this.#checkSpace(false);
  }

  /** SIGUSR1: rotate now (shift with keep_logs), as auditd's rotate_logs_now. */
  rotateNow(): void {
    this.commit();
    if (this.#config.maxLogFileAction === 'keep_logs') this.#shift();
    else this.#rotate();
  }

  /** SIGUSR2: resume after a suspend or exec action, reopening the file. */
  resume(): void {
    this.#suspended = false;
    this.#spaceLeftOk = true;
    this.#spaceWarned = this.#adminSpaceWarned = false;
    this.#errorWarnings = 0;
    if (this.#fd < 0) this.#reopen('resume');
  }

  /** SIGHUP: new settings; the file is reopened when its path or sync mode changed. */
  reconfigure(config: LogConfig): void {
    this.commit();
    const old = this.#config;
    this.#config = config;
    if (old.file !== config.file || old.flush !== config.flush || old.group !== config.group) {
      this.#close();
      this.#reopen('reconfigure');
    }
  }

  /** Flushes to disk and closes (SIGTERM). */
  close(): void {
    this.commit();
    if (this.#fd >= 0 && this.#config.flush !== 'none') {
      try {
        fsyncSync(this.#fd);
      } catch {
        // closing anyway
      }
    }
    this.#close();
  }

  /** Closes the file; a file rotated away is made read-only first, as auditd does. */
  #close(retire = false): void {
    if (this.#fd >= 0) {
      if (retire) retireLog(this.#fd, this.#config.group);
      else closeSync(this.#fd);
    }
    this.#fd = -1;
  }

  #reopen(why: string): void {
    try {
      const log = openLog(this.#config.file, this.#config.group, this.#config.flush);
      this.#fd = log.fd;
      this.#size = log.size;
    } catch (e) {
      this.#host.notice(`could not reopen the log after ${why}: ${(e as Error).message}`);
      this.#suspended = true;
      this.#diskError(why, e as NodeJS.ErrnoException);
    }
  }

  #flushPolicy(records: number): void {
    const mode = this.#config.flush;
    if (mode !== 'incremental' && mode !== 'incremental_async') return;
    this.#sinceFlush += records;
    if (this.#sinceFlush < this.#config.freq) return;
    this.#sinceFlush %= this.#config.freq;
    if (mode === 'incremental') {
      try {
        fsyncSync(this.#fd);
      } catch (e) {
        this.#diskError('fsync', e as NodeJS.ErrnoException);
      }
    } else if (!this.#asyncFlushBusy) {
      // auditd hands fsync to a flush thread; libuv's pool does the same here.
      this.#asyncFlushBusy = true;
      const fd = this.#fd;
      fsync(fd, () => {
        this.#asyncFlushBusy = false;
      });
    }
  }

  #checkSize(): void {
    const c = this.#config;
    if (Math.floor(this.#size / MEGABYTE) < c.maxLogFileMb) return;
    switch (c.maxLogFileAction) {
      case 'ignore':
        return;
      case 'syslog':
        this.#host.notice('Audit daemon log file is larger than max size');
        return;
      case 'suspend':
        this.#host.notice('Audit daemon is suspending logging due to logfile size.');
        this.#suspend();
        return;
      case 'rotate':
        if (c.numLogs > 1) this.#rotate();
        return;
      case 'keep_logs':
        this.#shift();
        return;
      default: {
        const never: never = c.maxLogFileAction;
        throw new Error(`unknown size action ${String(never)}`);
      }
    }
  }

  #rotate(): void {
    const c = this.#config;
    if (c.numLogs < 2) {
      this.#host.notice('Log rotation disabled (num_logs < 2), skipping');
      return;
    }
    this.#close(true);
    rotateFiles(c.file, c.numLogs);
    this.#rotations++;
    this.#reopen('rotating');
  }

  #shift(): void {
    this.#close(true);
    shiftFiles(this.#config.file);
    this.#rotations++;
    this.#reopen('rotating');
  }

  #suspend(): void {
    this.#close();
    this.#suspended = true;
  }

  /**
   * Free space against space_left and admin_space_left: after every 64 KiB
   * written or 100 ms, whichever comes first (auditd checks on most writes;
   * statfs is cheap, but not free per record).
   */
  #checkSpace(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.#lastSpaceCheck < 100 && this.#bytes - this.#bytesAtSpaceCheck < SPACE_CHECK_BYTES) return;
    this.#lastSpaceCheck = now;
    this.#bytesAtSpaceCheck = this.#bytes;
    let st;
    try {
      st = statfsSync(dirname(this.#config.file));
    } catch {
      return;
    }
    if (st.bavail < RESERVED_BLOCKS) {
      if (this.#spaceLeftOk) {
        this.#spaceLeftOk = false;
        this.#diskFull();
      }
      return;
    }
    const blocks = (amount: SpaceAmount): number =>
      amount.kind === 'megabytes' ? (amount.megabytes * MEGABYTE) / st.bsize : (st.blocks * amount.percent) / 100;
    const c = this.#config;
    if (st.bavail < blocks(c.spaceLeft)) {
      if (!this.#spaceWarned) {
        this.#host.notice('Audit daemon is low on disk space for logging');
        this.#act(c.spaceLeftAction, 'low on disk space');
        if (c.spaceLeftAction.kind !== 'rotate') this.#spaceWarned = true;
      }
    } else if (this.#spaceWarned && c.spaceLeftAction.kind === 'syslog') {
      this.#spaceWarned = false;
    }
    if (st.bavail < blocks(c.adminSpaceLeft)) {
      if (!this.#adminSpaceWarned) {
        this.#host.notice('Audit daemon is very low on disk space for logging');
        this.#act(c.adminSpaceLeftAction, 'very low on disk space');
        if (c.adminSpaceLeftAction.kind !== 'rotate') this.#adminSpaceWarned = true;
      }
    } else if (this.#adminSpaceWarned && c.adminSpaceLeftAction.kind === 'syslog') {
      this.#adminSpaceWarned = false;
    }
  }

  #writeFailed(e: NodeJS.ErrnoException): void {
    this.#writeErrors++;
    if (e.code === 'ENOSPC') {
      if (this.#spaceLeftOk) {
        this.#spaceLeftOk = false;
        this.#diskFull();
      }
    } else {
      this.#diskError('write', e);
    }
  }

  #diskFull(): void {
    this.#host.notice('Audit daemon has no space left on logging partition');
    this.#act(this.#config.diskFullAction, 'no space left on logging partition');
  }

  #diskError(what: string, e: NodeJS.ErrnoException): void {
    const action = this.#config.diskErrorAction;
    if (action.kind === 'syslog') {
      if (this.#errorWarnings < 5) this.#host.notice(`${what}: Audit daemon detected an error writing an event to disk (${e.message})`);
      this.#errorWarnings++;
      return;
    }
    this.#act(action, 'a disk error');
  }

  #act(action: DiskAction, why: string): void {
    switch (action.kind) {
      case 'ignore':
      case 'syslog':
        return;
      case 'rotate':
        if (this.#config.numLogs > 1) this.#rotate();
        return;
      case 'suspend':
        this.#host.notice(`Audit daemon is suspending logging due to ${why}.`);
        this.#suspend();
        return;
      case 'exec':
        // The script may move or compress the log: closed until SIGUSR2 (resume).
        this.#suspend();
        this.#host.exec(action.path);
        return;
      case 'single':
        this.#host.notice(`The audit daemon is now changing the system to single user mode due to ${why}`);
        this.#host.changeRunlevel('1');
        return;
      case 'halt':
        this.#host.notice(`The audit daemon is now halting the system due to ${why}`);
        this.#host.changeRunlevel('0');
        return;
      default: {
        const never: never = action;
        throw new Error(`unknown disk action ${JSON.stringify(never)}`);
      }
    }
  }
}
