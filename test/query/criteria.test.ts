// Every search criterion against ausearch 3.0.9 run live: for each case and each
// corpus log (RAW and ENRICHED), the events auspex selects must be exactly the
// events ausearch prints, in the same order (an event ausearch splits in two
// counts twice). Values that differ between the two logs (pids, sessions,
// serials, times) are read from the log itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '../../src/events/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { compileCriteria, parseSearchArgs } from '../../src/query/index.js';
import { ausearch, auspexSelect, eventsOf, haveAusearch, localEnv } from './oracle.js';

interface LogFacts {
  /** The workload shell: pid of the first LOGIN, its parent, its new session. */
  readonly shellPid: string;
  readonly ses: string;
  /** The nth event's serial. */
  serial(n: number): string;
  /** An event's time as mm/dd/yy HH:MM:SS in UTC: [date, time]. */
  at(sec: number): [string, string];
  readonly firstSec: number;
  readonly lastSec: number;
}

function factsOf(events: readonly AuditEvent[]): LogFacts {
  const login = events.flatMap((e) => e.records).find((r) => r.typeName === 'LOGIN');
  assert.ok(login !== undefined, 'the corpus has a LOGIN record');
  const text = login.text;
  const field = (name: string): string => (new RegExp(` ${name}=(\\d+)`).exec(text)?.[1] ?? '');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    shellPid: (/ pid=(\d+)/.exec(` ${text.slice(text.indexOf('): ') + 3)}`)?.[1]) ?? '',
    ses: field('ses'),
    serial: (n) => String(events[n]?.serial ?? 0),
    at: (sec) => {
      const d = new Date(sec * 1000);
      return [`${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`,
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`];
    },
    firstSec: events[0]?.sec ?? 0,
    lastSec: events[events.length - 1]?.sec ?? 0,
  };
}

type Args = readonly string[] | ((f: LogFacts) => readonly string[]);

// [what it shows, arguments]
const CASES: ReadonlyArray<readonly [string, Args]> = [
  ['no criteria: every event', []],
  ['-k substring', ['-k', 'exec']],
  ['-k on CONFIG_CHANGE and SYSCALL keys', ['-k', 'files']],
  ['-k uring: inline io_uring events through the syscall key', ['-k', 'uring']],
  ['-k null matches key=(null)', ['-k', 'null']],
  ['-k -w whole key', ['-w', '-k', 'exec']],
  ['-k -w partial: no match', ['-k', 'xec', '-w']],
  ['-k unknown: no match', ['-k', 'auspex-no-such-key']],
  ['-m URINGOP', ['-m', 'URINGOP']],
  ['-m BPF (standalone UNLOAD events)', ['-m', 'BPF']],
  ['-m by number', ['-m', '1334']],
  ['-m UNKNOWN[n]', ['-m', 'UNKNOWN[1336]']],
  ['-m lower case, comma list', ['-m', 'bpf,uringop']],
  ['-m SYSCALL,LOGIN', ['-m', 'SYSCALL,LOGIN']],
  ['-m ALL', ['-m', 'ALL']],
  ['-m with only commas: no filter', ['-m', ',']],
  ['-m EOE: none logged', ['-m', 'EOE']],
  ['-m and -k', ['-m', 'CONFIG_CHANGE', '-k', 'exec']],
  ['-p', (f) => ['-p', f.shellPid]],
  ['-p reads leading digits (12junk)', (f) => ['-p', `${f.shellPid}junk`]],
  ['-pp', (f) => ['-pp', f.shellPid]],
  ['-p and -pp', (f) => ['-pp', f.shellPid, '-p', f.shellPid]],
  ['-ui numeric', ['-ui', '0']],
  ['-ui 1001', ['-ui', '1001']],
  ['-ui name', ['-ui', 'root']],
  ['-ui name of uid 1001', ['-ui', 'auditee']],
  ['-ui 4294967295 is ausearch\'s "not given"', ['-ui', '4294967295']],
  ['-ue numeric', ['-ue', '1001']],
  ['-ue name', ['-ue', 'root']],
  ['-ua numeric', ['-ua', '1001']],
  ['-ua name', ['-ua', 'auditee']],
  ['-ul numeric', ['-ul', '0']],
  ['-ul name', ['-ul', 'auditee']],
  ['-ul unset auid', ['-ul', '4294967295']],
  ['-ul -1', ['-ul', '-1']],
  ['names replace numbers: -ui root -ul 1001', ['-ui', 'root', '-ul', '1001']],
  ['-ui and -ul numeric ANDed', ['-ui', '0', '-ul', '1001']],
  ['-gi numeric', ['-gi', '0']],
  ['-gi name', ['-gi', 'root']],
  ['-ge', ['-ge', '1001']],
  ['-ga numeric', ['-ga', '1001']],
  ['-ga name', ['-ga', 'auditee']],
  ['-sc name (implies this machine\'s arch)', ['-sc', 'openat']],
  ['-sc number', ['-sc', '257']],
  ['-sc 0 also matches events without SYSCALL', ['-sc', '0']],
  ['-sc read: none, and not the SYSCALL-less events', ['-sc', 'read']],
  ['-sc io_uring_enter', ['-sc', 'io_uring_enter']],
  ['--arch b64', ['--arch', 'b64']],
  ['--arch b32: none', ['--arch', 'b32']],
  ['--arch name then -sc', ['--arch', 'x86_64', '-sc', 'connect']],
  ['--arch hex AUDIT_ARCH value', ['--arch', 'c000003e', '-k', 'exec']],
  ['-sv yes', ['-sv', 'yes']],
  ['-sv no', ['-sv', 'no']],
  ['-sv anything with "no" is no', ['-sv', 'nope']],
  ['-sv and -k', ['-sv', 'yes', '-k', 'files']],
  ['-e negative number', ['-e', '-13']],
  ['-e -ERRNO', ['-e', '-EACCES']],
  ['-e ERRNO is positive: none', ['-e', 'EACCES']],
  ['-e 0', ['-e', '0']],
  ['-e hex (strtoll base 0)', ['-e', '0x0', '-k', 'exec']],
  ['-e -ENOENT with -k', ['-e', '-ENOENT', '-k', 'files']],
  ['-f path', ['-f', '/etc/shadow']],
  ['-f -w exact path', ['-w', '-f', '/etc/shadow']],
  ['-f -w partial: none', ['-w', '-f', 'shadow']],
  ['-f unix socket path from SOCKADDR', ['-f', 'sock']],
  ['-f (null) names', ['-f', '(null)']],
  ['-f matches cwd', ['-f', '/srv/corpus-work']],
  ['-f hex-encoded name with a space', ['-f', 'uring file']],
  ['-f non-ASCII name (bytes compared)', ['-f', 'ünï']],
  ['-f / (any absolute path)', ['-f', '/']],
  ['-hn IPv4', ['-hn', '127.0.0.1']],
  ['-hn IPv6', ['-hn', '::1']],
  ['-hn ? of user records', ['-hn', '?']],
  ['-hn -w', ['-w', '-hn', '127.0.0.1']],
  ['-x substring', ['-x', 'auditctl']],
  ['-x -w', ['-w', '-x', '/usr/bin/bash']],
  ['-x io_uring worker events have no exe', ['-x', 'uring_ops']],
  ['-c', ['-c', 'bash']],
  ['-c -w', ['-w', '-c', 'auditctl']],
  ['-c substring', ['-c', 'uring']],
  ['-tm (none)', ['-tm', '(none)']],
  ['-tm pts: none', ['-tm', 'pts']],
  ['-tm ? of user records', ['-tm', '?']],
  ['--session', (f) => ['--session', f.ses]],
  ['--session takes a negative value', ['--session', '-1']],
  ['--session 4294967294 is "not given"', ['--session', '4294967294']],
  ['-a event id', (f) => ['-a', f.serial(10)]],
  ['-a a LOGIN event ausearch splits', (f) => ['-a', f.serial(1)]],
  ['-a 4294967295 is "not given"', ['-a', '4294967295']],
  ['-n: records without node= never match', ['-n', 'somehost']],
  ['-su: no SELinux contexts here', ['-su', 'unconfined']],
  ['-o', ['-o', 'system_u']],
  ['-se', ['-se', 'x']],
  ['-vm', ['-vm', 'guest']],
  ['-uu', ['-uu', '1234']],
  ['-i output reads arch=', ['-i', '-k', 'exec']],
  ['--format csv', ['--format', 'csv', '-k', 'exec']],
  ['--just-one', ['--just-one', '-k', 'files']],
  ['-ts date time', (f) => ['-ts', ...f.at(f.lastSec)]],
  ['-ts time date order', (f) => { const [d, t] = f.at(f.lastSec); return ['-ts', t, d]; }],
  ['-te date time', (f) => ['-te', ...f.at(f.firstSec)]],
  ['-ts and -te', (f) => ['-ts', ...f.at(f.firstSec), '-te', ...f.at(f.firstSec)]],
  ['-ts date only (midnight)', (f) => ['-ts', f.at(f.firstSec)[0]]],
  ['-ts HH:MM', (f) => ['-ts', f.at(f.lastSec)[0], f.at(f.lastSec)[1].slice(0, 5)]],
  ['combined: -k -ui -sv', ['-k', 'exec', '-ui', '0', '-sv', 'yes']],
  ['combined: -m -x -p', (f) => ['-m', 'SYSCALL', '-x', 'bash', '-p', f.shellPid]],
  ['combined: -f -sv no -ui', ['-f', '/etc/shadow', '-sv', 'no', '-ui', '1001']],
];

const LOGS = ['raw.log', 'enriched.log'] as const;
const eventCache = new Map<string, AuditEvent[]>();

function csvSerials(stdout: string): number[] {
  return stdout.split('\n').slice(1).filter((l) => l.length > 0).map((l) => Number(l.split(',')[4]));
}

for (const [what, args] of CASES) {
  for (const log of LOGS) {
    test(`${what} [${log}]`, (t) => {
      if (!haveCorpus()) return t.skip('corpus not found beside the repository');
      if (!haveAusearch()) return t.skip('ausearch not installed');
      const path = corpusFile(log);
      let events = eventCache.get(path);
      if (events === undefined) {
        events = eventsOf(path);
        eventCache.set(path, events);
      }
      const argv = typeof args === 'function' ? args(factsOf(events)) : args;
      const peer = ausearch(path, argv);
      const mine = auspexSelect(events, path, argv, localEnv());
      assert.equal(mine.parse.kind, 'ok', `auspex refused ${argv.join(' ')}`);
      const csv = argv.includes('csv');
      const expected = csv ? csvSerials(peer.stdout) : peer.serials;
      const selected = mine.parse.kind === 'ok' && mine.parse.options.justOne ? mine.serials.slice(0, 1) : mine.serials;
      assert.deepEqual(selected, expected, `ausearch ${argv.join(' ')}`);
      if (expected.length === 0) {
        assert.equal(peer.code, 1);
        if (!csv) assert.equal(peer.stderr, '<no matches>\n');
      } else assert.equal(peer.code, 0, peer.stderr);
    });
  }
}

// --debug: what ausearch reports while matching (unparsed record types,
// events skipped as malformed) comes out the same.
const DEBUG_CASES: ReadonlyArray<readonly string[]> = [['-k', 'exec'], ['-f', '/'], ['-hn', 'x'], []];
for (const args of DEBUG_CASES) {
  for (const log of LOGS) {
    test(`--debug ${args.join(' ')} [${log}]`, (t) => {
      if (!haveCorpus()) return t.skip('corpus not found beside the repository');
      if (!haveAusearch()) return t.skip('ausearch not installed');
      const path = corpusFile(log);
      const argv = ['--debug', ...args];
      const peer = ausearch(path, argv);
      const parse = parseSearchArgs(['-if', path, ...argv], localEnv());
      assert.equal(parse.kind, 'ok');
      if (parse.kind !== 'ok') return;
      let stderr = '';
      const match = compileCriteria(parse.options.criteria, { users: localEnv().users, format: 'default', debug: (s) => { stderr += s; } });
      const selected = eventsOf(path).filter(match).map((e) => e.serial);
      assert.deepEqual(selected, peer.serials);
      assert.equal(stderr + (selected.length === 0 ? '<no matches>\n' : ''), peer.stderr);
    });
  }
}

// -n: the corpus has no node= prefixes, so a copy gets two nodes.
const NODE_CASES: ReadonlyArray<readonly string[]> = [['-n', 'alpha'], ['-n', 'beta', '-k', 'exec'], ['-n', 'alpha', '-n', 'beta'], ['-n', 'alph'], []];
for (const args of NODE_CASES) {
  test(`-n on a log with node= prefixes: ${args.join(' ')}`, (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!haveAusearch()) return t.skip('ausearch not installed');
    const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0);
    const dir = mkdtempSync(join(tmpdir(), 'auspex-query-node-'));
    try {
      const path = join(dir, 'nodes.log');
      writeFileSync(path, lines.map((l, i) => `node=${i < lines.length / 2 ? 'alpha' : 'beta'} ${l}\n`).join(''), 'latin1');
      const peer = ausearch(path, args);
      const mine = auspexSelect(eventsOf(path), path, args, localEnv());
      assert.deepEqual(mine.serials, peer.serials);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
