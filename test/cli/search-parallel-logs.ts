// Logs for the parallel search tests, made from real corpus lines: the corpus
// repeated with shifted times and serials (a long, orderly log), and logs
// bent at the cuts a parallel search makes (records out of time order, an
// event whose records lie far apart, serials used twice, bad lines, state an
// event's printing carries to the next). Also runs `auspex search` in process
// with a chosen environment and reports what the parallel run did.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/command-io.js';
import { PARALLEL_CHANNEL } from '../../src/cli/search-parallel.js';
import type { ParallelStats } from '../../src/cli/search-parallel.js';
import { corpusFile } from '../helpers/paths.js';

export interface SearchResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** What the parallel search did; undefined when the search ran sequentially. */
  readonly stats: ParallelStats | undefined;
}

/** `auspex search ARGS` in this process with `env` over the process environment. */
export async function search(args: readonly string[], env: Readonly<Record<string, string>>): Promise<SearchResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(Buffer.from(c)));
  stderr.on('data', (c: Buffer) => err.push(Buffer.from(c)));
  let stats: ParallelStats | undefined;
  const onStats = (s: unknown): void => {
    stats = s as ParallelStats;
  };
  subscribe(PARALLEL_CHANNEL, onStats);
  const io: CommandIo = { stdin: Readable.from([]), stdout, stderr, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C', ...env }, stdinIsPipe: false };
  try {
    const code = await main(['search', ...args], io);
    stdout.end();
    stderr.end();
    return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('latin1'), stats };
  } finally {
    unsubscribe(PARALLEL_CHANNEL, onStats);
  }
}

export const SEQUENTIAL = { AUSPEX_PARALLEL: '0' } as const;

export function parallel(chunkBytes: number, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { AUSPEX_PARALLEL: '1', AUSPEX_PARALLEL_CHUNK_BYTES: String(chunkBytes), ...extra };
}

const HEADER = /msg=audit\((\d+)\.(\d{3}):(\d+)\)/;

export interface Line {
  readonly text: string;
  readonly sec: number;
  readonly milli: string;
  readonly serial: number;
}

function parse(text: string): Line {
  const m = HEADER.exec(text);
  if (m === null) throw new Error(`not a record: ${text.slice(0, 60)}`);
  return { text, sec: Number(m[1]), milli: m[2] as string, serial: Number(m[3]) };
}

/** A record line with its time and serial changed. */
export function stamp(line: Line, sec: number, serial: number, milli = line.milli): string {
  return line.text.replace(HEADER, `msg=audit(${sec}.${milli}:${serial})`);
}

export function corpusLines(name: string): Line[] {
  return readFileSync(corpusFile(name), 'latin1').split('\n').filter((l) => l.length > 0).map(parse);
}

/** `copies` copies of a corpus log, each moved on past the one before in time and serial (as bench/search/make-log.ts). */
export function repeatedLines(name: string, copies: number): string[] {
  const lines = corpusLines(name);
  const secs = lines.map((l) => l.sec);
  const serials = lines.map((l) => l.serial);
  const secSpan = Math.max(...secs) - Math.min(...secs) + 1;
  const serialSpan = Math.max(...serials) - Math.min(...serials) + 1;
  const out: string[] = [];
  for (let c = 0; c < copies; c++) for (const l of lines) out.push(stamp(l, l.sec + c * secSpan, l.serial + c * serialSpan));
  return out;
}

/**
 * The corpus repeated as repeatedLines, but its clock running faster: each
 * event's time comes from its serial, `eventsPerSec` events a second. The
 * events open at any moment (those of the last eoe timeout) then fit in a few
 * KiB, as in a busy log cut into MiB-sized chunks.
 */
export function fastClockLines(name: string, copies: number, eventsPerSec: number): string[] {
  const lines = repeatedLines(name, copies).map(parse);
  const first = Math.min(...lines.map((l) => l.serial));
  const base = lines[0]?.sec ?? 0;
  return lines.map((l) => {
    const n = l.serial - first;
    const milli = String(Math.floor(((n % eventsPerSec) * 1000) / eventsPerSec)).padStart(3, '0');
    return stamp(l, base + Math.floor(n / eventsPerSec), l.serial, milli);
  });
}

/** Index of the first line that starts at or after byte `offset` (where a parallel search cuts). */
export function lineAt(lines: readonly string[], offset: number): number {
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    if (at >= offset) return i;
    at += Buffer.byteLength(lines[i] as string, 'latin1') + 1;
  }
  return lines.length;
}

export function writeLog(dir: string, name: string, lines: readonly string[], tail = '\n'): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + tail, 'latin1');
  return path;
}

/** The records of the first event in `lines` whose first record is of type `type`. */
export function eventOf(lines: readonly Line[], type: string): Line[] {
  const first = lines.find((l) => l.text.includes(`type=${type} `));
  if (first === undefined) throw new Error(`no ${type} event`);
  return lines.filter((l) => l.serial === first.serial && l.sec === first.sec && l.milli === first.milli);
}

