// Test support for query/: the corpus logs as events (grouped by the
// assembler's ausearch policy), ausearch 3.0.9 run live on the same file, and
// the environment parseSearchArgs needs taken from this machine (clock, zone,
// uptime, passwd/group), as ausearch takes them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { machine } from 'node:os';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { compileCriteria, parseSearchArgs, timeZoneFor, userDbFromFiles } from '../../src/query/index.js';
import type { ParseResult, SearchArgsEnv, UserDb } from '../../src/query/index.js';

export const AUSEARCH = '/usr/sbin/ausearch';

export function haveAusearch(): boolean {
  return spawnSync(AUSEARCH, ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Events of a log file in ausearch's grouping and order. */
export function eventsOf(path: string): AuditEvent[] {
  const out: AuditEvent[] = [];
  const a = new EventAssembler({ policy: 'ausearch', timeoutSec: 2, maxInFlight: 100000, onEvent: (e) => out.push(e) });
  const lines = readFileSync(path, 'latin1').split('\n');
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const r = parseRecordLine(Buffer.from(line, 'latin1'), { file: path, line: i + 1 });
    if (!isHeaderProblem(r)) a.push(r);
  });
  a.flush();
  return out;
}

export interface AusearchRun {
  readonly code: number;
  /** Serial of each event printed, in order (an event split in two shows twice). */
  readonly serials: number[];
  readonly stdout: string;
  readonly stderr: string;
}

/** ausearch -if LOG ARGS in the default format (events between "----" lines). */
export function ausearch(log: string, args: readonly string[], tz = 'UTC'): AusearchRun {
  const r = spawnSync(AUSEARCH, ['-if', log, ...args], {
    encoding: 'latin1',
    env: { ...process.env, TZ: tz, LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const serials: number[] = [];
  for (const block of r.stdout.split('----\n').slice(1)) {
    const m = /msg=audit\([^)]*:(\d+)\)/.exec(block);
    if (m !== null) serials.push(Number(m[1]));
  }
  return { code: r.status ?? -1, serials, stdout: r.stdout, stderr: r.stderr };
}

let users: UserDb | undefined;

/** This machine's users and groups, as ausearch's getpwnam/getpwuid see them. */
export function localUsers(): UserDb {
  users ??= userDbFromFiles(readFileSync('/etc/passwd', 'utf8'), readFileSync('/etc/group', 'utf8'));
  return users;
}

export function localEnv(tz = 'UTC', nowSec = Math.floor(Date.now() / 1000)): SearchArgsEnv {
  return {
    nowSec,
    timeZone: timeZoneFor(tz),
    uptime: () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]),
    users: localUsers(),
    machine: machine(),
  };
}

export interface AuspexSelection {
  readonly parse: ParseResult;
  /** Serials of the selected events, when the arguments parsed. */
  readonly serials: number[];
}

/** parseSearchArgs + compileCriteria over the events, as `auspex search` would select them. */
export function auspexSelect(events: readonly AuditEvent[], log: string, args: readonly string[], env: SearchArgsEnv): AuspexSelection {
  const parse = parseSearchArgs(['-if', log, ...args], env);
  if (parse.kind !== 'ok') return { parse, serials: [] };
  const match = compileCriteria(parse.options.criteria, { users: env.users, format: parse.options.output.format });
  return { parse, serials: events.filter(match).map((e) => e.serial) };
}
