// The main summary's fast path gives what the general path gives: the same
// events (EventGrouper against events/'s EventAssembler, on the logs and on
// reordered copies of them), the same fields for every SYSCALL, PATH and CWD
// record it reads in place (against query/'s parser, on real records and on
// mangled copies of them), and the same SummaryModel over whole logs fed in
// chunks of any size. The general path itself is held to aureport in
// test/cli/report-compat.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RecordReader } from '../../src/format/index.js';
import type { AuditRecord } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import { ausearchRecordType, createRecordParser, newSearchItems } from '../../src/query/index.js';
import type { SearchItems } from '../../src/query/index.js';
import { ALL_EVENTS, EventGrouper, SummaryAggregator, SummaryScan, createEventScanner, mergeParts, scanPart } from '../../src/report/index.js';
import type { EventFilter, SummaryModel } from '../../src/report/index.js';
import { readCanonicalCwd, readCanonicalPath, readCanonicalSyscall, ByteStrings } from '../../src/report/canonical-records.js';
import { reportWants } from '../../src/report/report-wants.js';
import { NO_USERS, REPORT_LOGS } from '../helpers/report-logs.js';

const LOGS = REPORT_LOGS;

function recordsOf(bytes: Buffer): AuditRecord[] {
  const out: AuditRecord[] = [];
  const reader = new RecordReader({ file: 'x', onRecord: (r) => out.push(r), onDiagnostic: () => {} });
  reader.push(bytes);
  reader.end();
  return out;
}

/** The general path's model: EventAssembler, aureport's scan, SummaryAggregator (as AureportRun does it). */
function generalModel(bytes: Buffer, filter: EventFilter, interpret: boolean, timeoutSec = 2): SummaryModel {
  const scan = createEventScanner('summary', filter, { interpret, escape: 'tty' }, { users: NO_USERS });
  const agg = new SummaryAggregator();
  let first = { sec: 0, milli: 0 };
  let last = { sec: 0, milli: 0 };
  const { startSec: start, endSec: end } = filter;
  const asm = new EventAssembler({
    policy: 'ausearch', timeoutSec, maxInFlight: 100_000,
    onEvent: (e) => {
      last = { sec: e.sec, milli: e.milli };
      if ((start !== 0 && e.sec < start) || (end !== 0 && e.sec > end)) return;
      const f = scan(e);
      if (f !== undefined) agg.add(f);
    },
  });
  for (const r of recordsOf(bytes)) {
    if ((start !== 0 && r.sec < start) || (end !== 0 && r.sec > end)) {
      if (first.sec === 0) first = { sec: r.sec, milli: r.milli };
      continue;
    }
    if (first.sec === 0 && start === 0) first = { sec: r.sec, milli: r.milli };
    asm.push(r);
  }
  asm.flush();
  return { first, last, startSec: start, endSec: end, counts: agg.counts() };
}

function fastModel(bytes: Buffer, filter: EventFilter, interpret: boolean, chunk: number, timeoutSec = 2): SummaryModel | 'irregular' {
  const scan = new SummaryScan({ filter, interpret, users: NO_USERS, timeoutSec, maxInFlight: 100_000, maxLineBytes: 64 * 1024 });
  scan.beginFile();
  for (let i = 0; i < bytes.length; i += chunk) scan.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
  scan.endFile(true);
  return scan.irregular ? 'irregular' : scan.model();
}

test('the fast summary equals the general path on every log, fed in chunks of any size, with filters', () => {
  assert.ok(LOGS.length >= 4);
  const filters: EventFilter[] = [
    ALL_EVENTS,
    { ...ALL_EVENTS, outcome: 'failed' },
    { ...ALL_EVENTS, outcome: 'success', noConfig: true },
    { ...ALL_EVENTS, configAction: 'add', nodes: ['mailhost'] },
  ];
  for (const log of LOGS) {
    const bytes = readFileSync(log);
    const recs = recordsOf(bytes);
    const mid = recs[Math.floor(recs.length / 2)] as AuditRecord;
    const ranges: EventFilter[] = [...filters, { ...ALL_EVENTS, startSec: mid.sec }, { ...ALL_EVENTS, endSec: mid.sec }, { ...ALL_EVENTS, startSec: mid.sec, endSec: mid.sec }];
    for (const filter of ranges) {
      for (const interpret of [false, true]) {
        const want = generalModel(bytes, filter, interpret);
        for (const chunk of [bytes.length, 4096, 97, 1]) {
          if (chunk === 1 && filter !== ALL_EVENTS) continue;
          assert.deepEqual(fastModel(bytes, filter, interpret, chunk), want, `${log} chunk ${chunk} ${JSON.stringify(filter)} -i ${interpret}`);
        }
      }
    }
  }
});

