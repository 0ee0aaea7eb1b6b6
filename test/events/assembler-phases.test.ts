// EventAssembler's phases (foreign / own / overrun), against the assembler run
// once over the whole input as the reference: records are the corpus logs
// repeated with shifted times and serials, as a long log holds them. An
// assembler that starts some way before a cut and reaches the reference's
// pending state there makes exactly the reference's events from the cut on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import type { AuditRecord } from '../../src/format/index.js';
import { EventAssembler, eventKey } from '../../src/events/index.js';
import type { AuditEvent, AssemblyPolicy, PushOutcome } from '../../src/events/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';

const HEADER = /msg=audit\((\d+)\.(\d{3}):(\d+)\)/;

/** `copies` copies of a corpus log, each moved on in time and serial past the one before (as bench/search/make-log.ts). */
function repeatedCorpus(name: string, copies: number): AuditRecord[] {
  const lines = readFileSync(corpusFile(name), 'latin1').split('\n').filter((l) => l.length > 0);
  const secs = lines.map((l) => Number(HEADER.exec(l)?.[1]));
  const serials = lines.map((l) => Number(HEADER.exec(l)?.[3]));
  const secSpan = Math.max(...secs) - Math.min(...secs) + 1;
  const serialSpan = Math.max(...serials) - Math.min(...serials) + 1;
  const out: AuditRecord[] = [];
  for (let c = 0; c < copies; c++) {
    for (const line of lines) {
      const shifted = line.replace(HEADER, (_m, s: string, ms: string, n: string) => `msg=audit(${Number(s) + c * secSpan}.${ms}:${Number(n) + c * serialSpan})`);
      const r = parseRecordLine(Buffer.from(shifted, 'latin1'), { file: name, line: out.length + 1 });
      assert.ok(!isHeaderProblem(r));
      out.push(r);
    }
  }
  return out;
}

interface Emitted {
  readonly event: AuditEvent;
  readonly foreign: boolean;
  /** Index of the record whose push handed the event out (records.length for the final flush). */
  readonly at: number;
}

interface Reference {
  readonly emitted: Emitted[];
  readonly pendingAt: Map<number, string[]>;
}

function newAssembler(policy: AssemblyPolicy, sink: (e: AuditEvent, foreign: boolean) => void): EventAssembler {
  return new EventAssembler({ policy, timeoutSec: 2, maxInFlight: 100_000, onEvent: sink });
}

/** The whole input through one assembler, with the pending state noted before the records at `cuts`. */
function reference(records: readonly AuditRecord[], policy: AssemblyPolicy, cuts: readonly number[]): Reference {
  const emitted: Emitted[] = [];
  let at = 0;
  const a = newAssembler(policy, (event, foreign) => emitted.push({ event, foreign, at }));
  const pendingAt = new Map<number, string[]>();
  for (; at < records.length; at++) {
    if (cuts.includes(at)) pendingAt.set(at, a.pendingKeys());
    a.push(records[at] as AuditRecord);
  }
  a.flush();
  return { emitted, pendingAt };
}

interface Split {
  readonly emitted: Emitted[];
  readonly pendingAtStart: string[];
  readonly outcomes: PushOutcome[];
}

/** Records [from, start) foreign, [start, end) own, then overrun until nothing is pending (or the end). */
function split(records: readonly AuditRecord[], policy: AssemblyPolicy, from: number, start: number, end: number): Split {
  const emitted: Emitted[] = [];
  const outcomes: PushOutcome[] = [];
  let at = from;
  const a = newAssembler(policy, (event, foreign) => emitted.push({ event, foreign, at }));
  a.phase = 'foreign';
  let pendingAtStart: string[] = [];
  for (; at < records.length; at++) {
    if (at === start) {
      pendingAtStart = a.pendingKeys();
      a.phase = 'own';
    }
    if (at === end) a.phase = 'overrun';
    if (at >= end && a.pending === 0) break;
    outcomes[at] = a.push(records[at] as AuditRecord);
  }
  if (at === records.length) a.flush();
  return { emitted, pendingAtStart, outcomes };
}

/** Index of the first record at or before `start` whose time is `seconds` older than the record at `start`. */
function windowStart(records: readonly AuditRecord[], start: number, seconds: number): number {
  const t = (records[start] as AuditRecord).sec;
  let p = start;
  while (p > 0 && (records[p] as AuditRecord).sec > t - seconds) p--;
  return p;
}

const recordsOf = (e: AuditEvent): readonly AuditRecord[] => e.records;

for (const policy of ['ausearch', 'kernel'] as const) {
  for (const log of ['raw.log', 'enriched.log']) {
    test(`${policy}, ${log}: a pre-window of timeout + 2 s reaches the reference state, and own + overrun events are the reference's`, (t) => {
      if (!haveCorpus()) return t.skip('corpus not found beside the repository');
      const records = repeatedCorpus(log, 4);
      const n = records.length;
      fc.assert(
        fc.property(fc.integer({ min: Math.floor(n / 4), max: Math.floor(n / 2) }), fc.integer({ min: 1, max: Math.floor(n / 4) }), (start, length) => {
          const end = start + length;
          const ref = reference(records, policy, [start]);
          const from = windowStart(records, start, 4);
          const s = split(records, policy, from, start, end);
          assert.deepEqual(s.pendingAtStart, ref.pendingAt.get(start));
          // The reference's events opened by records [start, end), in its order.
          const firstIndex = new Map(records.map((r, i) => [r, i]));
          const created = (e: AuditEvent): number => firstIndex.get(e.records[0] as AuditRecord) as number;
          const want = ref.emitted.filter((e) => created(e.event) >= start && created(e.event) < end);
          const got = s.emitted.filter((e) => !e.foreign);
          assert.equal(got.length, want.length);
          for (let i = 0; i < want.length; i++) assert.deepEqual(recordsOf((got[i] as Emitted).event), recordsOf((want[i] as Emitted).event));
          // Own events handed out while reading the own range went at the reference's moment.
          for (let i = 0; i < want.length; i++) if ((got[i] as Emitted).at < end) assert.equal((got[i] as Emitted).at, (want[i] as Emitted).at);
          for (const e of s.emitted) if (e.foreign) assert.ok(created(e.event) < start);
        }),
        { numRuns: 12, seed: 0x5eed },
      );
    });
  }
}

