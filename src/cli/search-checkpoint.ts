// `auspex search --checkpoint FILE`: ausearch 3.0.9's checkpoint file (which
// log file, by device and inode, and which event was last seen), the decision
// whether a matching event is new since then, and the exit codes: 10 for an
// unusable checkpoint, 11 when it cannot be written or the log not stat'ed,
// 12 when the log holds a newer complete event before the checkpointed one.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AuditEvent } from '../events/index.js';
import { ausearchRecordType } from '../query/index.js';
import { errnoText } from './errno-text.js';

/** An event as the checkpoint names it: time, serial, node and the type of its first record. */
export interface CheckpointEvent {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  /** ausearch 3.0.9's number for the first record's type (-1 when it knows none). */
  readonly type: number;
}

export interface CheckpointData {
  readonly dev: bigint;
  readonly ino: bigint;
  /** The last event of the previous run; sec 0 when it saw none. */
  readonly last: CheckpointEvent;
}

export type CheckpointLoad =
  | { readonly kind: 'absent' }
  | { readonly kind: 'loaded'; readonly data: CheckpointData }
  | { readonly kind: 'error'; readonly stderr: string; readonly exitCode: 10 };

/**
 * What to do with a matching event (chkpt_output_decision): print it, skip it,
 * skip it and print all later ones (it is the checkpointed event), or stop:
 * a complete event newer than the checkpoint came first (print `stderr`).
 */
export type CheckpointDecision =
  | { readonly kind: 'output' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'skip-then-output' }
  | { readonly kind: 'corrupted'; readonly stderr: string };

const OUTPUT: CheckpointDecision = { kind: 'output' };
const SKIP: CheckpointDecision = { kind: 'skip' };
const SKIP_THEN_OUTPUT: CheckpointDecision = { kind: 'skip-then-output' };

const NO_EVENT: CheckpointEvent = { node: undefined, sec: 0, milli: 0, serial: 0, type: 0 };
/** MAX_EVENT_DELTA_SECS: a complete event cannot be newer than this before the checkpointed one. */
const MAX_EVENT_DELTA_SECS = 2;
const LINE_MAX = 1022; // fgets into a 1023-byte buffer
const U64_MAX = (1n << 64n) - 1n;

export function checkpointEventOf(e: AuditEvent): CheckpointEvent {
  const first = e.records[0];
  return { node: e.node, sec: e.sec, milli: e.milli, serial: e.serial, type: first === undefined ? 0 : ausearchRecordType(first.typeName) };
}

function hexU64(s: string): bigint | undefined {
  const m = /^\s*[+]?(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/.exec(s);
  const digits = m?.[1] ?? '';
  if (digits === '') return 0n;
  const v = BigInt(`0x${digits}`);
  return v >= 1n << 64n ? undefined : v;
}

// strtoul(s, NULL, 0) for the inode line.
function anyBaseU64(s: string): bigint | undefined {
  const t = s.trimStart().replace(/^\+/, '');
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]/.test(t)) v = BigInt(`0x${/^0[xX]([0-9a-fA-F]+)/.exec(t)?.[1] ?? '0'}`);
  else if (t.startsWith('0')) v = BigInt(`0o${/^([0-7]*)/.exec(t)?.[1] || '0'}`);
  else v = BigInt(/^(\d*)/.exec(t)?.[1] || '0');
  return v >= 1n << 64n ? undefined : v;
}

// sscanf(rest, "%lu.%03u:%lu 0x%X"): all four conversions or nothing.
function scanEvent(rest: string): { sec: number; milli: number; serial: number; type: number } | undefined {
  let p = 0;
  const ws = (): void => {
    while (p < rest.length && /\s/.test(rest.charAt(p))) p++;
  };
  const digits = (max: number, hex: boolean): number | undefined => {
    ws();
    const start = p;
    const re = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    while (p < rest.length && p - start < max && re.test(rest.charAt(p))) p++;
    return p === start ? undefined : parseInt(rest.slice(start, p), hex ? 16 : 10);
  };
  const lit = (c: string): boolean => {
    if (rest.charAt(p) !== c) return false;
    p++;
    return true;
  };
  const sec = digits(20, false);
  if (sec === undefined || !lit('.')) return undefined;
  const milli = digits(3, false);
  if (milli === undefined || !lit(':')) return undefined;
  const serial = digits(20, false);
  if (serial === undefined) return undefined;
  ws();
  if (!lit('0') || !lit('x')) return undefined;
  ws();
  if (/^0[xX][0-9a-fA-F]/.test(rest.slice(p))) p += 2;
  const type = digits(16, true);
  if (type === undefined) return undefined;
  return { sec, milli, serial, type: type | 0 };
}