/**
 * Adversarial logs, each cut every `chunk` bytes by the tests. Built on the
 * repeated raw corpus; the bent places sit at the cuts.
 */
export function adversarialLogs(dir: string, chunk: number): Record<string, string> {
  const base = fastClockLines('raw.log', 5, 20);
  const corpus = corpusLines('raw.log');
  const user = corpus.find((l) => l.text.startsWith('type=USER '));
  if (user === undefined) throw new Error('no USER record in the corpus');
  const syscallEvent = eventOf(corpus, 'SYSCALL').filter((l) => !l.text.includes('type=EOE'));
  const logs: Record<string, string> = {
    base: writeLog(dir, 'base.log', base),
    // Every record from another machine: events are told apart by node too.
    nodes: writeLog(dir, 'nodes.log', base.map((l, i) => `node=${i % 7 === 0 ? 'db-2' : 'web-1'} ${l}`)),
  };
  const near = (k: number): Line => parse(base[lineAt(base, k * chunk)] as string);

  // A record from the past right at a cut: it sorts before events still open there.
  {
    const lines = [...base];
    for (const k of [3, 7, 11]) {
      const at = lineAt(lines, k * chunk);
      const here = parse(lines[at] as string);
      lines.splice(at, 0, stamp(user, here.sec - 1, 900_000 + k));
    }
    logs['out-of-order'] = writeLog(dir, 'out-of-order.log', lines);
  }
  // A record far in the past just before a cut: the pre-window stops at it.
  {
    const lines = [...base];
    const at = lineAt(lines, 5 * chunk);
    const here = parse(lines[at] as string);
    lines.splice(at - 3, 0, stamp(user, here.sec - 100, 910_000));
    logs['stray-old-record'] = writeLog(dir, 'stray-old-record.log', lines);
  }
  // One event's records spread over two cuts (times within the timeout, so it stays open).
  {
    const lines = [...base];
    const k = 4;
    const t = near(k).sec;
    const serial = 920_000;
    const [first, ...rest] = syscallEvent;
    // Records before and after are moved to the event's second, so nothing expires it.
    const from = lineAt(lines, (k - 1) * chunk + chunk / 2);
    const to = lineAt(lines, (k + 1) * chunk + chunk / 2);
    for (let i = from; i < to; i++) {
      const l = parse(lines[i] as string);
      lines[i] = stamp(l, t, l.serial);
    }
    lines.splice(to, 0, ...rest.map((l) => stamp(l, t, serial, '500')));
    lines.splice(from, 0, stamp(first as Line, t, serial, '500'));
    logs['far-apart'] = writeLog(dir, 'far-apart.log', lines);
  }
  // Serials used twice across a cut: a whole event again, and one record of an open event.
  {
    const lines = [...base];
    const k = 6;
    const at = lineAt(lines, k * chunk);
    const before = parse(lines[at - 1] as string);
    const again = lines.slice(at - 12, at).filter((l) => parse(l).serial === before.serial);
    lines.splice(at + 2, 0, ...again);
    const userAt = lineAt(lines, 9 * chunk);
    const u = parse(lines[userAt] as string);
    lines.splice(userAt, 0, stamp(user, u.sec, 930_000), stamp(user, u.sec, 930_000));
    logs['duplicate-serials'] = writeLog(dir, 'duplicate-serials.log', lines);
  }
  // Bad lines at and around cuts, more than a search shows, an overlong line, and no newline at the end.
  {
    const lines = [...base];
    for (let k = 1; k < 12; k++) {
      const at = lineAt(lines, k * chunk);
      const bad = Array.from({ length: 15 }, (_, i) => (i % 3 === 0 ? 'garbage at a cut' : i % 3 === 1 ? 'type=SYSCALL msg=audit(12x.000:1): bad time' : ''));
      lines.splice(at, 0, ...bad);
    }
    lines.splice(lineAt(lines, 2 * chunk + 100), 0, 'x'.repeat(70 * 1024));
    logs['bad-lines'] = writeLog(dir, 'bad-lines.log', lines, '');
  }
  // csv/text: a file name that joins to no component prints the path an earlier event left (auparse's buffer).
  {
    const lines = [...base];
    const open = corpus.filter((l) => l.serial === corpus.find((x) => x.text.includes(' syscall=257 '))?.serial);
    for (const [k, cwd, name] of [[2, '/tmp/auspex-corpus', 'sub/../file'], [3, '/', '..'], [8, '/', '.'], [9, '/', '..']] as const) {
      const at = lineAt(lines, k * chunk) + 1;
      const t = parse(lines[at] as string);
      const event = open.map((l) =>
        stamp(l, t.sec, t.serial, t.milli)
          .replace(/ cwd=\S+/, ` cwd="${cwd}"`)
          .replace(/ name=\S+/, ` name="${name}"`),
      );
      lines.splice(at + 1, 0, ...event);
    }
    logs['path-state'] = writeLog(dir, 'path-state.log', lines);
  }
  return logs;
}
