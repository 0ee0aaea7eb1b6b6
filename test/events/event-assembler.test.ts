// EventAssembler's kernel policy: EOE ends an event at once, events without
// EOE end when the log's time moves past the timeout (or at the end), the
// in-flight bound forces the oldest out and counts it. Records come from the
// corpus; EOE records are made from their headers, as the kernel sends them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import type { AuditRecord } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import type { AuditEvent, AssemblyPolicy } from '../../src/events/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';

function record(line: string, n: number): AuditRecord {
  const r = parseRecordLine(Buffer.from(line, 'latin1'), { file: 'corpus', line: n });
  assert.ok(!isHeaderProblem(r));
  return r;
}

function eoeFor(r: AuditRecord): AuditRecord {
  return record(`type=EOE msg=audit(${r.sec}.${String(r.milli).padStart(3, '0')}:${r.serial}): `, 0);
}

function corpusRecords(): AuditRecord[] {
  return readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0).map(record);
}

function assembler(policy: AssemblyPolicy, maxInFlight = 1000): { a: EventAssembler; out: AuditEvent[] } {
  const out: AuditEvent[] = [];
  return { a: new EventAssembler({ policy, timeoutSec: 2, maxInFlight, onEvent: (e) => out.push(e) }), out };
}

test('kernel policy: EOE ends the event at once and is not kept as a record', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const recs = corpusRecords().filter((r) => r.serial === corpusRecords().find((x) => x.typeName === 'EXECVE')?.serial);
  assert.ok(recs.length >= 3);
  const { a, out } = assembler('kernel');
  for (const r of recs) a.push(r);
  assert.equal(out.length, 0, 'no EOE yet, no timeout: still open');
  a.push(eoeFor(recs[0] as AuditRecord));
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]?.records.map((r) => r.typeName), recs.map((r) => r.typeName));
});

test('kernel policy without EOE: an event ends when a later record is 2 s newer, or at the end', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const recs = corpusRecords();
  const { a, out } = assembler('kernel');
  for (const r of recs) a.push(r);
  const first = recs[0] as AuditRecord;
  const last = recs[recs.length - 1] as AuditRecord;
  const userSpace = (e: AuditEvent): boolean => e.records.every((r) => r.type === 1005 || (r.type >= 1100 && r.type < 1300));
  for (const e of out) assert.ok(e.sec + 2 <= last.sec || userSpace(e), 'ended only by time or by being a user message');
  a.flush();
  const serials = new Set(recs.map((r) => `${r.sec}.${r.milli}:${r.serial}`));
  assert.equal(out.length, serials.size, 'one event per serial');
  assert.equal(out.reduce((n, e) => n + e.records.length, 0), recs.length);
  assert.equal(out[0]?.serial, first.serial);
  for (let i = 1; i < out.length; i++) {
    const p = out[i - 1] as AuditEvent;
    const c = out[i] as AuditEvent;
    assert.ok(p.sec < c.sec || (p.sec === c.sec && (p.milli < c.milli || (p.milli === c.milli && p.serial <= c.serial))), 'time order');
  }
});

test('tick() ends open events when the clock passes the timeout', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const recs = corpusRecords().slice(0, 30);
  const { a, out } = assembler('kernel');
  for (const r of recs) a.push(r);
  assert.ok(a.pending > 0, 'the last events are still open');
  a.tick((recs[recs.length - 1] as AuditRecord).sec + 3);
  assert.equal(a.pending, 0);
  assert.equal(out.reduce((n, e) => n + e.records.length, 0), recs.length);
});

test('the in-flight bound forces the oldest event out and counts it', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const recs = corpusRecords();
  const { a, out } = assembler('kernel', 5);
  for (const r of recs) a.push(r);
  a.flush();
  assert.ok(a.totals.forcedOut > 0);
  assert.equal(out.reduce((n, e) => n + e.records.length, 0), recs.length, 'forced out, never lost');
});

test('ausearch policy: a stray EOE is dropped and counted; the same serial after completion opens a new event', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const recs = corpusRecords();
  const login = recs.filter((r) => r.serial === recs.find((x) => x.typeName === 'LOGIN')?.serial);
  const { a, out } = assembler('ausearch');
  a.push(eoeFor(login[0] as AuditRecord));
  for (const r of login) a.push(r);
  a.flush();
  assert.equal(a.totals.strayEoe, 1);
  assert.deepEqual(out.map((e) => e.records.map((r) => r.typeName)), [['LOGIN'], ['SYSCALL', 'PROCTITLE']]);
});
