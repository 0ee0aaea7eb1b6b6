// The store's report rows (report_events) read events as report/'s general
// scanner does (aureport's scan() with ausearch's parsers, the path held to
// aureport in test/report and test/cli): the same fields, parse codes, -i
// flags and parser messages for every event of the real logs and of copies
// mangled to leave the kernel's shapes (odd headers, NULs, re-cased type
// names, fields out of order, short addresses), event by event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RecordReader } from '../../src/format/index.js';
import type { AuditRecord } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { ALL_EVENTS, createEventScanner } from '../../src/report/index.js';
import type { EventItems } from '../../src/report/index.js';
import { ReportReading } from '../../src/store/report-row.js';
import { NO_USERS, REPORT_LOGS } from '../helpers/report-logs.js';

const LOGS = REPORT_LOGS;

/** Each rewrites every line it matches: one assumption of the in-place readers broken per copy. */
const MANGLES: ReadonlyArray<readonly [string, RegExp, string]> = [
  ['node with =', /^(node=\S+ )?type=/, 'node=a=b type='],
  ['node with NUL', /^(node=\S+ )?type=/, 'node=a\0b type='],
  ['type name with NUL', /type=SYSCALL /, 'type=SYS\0CALL '],
  ['lower-case type names', /type=(SYSCALL|PATH|CWD|SOCKADDR) /, 'type=\\L$1 '],
  ['arch after syscall', / arch=(\S+) syscall=(\S+)/, ' syscall=$2 arch=$1'],
  ['no arch', / arch=\S+/, ''],
  ['exe with =', / exe="([^"]*)"/, ' exe="$1=x"'],
  ['comm res=', / comm="([^"]*)"/, ' comm="res=1"'],
  ['hex key', / key=("[^"]*"|\(null\))/, ' key=61626301646566'],
  ['no key', / key=("[^"]*"|\(null\))/, ''],
  ['auid out of range', / auid=\S+/, ' auid=4294967296'],
  ['pid twice', / pid=(\S+)/, ' pid=$1 pid=7'],
  ['relative names', / name="([^"]*)"/, ' name="./$1"'],
  ['unclosed name', / name="([^"]*)"/, ' name="unclosed'],
  ['hex cwd', / cwd="([^"]*)"/, ' cwd=2F746D70'],
  ['short inet address', / saddr=02\S*/, ' saddr=0200'],
  ['short unix address', / saddr=01\S*/, ' saddr=01'],
];

function lowerFirst(line: string, re: RegExp, to: string): string {
  if (to !== 'type=\\L$1 ') return line.replace(re, to);
  return line.replace(re, (_m, name: string) => `type=${name.toLowerCase()} `);
}

function eventsOf(bytes: Buffer): AuditEvent[] {
  const out: AuditEvent[] = [];
  const asm = new EventAssembler({ policy: 'ausearch', timeoutSec: 2, maxInFlight: 100_000, onEvent: (e) => out.push(e) });
  const reader = new RecordReader({ file: 'x', onRecord: (r: AuditRecord) => asm.push(r), onDiagnostic: () => {} });
  reader.push(bytes);
  reader.end();
  asm.flush();
  return out;
}

interface RowView {
  headType: number;
  types: string;
  items: Record<string, unknown> | undefined;
  bad: boolean;
  badI: boolean;
  odd: boolean;
  warnings: string | null;
}

const FIELDS = ['success', 'syscall', 'loginuid', 'pid', 'terminal', 'hostname', 'exe', 'comm', 'filenames', 'keys'] as const;

function itemsView(s: EventItems | undefined): Record<string, unknown> | undefined {
  if (s === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = s[f];
  return out;
}

/** The row as the general scanner gives it: the plain reading, the -i one where a SYSCALL does not start with arch=. */
function generalRow(event: AuditEvent, plainScan: ReturnType<typeof createEventScanner>, iScan: ReturnType<typeof createEventScanner>, warnings: string[]): RowView {
  warnings.length = 0;
  const plain = plainScan(event);
  const kept = warnings.join('');
  const archFirst = event.records.every((r) => r.typeName !== 'SYSCALL' || /^arch=[0-9a-fA-F]{1,8} /.test(r.buffer.toString('latin1', r.bodyAt, r.messageEndAt)));
  const interpreted = archFirst ? plain : iScan(event);
  const facts = plain ?? interpreted;
  const same = (a: EventItems, b: EventItems): boolean => JSON.stringify(itemsView(a)) === JSON.stringify(itemsView(b));
  return {
    headType: facts?.headType ?? -1,
    types: facts === undefined ? '' : facts.types.join(','),
    items: itemsView(facts?.items),
    bad: plain === undefined,
    badI: interpreted === undefined,
    odd: !archFirst && plain !== undefined && interpreted !== undefined && !same(plain.items, interpreted.items),
    warnings: kept.length === 0 ? null : kept,
  };
}

test('report rows read every event as report/\'s general scanner does, on real logs and mangled copies', () => {
  assert.ok(LOGS.length >= 4);
  let events = 0;
  let bad = 0;
  let warned = 0;
  let onlyI = 0;
  for (const log of LOGS) {
    const text = readFileSync(log, 'latin1');
    const variants: Array<[string, string]> = [['as captured', text]];
    for (const [name, re, to] of MANGLES) {
      const mangled = text.split('\n').map((l) => lowerFirst(l, re, to)).join('\n');
      if (mangled !== text) variants.push([name, mangled]);
    }
    for (const [name, body] of variants) {
      const warnings: string[] = [];
      const plainScan = createEventScanner('summary', ALL_EVENTS, { interpret: false, escape: 'tty' }, { users: NO_USERS, warn: (t) => void warnings.push(t) });
      const iScan = createEventScanner('summary', ALL_EVENTS, { interpret: true, escape: 'tty' }, { users: NO_USERS, warn: () => {} });
      const reading = new ReportReading(NO_USERS);
      for (const event of eventsOf(Buffer.from(body, 'latin1'))) {
        const want = generalRow(event, plainScan, iScan, warnings);
        const v = reading.read(event);
        const got: RowView = {
          headType: v.headType, types: Buffer.from(v.typesText).toString('latin1'), items: itemsView(v.items),
          bad: v.bad, badI: v.badI, odd: v.odd, warnings: v.warnings,
        };
        assert.deepEqual(got, want, `${log} (${name}), event ${event.sec}.${event.milli}:${event.serial}`);
        events++;
        if (want.bad) bad++;
        if (want.warnings !== null) warned++;
        if (want.badI && !want.bad) onlyI++;
      }
    }
  }
  // The mangled copies must reach the slow paths, or the comparison proves little.
  assert.ok(events > 10_000 && bad > 100 && warned > 10 && onlyI > 100, `${events} events, ${bad} bad, ${warned} with messages, ${onlyI} bad under -i alone`);
});