// Lines reordered within small windows, so that events interleave, arrive out
// of time order and time out: a deterministic shuffle of the real lines.
function reordered(lines: readonly string[], seed: number, window: number): string[] {
  const out = [...lines];
  let x = seed;
  const rand = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  for (let i = 0; i < out.length; i++) {
    const j = Math.min(out.length - 1, i + Math.floor(rand() * window));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

test('EventGrouper forms the events EventAssembler forms, in the same order, on reordered logs', () => {
  for (const log of LOGS) {
    const lines = readFileSync(log, 'latin1').split('\n').filter((l) => l.length > 0);
    for (const [seed, window, timeoutSec, maxInFlight] of [[0, 1, 2, 100_000], [1, 4, 2, 100_000], [2, 12, 1, 100_000], [3, 30, 0, 5], [4, 8, 3, 2]] as const) {
      const text = Buffer.from(`${(window === 1 ? lines : reordered(lines, seed, window)).join('\n')}\n`, 'latin1');
      const recs = recordsOf(text);
      const want: string[] = [];
      const asm = new EventAssembler({ policy: 'ausearch', timeoutSec, maxInFlight, onEvent: (e) => want.push(`${e.sec}.${e.milli}:${e.serial} ${e.node ?? ''} ${e.records.length}`) });
      for (const r of recs) asm.push(r);
      asm.flush();
      const got: string[] = [];
      const grouper = new EventGrouper<{ n: number }>({
        timeoutSec, maxInFlight, newState: () => ({ n: 0 }),
        onEvent: (e) => got.push(`${e.sec}.${e.milli}:${e.serial} ${e.node ?? ''} ${e.state.n}`),
      });
      for (const r of recs) {
        const event = grouper.eventFor(r.sec, r.milli, r.serial, r.node, r.type === 1320);
        if (event === undefined) continue;
        event.state.n++;
        grouper.settle(event, grouper.created, r.type);
      }
      grouper.flush();
      assert.deepEqual(got, want, `${log} seed ${seed} window ${window} timeout ${timeoutSec} max ${maxInFlight}`);
    }
  }
});

const FIELDS = ['syscall', 'success', 'pid', 'loginuid', 'terminal', 'comm', 'exe', 'keys', 'arch', 'filenames', 'cwd', 'hostname'] as const;

function view(s: SearchItems): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = s[f];
  return out;
}

/** Mangled copies of a real record: each breaks one assumption the in-place readers make. */
function mangle(line: string): string[] {
  const out: string[] = [];
  const swap = (re: RegExp, to: string): void => {
    if (re.test(line)) out.push(line.replace(re, to));
  };
  swap(/ exe="([^"]*)"/, ' exe="$1=x"');
  swap(/ comm="([^"]*)"/, ' comm="res=1"');
  swap(/ comm="([^"]*)"/, ' comm=6C73');
  swap(/ comm="([^"]*)"/, ' comm=6C7');
  swap(/ exe="([^"]*)"/, ' exe=(null)');
  swap(/ exe="([^"]*)"/, ' exe=2F62696E2F6C73');
  swap(/ key=("[^"]*"|\(null\))/, ' key=61626301646566');
  swap(/ key=("[^"]*"|\(null\))/, ' key=(null)');
  swap(/ key=("[^"]*"|\(null\))/, '');
  swap(/ key=("[^"]*"|\(null\))/, ' key="x" res=1');
  swap(/ success=\S+ exit=\S+/, '');
  swap(/ success=yes/, ' success=no');
  swap(/ a0=\S+/, ' a0=10000000000000000');
  swap(/ a0=\S+/, ' a0=zz');
  swap(/ a1=\S+/, '');
  swap(/ auid=\S+/, ' auid=4294967296');
  swap(/ auid=\S+/, ' auid=4294967295');
  swap(/ auid=\S+/, ' loginuid=5');
  swap(/ pid=\S+/, ' pid=99999999999');
  swap(/ pid=(\S+)/, ' pid=$1 pid=7');
  swap(/ tty=\S+/, ' tty=pts=0');
  swap(/ tty=\S+/, '');
  swap(/ ses=(\S+)/, ' ses=$1 oauid=3');
  swap(/ ses=(\S+)/, ' ses=$1 cores=3');
  swap(/ subj=\S+/, '');
  swap(/ comm=(\S+) exe=(\S+)/, ' exe=$2 comm=$1');
  swap(/ arch=\S+/, ' arch=123456789');
  swap(/ syscall=\S+/, ' syscall=1234567890');
  swap(/  +/, ' ');
  swap(/ ppid=/, '  ppid=');
  swap(/ name="([^"]*)"/, ' name="./$1"');
  swap(/ name="([^"]*)"/, ' name="../x"');
  swap(/ name="([^"]*)"/, ' name=(null)');
  swap(/ name="([^"]*)"/, ' name=2F746D70');
  swap(/ name="([^"]*)"/, ' name="unclosed');
  swap(/item=\d+ /, '');
  swap(/ cwd="([^"]*)"/, ' cwd=2F746D70');
  swap(/ cwd="([^"]*)"/, ' cwd="unclosed');
  swap(/$/, '\x1dARCH=x86_64 SYSCALL=openat');
  return out;
}

