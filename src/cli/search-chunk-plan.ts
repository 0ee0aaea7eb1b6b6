// Where a parallel search cuts its file: chunk starts at line starts, how far
// before a chunk its reader begins (the pre-window, so that it sees the events
// still open at the cut) and line counts. Small positioned reads of the file;
// nothing here decides what is printed.
import { closeSync, openSync, readSync } from 'node:fs';
import { isHeaderProblem, parseRecordBytes } from '../format/index.js';

const PROBE_BYTES = 64 * 1024;
/**
 * Probes read this much first (a record line is rarely longer), then
 * PROBE_BYTES: each chunk probes a few places, and 64 KiB reads were 50-60 ms
 * of a search of 200 MiB per thread.
 */
const SMALL_PROBE_BYTES = 4 * 1024;
/** The pre-window starts this far back and doubles until it is far enough. */
const FIRST_WINDOW_BYTES = 64 * 1024;

function readAt(fd: number, pos: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The first line start at or after `pos` (0, or just past a '\n'); `fileBytes` when there is none. */
export function lineStartAtOrAfter(fd: number, pos: number, fileBytes: number): number {
  if (pos <= 0) return 0;
  for (let at = pos - 1, step = SMALL_PROBE_BYTES; at < fileBytes; at += step, step = PROBE_BYTES) {
    const buf = readAt(fd, at, Math.min(step, fileBytes - at));
    const nl = buf.indexOf(10);
    if (nl >= 0) return at + nl + 1;
  }
  return fileBytes;
}

/** Chunk starts: 0, then the line start at or after each multiple of `chunkBytes` (empty chunks dropped). */
export function chunkStarts(fd: number, fileBytes: number, chunkBytes: number): number[] {
  const starts = [0];
  for (let nominal = chunkBytes; nominal < fileBytes; nominal += chunkBytes) {
    const s = lineStartAtOrAfter(fd, nominal, fileBytes);
    if (s < fileBytes && s > (starts[starts.length - 1] as number)) starts.push(s);
  }
  return starts;
}

/** The time (seconds) of the first line that is a record within PROBE_BYTES from the line start `pos`. */
function firstRecordSec(fd: number, pos: number, fileBytes: number): number | undefined {
  // The lines within the small probe first; the whole probe only when none of them is a record.
  const head = readAt(fd, pos, Math.min(SMALL_PROBE_BYTES, fileBytes - pos));
  const sec = firstSecIn(head);
  if (sec !== undefined || head.length === fileBytes - pos) return sec;
  return firstSecIn(readAt(fd, pos, Math.min(PROBE_BYTES, fileBytes - pos)));
}

/** The time of the first complete line of `buf` that is a record. */
function firstSecIn(buf: Buffer): number | undefined {
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) return undefined;
    const r = parseRecordBytes(buf, start, nl, '', 0);
    if (!isHeaderProblem(r)) return r.sec;
    start = nl + 1;
  }
}

/**
 * Where the reader of the chunk starting at `start` begins: the nearest line
 * start, going back in doubling steps, whose first record is at least
 * `seconds` older than the chunk's first record, but not before `earliest`.
 * In a log in time order every event still open at `start` began after that
 * point; anything else is caught when the chunks are joined.
 */
export function preWindowStart(fd: number, start: number, fileBytes: number, seconds: number, earliest: number): number {
  if (start <= earliest) return start;
  const t = firstRecordSec(fd, start, fileBytes);
  for (let back = FIRST_WINDOW_BYTES; ; back *= 2) {
    if (start - back <= earliest) return earliest;
    const p = lineStartAtOrAfter(fd, start - back, fileBytes);
    if (p >= start) continue;
    const tp = firstRecordSec(fd, p, fileBytes);
    if (t !== undefined && tp !== undefined && tp <= t - seconds) return p;
  }
}

/** The time (seconds) of the last record that starts in the file's last PROBE_BYTES. */
function lastRecordSec(fd: number, fileBytes: number): number | undefined {
  const from = Math.max(0, fileBytes - PROBE_BYTES);
  const buf = readAt(fd, from, fileBytes - from);
  let sec: number | undefined;
  let start = from === 0 ? 0 : buf.indexOf(10) + 1;
  while (start > 0 || from === 0) {
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl;
    const r = parseRecordBytes(buf, start, end, '', 0);
    if (!isHeaderProblem(r)) sec = r.sec;
    if (nl < 0) break;
    start = nl + 1;
  }
  return sec;
}

/**
 * A chunk size for this file: `perWindow` pre-windows (the bytes the log
 * holds in `seconds` of its time, from its first and last record's times),
 * within [min, max]. A busy log holds more bytes per second: its chunks grow
 * so that the pre-windows stay a small part of the work.
 */
export function chunkBytesFor(fd: number, fileBytes: number, seconds: number, perWindow: number, min: number, max: number): number {
  const first = firstRecordSec(fd, 0, fileBytes);
  const last = lastRecordSec(fd, fileBytes);
  if (first === undefined || last === undefined || last <= first) return min;
  const window = (fileBytes / (last - first + 1)) * seconds;
  return Math.min(max, Math.max(min, Math.ceil(window * perWindow)));
}

/** Number of '\n' in bytes [from, to) of the file. */
export function countNewlines(fd: number, from: number, to: number): number {
  let n = 0;
  const step = 1024 * 1024;
  const buf = Buffer.allocUnsafe(step);
  for (let pos = from; pos < to; pos += step) {
    const len = readSync(fd, buf, 0, Math.min(step, to - pos), pos);
    if (len === 0) break;
    n += newlinesIn(buf, 0, len);
  }
  return n;
}

export function newlinesIn(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i >= 0 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Per chunk: where it starts and ends, and the lines before it. */
export interface Geometry {
  readonly starts: readonly number[];
  /** Known up front for JSON (it prints line numbers), else filled in as chunks are written. */
  readonly linesBefore: number[];
}

/** The chunks of a file: starts every `chunkBytes` at line starts, and (if asked) the lines before each. */
export function planChunks(path: string, fileBytes: number, chunkBytes: number, countLines: boolean): Geometry {
  const fd = openSync(path, 'r');
  try {
    const starts = chunkStarts(fd, fileBytes, chunkBytes);
    const linesBefore = [0];
    if (countLines) for (let k = 1; k < starts.length; k++) linesBefore[k] = (linesBefore[k - 1] as number) + countNewlines(fd, starts[k - 1] as number, starts[k] as number);
    return { starts, linesBefore };
  } finally {
    closeSync(fd);
  }
}