/** load_ChkPt over the file's text: the data, or ausearch's messages. */
export function parseCheckpoint(text: string, path: string): { ok: true; data: CheckpointData } | { ok: false; stderr: string } {
  let dev = 0n;
  let ino = 0n;
  let last = NO_EVENT;
  let err = '';
  const lines: string[] = [];
  for (const raw of text.split(/(?<=\n)/)) {
    for (let i = 0; i < raw.length; i += LINE_MAX) lines.push(raw.slice(i, i + LINE_MAX));
  }
  for (const piece of lines) {
    const line = piece.endsWith('\n') ? piece.slice(0, -1) : piece;
    if (line.startsWith('dev=')) {
      // On overflow strtoul still stores ULONG_MAX.
      const v = hexU64(line.slice(4));
      dev = v ?? U64_MAX;
      if (v === undefined) {
        err += `Malformed dev checkpoint line - [${line}]\n`;
        break;
      }
    } else if (line.startsWith('inode=')) {
      const v = anyBaseU64(line.slice(6));
      ino = v ?? U64_MAX;
      if (v === undefined) {
        err += `Malformed inode checkpoint line - [${line}]\n`;
        break;
      }
    } else if (line.startsWith('output=')) {
      const sp = line.indexOf(' ', 7);
      if (sp < 0) {
        err += `Malformed output/event checkpoint line near node - [${line}]\n`;
        break;
      }
      const node = line.charAt(7) === '-' ? undefined : line.slice(7, sp);
      const ev = scanEvent(line.slice(sp + 1));
      if (ev === undefined) {
        // ausearch has cut the line at the node's end by now.
        err += `Malformed output/event checkpoint line after node - [${line.slice(0, sp)}]\n`;
        break;
      }
      last = { node, ...ev };
    } else {
      err += `Unknown checkpoint line - [${line}]\n`;
      break;
    }
  }
  if (ino === 0n || dev === 0n) err += `Missing dev/inode lines from checkpoint file ${path}\n`;
  return err === '' ? { ok: true, data: { dev, ino, last } } : { ok: false, stderr: err };
}

export function loadCheckpoint(path: string): CheckpointLoad {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    // fopen() opens a directory; only reading it fails, which reads as empty.
    if (code !== 'EISDIR') return { kind: 'error', stderr: `Cannot open checkpoint file - ${path}: ${errnoText(e)}\n`, exitCode: 10 };
    text = '';
  }
  const r = parseCheckpoint(text, path);
  return r.ok ? { kind: 'loaded', data: r.data } : { kind: 'error', stderr: r.stderr, exitCode: 10 };
}

/** The file save_ChkPt writes (dev and inode as 32-bit values, as ausearch prints them). */
export function formatCheckpoint(dev: bigint, ino: bigint, last: CheckpointEvent): string {
  const u32 = (v: bigint): bigint => BigInt.asUintN(32, v);
  return `dev=0x${u32(dev).toString(16).toUpperCase()}\ninode=${u32(ino)}\n` +
    `output=${last.node ?? '-'} ${last.sec}.${String(last.milli).padStart(3, '0')}:${last.serial} 0x${(last.type >>> 0).toString(16).toUpperCase()}\n`;
}

/**
 * One search run's checkpointing: decides for each matching event, remembers
 * the last event seen, records which log file was read last, and writes the
 * checkpoint at the end. Exit codes and messages are ausearch's.
 */