test('in-place SYSCALL, PATH and CWD readers agree with query/ on every real record and mangled copies', () => {
  const strings = new ByteStrings();
  let checked = 0;
  let inPlace = 0;
  for (const interpret of [false, true]) {
    const w = reportWants('summary', interpret);
    const parse = createRecordParser(w, { users: NO_USERS });
    for (const log of LOGS) {
      const lines = readFileSync(log, 'latin1').split('\n').filter((l) => / type=(SYSCALL|PATH|CWD) |^type=(SYSCALL|PATH|CWD) /.test(l));
      for (const base of lines) {
        for (const line of [base, ...mangle(base)]) {
          const bytes = Buffer.from(`${line}\n`, 'latin1');
          const recs = recordsOf(bytes);
          const r = recs[0];
          if (r === undefined) continue;
          const type = ausearchRecordType(r.typeName);
          // A CWD first, so that relative PATH names have something to join.
          const prep = (s: SearchItems): void => {
            s.cwd = type === 1302 ? '/work/dir' : null;
          };
          const want = newSearchItems();
          prep(want);
          const rc = parse(want, type, r.text);
          const got = newSearchItems();
          prep(got);
          const end = r.messageEndAt;
          const read = type === 1300 ? readCanonicalSyscall(r.buffer, r.bodyAt, end, got, interpret, strings)
            : type === 1302 ? readCanonicalPath(r.buffer, r.bodyAt, end, got, strings)
              : readCanonicalCwd(r.buffer, r.bodyAt, end, got, strings);
          checked++;
          if (!read) {
            const untouched = newSearchItems();
            prep(untouched);
            assert.deepEqual(view(got), view(untouched), `nothing written when refused: ${line}`);
            continue;
          }
          inPlace++;
          assert.equal(rc, 0, `query refuses what was read in place: ${line}`);
          assert.deepEqual(view(got), view(want), line);
        }
      }
    }
  }
  assert.ok(inPlace > 500 && checked > inPlace, `${inPlace} of ${checked} read in place`);
});

test('the fast path gives up on what the general reader reports: NUL bytes, no final newline, long lines, non-records', () => {
  const base = readFileSync(LOGS[0] as string);
  const cases: Array<[string, Buffer]> = [
    ['nul', Buffer.concat([base.subarray(0, 500), Buffer.from([0]), base.subarray(500)])],
    ['unterminated', base.subarray(0, base.length - 1)],
    ['long line', Buffer.concat([base, Buffer.from(`type=SYSCALL msg=audit(1.1:1): ${'a'.repeat(70000)}\n`)])],
    ['not a record', Buffer.concat([Buffer.from('hello\n'), base])],
    ['bad time', Buffer.concat([Buffer.from('type=SYSCALL msg=audit(1x:1): a=b\n'), base])],
  ];
  for (const [name, bytes] of cases) assert.equal(fastModel(bytes, ALL_EVENTS, false, 65536), 'irregular', name);
  assert.notEqual(fastModel(base, ALL_EVENTS, false, 65536), 'irregular');
});

/** Line starts of `bytes`, for cutting it at line boundaries. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = bytes.indexOf(10); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

test('a log scanned in parts gives the whole scan\'s summary, or the parts say they cannot', () => {
  let merged = 0;
  let refused = 0;
  const options = { filter: ALL_EVENTS, interpret: false, users: NO_USERS, timeoutSec: 2, maxInFlight: 100_000, maxLineBytes: 64 * 1024 };
  for (const log of LOGS) {
    const lines = readFileSync(log, 'latin1').split('\n').filter((l) => l.length > 0);
    for (const text of [lines, reordered(lines, 7, 6)]) {
      const bytes = Buffer.from(`${text.join('\n')}\n`, 'latin1');
      const whole = fastModel(bytes, ALL_EVENTS, false, bytes.length);
      if (whole === 'irregular') continue;
      const starts = lineStarts(bytes);
      const read = (pos: number, length: number): Buffer => bytes.subarray(pos, Math.min(bytes.length, pos + length));
      for (const parts of [2, 3]) {
        for (const lookbackLines of [0, 3, 40, 100_000]) {
          for (const shift of [0, 1, 5]) {
            const cuts = Array.from({ length: parts - 1 }, (_, i) => starts[Math.min(starts.length - 1, Math.floor(((i + 1) * starts.length) / parts) + shift)] as number);
            const bounds = [0, ...cuts].map((from, i) => {
              const to = i + 1 < parts ? (cuts[i] as number) : bytes.length;
              const lineNo = starts.indexOf(from);
              const foreignFrom = starts[Math.max(0, lineNo - lookbackLines)] as number;
              return { foreignFrom, ownFrom: from, ownTo: to, fileBytes: bytes.length };
            });
            const result = mergeParts(bounds.map((b) => scanPart(options, b, read)), ALL_EVENTS, 100_000);
            if (result === undefined) {
              refused++;
              continue;
            }
            merged++;
            assert.deepEqual(result.model, whole, `${log} parts ${parts} lookback ${lookbackLines} shift ${shift}`);
          }
        }
      }
    }
  }
  assert.ok(merged > 40, `${merged} merged, ${refused} refused`);
  assert.ok(refused > 0, 'a lookback of no lines is refused somewhere');
});