test('overrun: a record that would open an event only advances time; joins are told apart', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const records = repeatedCorpus('raw.log', 2);
  const start = Math.floor(records.length / 3);
  const end = start + 200;
  const s = split(records, 'ausearch', windowStart(records, start, 4), start, end);
  const after = s.outcomes.slice(end).filter((o) => o !== undefined);
  assert.ok(after.length > 0);
  assert.ok(!after.includes('created'), 'no event is opened after the own range');
  assert.ok(after.includes('ticked'));
  assert.ok(s.outcomes.slice(start, end).includes('joined-foreign') || s.outcomes.slice(start, end).includes('joined'));
  // The events opened in the own range are all complete and handed out when the overrun stops.
  const own = s.emitted.filter((e) => !e.foreign);
  assert.ok(own.length > 0);
});

test('a reader that starts inside an open event does not reach the reference state', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const records = repeatedCorpus('raw.log', 2);
  // A cut just after a SYSCALL record: its event is open in the reference.
  const start = records.findIndex((r, i) => i > 100 && r.typeName === 'SYSCALL') + 1;
  const ref = reference(records, 'ausearch', [start]);
  const s = split(records, 'ausearch', start, start, start + 50);
  assert.ok((ref.pendingAt.get(start) ?? []).some((k) => k.startsWith('o')));
  assert.notDeepEqual(s.pendingAtStart, ref.pendingAt.get(start));
});

test('pendingKeys names events by time, serial and node, open or complete', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const records = repeatedCorpus('raw.log', 1).slice(0, 40);
  const a = newAssembler('ausearch', () => undefined);
  for (const r of records) a.push(r);
  const keys = a.pendingKeys();
  assert.equal(keys.length, a.pending);
  for (const k of keys) assert.match(k, /^[oc]\d+\.\d+:\d+( \S+)?$/);
  assert.equal(eventKey({ node: 'web1', sec: 5, milli: 7, serial: 9 }), '5.7:9 web1');
  assert.equal(eventKey({ node: undefined, sec: 5, milli: 7, serial: 9 }), '5.7:9');
});

test('slotOrdered counts ties that ausearch orders by array slot after an event was handed out between the openings', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n');
  const syscall = lines.find((l) => l.startsWith('type=SYSCALL ')) as string;
  const user = lines.find((l) => l.startsWith('type=USER ')) as string;
  const busyLines: string[] = [];
  const at = (line: string, node: string, stamp: string): AuditRecord => {
    const text = `node=${node} ${line.replace(HEADER, `msg=audit(${stamp})`)}`;
    if (stamp !== '1000.500:7') busyLines.push(text);
    const r = parseRecordLine(Buffer.from(text, 'latin1'), { file: 't', line: 1 });
    assert.ok(!isHeaderProblem(r));
    return r;
  };
  const run = (records: readonly AuditRecord[]): { order: string[]; slotOrdered: number } => {
    const order: string[] = [];
    const a = newAssembler('ausearch', (e) => order.push(`${e.node} ${e.serial}`));
    for (const r of records) a.push(r);
    a.flush();
    return { order, slotOrdered: a.totals.slotOrdered };
  };
  // Two events with one id (other nodes), nothing handed out between their openings: the older first, whatever the slots.
  const quiet = run([at(syscall, 'a', '1000.500:7'), at(syscall, 'b', '1000.500:7')]);
  assert.equal(quiet.slotOrdered, 0);
  assert.deepEqual(quiet.order, ['a 7', 'b 7']);
  // Events in lower slots handed out between the openings: b takes a freed slot below a's and goes first. Counted.
  const busy = run([
    at(syscall, 'w', '998.000:1'), // slot 0
    at(user, 'u', '998.100:2'), // slot 1, complete, waits for w
    at(syscall, 'a', '999.500:7'), // slot 2
    at(syscall, 'x', '1000.700:9'), // slot 3; 998 + 2 <= 1000: w and u end and are handed out, slots 0 and 1 free
    at(syscall, 'b', '999.500:7'), // slot 0
  ]);
  assert.ok(busy.slotOrdered > 0);
  assert.deepEqual(busy.order, ['w 1', 'u 2', 'b 7', 'a 7', 'x 9'], 'b took the slot w freed, below a');
  // ausearch 3.0.9 prints them in that order too.
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-slots-'));
  try {
    const log = join(dir, 'slots.log');
    writeFileSync(log, `${busyLines.join('\n')}\n`, 'latin1');
    const nodes = runPeer('ausearch', ['-if', log, '--raw']).stdout.toString('latin1').split('\n').filter((l) => l.length > 0).map((l) => l.slice(5, l.indexOf(' ')));
    assert.deepEqual(nodes, ['w', 'u', 'b', 'a', 'x']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