export class CheckpointRun {
  readonly #path: string;
  readonly #data: CheckpointData | undefined;
  readonly #timeOnly: boolean;
  #canOutput = false;
  #last: CheckpointEvent = NO_EVENT;
  #dev = 0n;
  #ino = 0n;
  #failure: 'none' | 'io' | 'corrupted' = 'none';
  #stderr = '';

  constructor(path: string, load: CheckpointLoad & { kind: 'absent' | 'loaded' }, timeOnly: boolean) {
    this.#path = path;
    this.#data = load.kind === 'loaded' ? load.data : undefined;
    this.#timeOnly = timeOnly;
  }

  /**
   * Of a rotated set (index 0 = audit.log, 1 = audit.log.1, ...), the oldest
   * file to read: the checkpointed one, found by device and inode; every file
   * when there is no checkpoint or only its time counts. 'missing' (exit 10)
   * when the checkpointed file is gone.
   */
  startIndex(files: ReadonlyArray<{ readonly dev: bigint; readonly ino: bigint }>): number | 'missing' {
    if (this.#data === undefined || this.#timeOnly) return files.length - 1;
    const data = this.#data;
    const i = files.findIndex((f) => f.dev === data.dev && f.ino === data.ino);
    return i < 0 ? 'missing' : i;
  }

  /** chkpt_output_decision, for an event that matched the criteria. */
  decide(e: AuditEvent): CheckpointDecision {
    if (this.#canOutput) return OUTPUT;
    const d = this.#data;
    if (d === undefined || d.last.sec === 0) {
      this.#canOutput = true;
      return OUTPUT;
    }
    const l = d.last;
    if (this.#timeOnly && (l.sec < e.sec || (l.sec === e.sec && l.milli <= e.milli))) {
      this.#canOutput = true;
      return OUTPUT;
    }
    if (l.sec === e.sec && l.milli === e.milli && l.serial === e.serial && l.type === checkpointEventOf(e).type && l.node === e.node) {
      this.#canOutput = true;
      return SKIP_THEN_OUTPUT;
    }
    if (l.sec < e.sec && e.sec - l.sec > MAX_EVENT_DELTA_SECS) {
      this.#failure = 'corrupted';
      const ms = (n: number): string => String(n).padStart(3, '0');
      return {
        kind: 'corrupted',
        stderr: `Corrupted checkpoint file. Inode match, but newer complete event (${e.sec}.${ms(e.milli)}:${e.serial}) ` +
          `found before loaded checkpoint ${l.sec}.${ms(l.milli)}:${l.serial}\n`,
      };
    }
    return SKIP;
  }

  /** Every event read, matching or not, becomes the last event seen. */
  remember(e: AuditEvent): void {
    this.#last = checkpointEventOf(e);
  }

  /** Records the log file read last (set_ChkPtFileDetails). */
  fileRead(path: string): void {
    try {
      const st = statSync(path, { bigint: true });
      this.#dev = st.dev;
      this.#ino = st.ino;
    } catch (e) {
      this.#stderr += `Cannot stat audit file for checkpoint details - ${path}: ${errnoText(e)}\n`;
      if (this.#failure === 'none') this.#failure = 'io';
    }
  }

  /**
   * End of the run: writes the checkpoint when nothing failed and the search
   * itself succeeded (`searchCode` 0), and gives the exit code to use instead
   * of the search's own when checkpointing failed (11, or 12 when corrupted).
   */
  finish(searchCode: number): { readonly stderr: string; readonly exitCode: number | undefined } {
    if (this.#failure === 'none' && searchCode === 0) {
      try {
        writeFileSync(this.#path, formatCheckpoint(this.#dev, this.#ino, this.#last), { mode: 0o640 });
      } catch (e) {
        this.#stderr += `Cannot open checkpoint file - ${this.#path}: ${errnoText(e)}\n`;
        this.#failure = 'io';
      }
    }
    const exitCode = this.#failure === 'corrupted' ? 12 : this.#failure === 'io' ? 11 : undefined;
    const stderr = this.#stderr;
    this.#stderr = '';
    return { stderr, exitCode };
  }
}

/** What ausearch says when asked to checkpoint a pipe (it then writes no checkpoint). */
export const STDIN_CHECKPOINT_WARNING = 'Warning - checkpointing stdin is not supported';
