// Every field name ausearch -i interprets (and some it does not), with
// values of every shape — names, numbers, hex, quoted text, overflows,
// garbage — in records of the types that change a field's meaning: each
// record printed exactly as ausearch -i prints it, run live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_KIND_NAMES } from '../../src/interpret/field-kinds.table.js';
import { uringOpName } from '../../src/interpret/index.js';
import { compareMadeLog, haveAusearch, hostOptions, type MadeRecord } from './live.js';

const VALUES = [
  '0', '1', '2', '7', '9', '10', '16', '23', '100', '0100644', '040755', '0170777', '4294967295', '4294967296', '-1', '-2', '-13',
  '-200', '-4095', '18446744073709551615', '18446744073709551616', '99999999999999999999999', 'ffffffff', '7fffffff', '80000000',
  'c000003e', '40000003', 'c00000b7', '0x10', '000001fffeffffff', 'ffffffffffffffff', 'yes', 'no', 'success', 'failed', 'abc',
  '"quoted"', '"with space"', '"unterminated', "'single'", '(null)', '(none)', '(odd', '414243', '41424', '2F746D702F1B5B33316D',
  '00414243', '6C73002D6C00', '4100', '0A0D09', 'ZZ41', 'abc,def', 'x,y z', '7ffc0000', '50000', 'SIG0', '?',
  '02000000AC1E0001000000000000000000000000', '0A000050000000000000000000000000000000010000000000000000', '0100', '01002F746D70',
  '10000000000000000000000000', '0300414243444546470000000000000000', '0800050000000000', '1b5b41', '7f', '01', '',
];

/** A record type ausearch parses nothing from (so it prints every such event). */
function carrier(name: string, value: string): MadeRecord {
  return { type: 'OPENAT2', body: `${name}=${value}` };
}

const names = [...new Set(Object.values(FIELD_KIND_NAMES).flat())];
const unlisted = ['items', 'pid', 'foo', 'acct', 'cap_fe', 'uring_op', 'nametype', 'old-ses', 'msg'];

test('every listed field name, every value shape', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const records = [...names, ...unlisted].flatMap((n) => VALUES.map((v) => carrier(n, v)));
  const { printed, mismatches } = compareMadeLog(records, hostOptions({ uringOp: 'number' }));
  assert.equal(printed, records.length, 'ausearch printed every record');
  assert.deepEqual(mismatches.slice(0, 5), []);
  t.diagnostic(`${records.length} records`);
});

test('fields whose meaning depends on the record type', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const cases: Array<[string, string[]]> = [
    ['EXECVE', ['argc', 'a0', 'a1', 'a7', 'a1_len', 'a1[0]', 'acct']],
    ['PATH', ['flags', 'mode', 'name', 'obj']],
    ['MQ_OPEN', ['mode', 'oflag']],
    ['TRUSTED_APP', ['acct', 'key', 'subj', 'uid', 'foo']],
    ['KERN_MODULE', ['name']],
    ['CRYPTO_KEY_USER', ['fp', 'fi']],
    ['NETFILTER_PKT', ['saddr', 'proto', 'macproto']],
    ['AVC', ['saddr']],
    ['USER_TTY', ['data']],
  ];
  const records: MadeRecord[] = [];
  for (const [type, fields] of cases) {
    for (const f of fields) for (const v of VALUES) records.push({ type, body: `${f}=${v}` });
  }
  // Group records and the uid/gid id field; USER_TTY's msg; parsed types need their usual fields.
  for (const type of ['ADD_GROUP', 'GRP_MGMT', 'DEL_GROUP', 'ADD_USER']) {
    for (const v of VALUES) records.push({ type, body: `pid=1 uid=0 auid=0 ses=1 msg='op=x id=${v} exe="/usr/sbin/groupadd" hostname=? addr=? terminal=? res=success'` });
  }
  for (const v of VALUES) records.push({ type: 'USER_TTY', body: `pid=1 uid=0 auid=0 ses=1 msg=${v}` });
  const { printed, mismatches } = compareMadeLog(records, hostOptions({ uringOp: 'number' }));
  assert.ok(printed > records.length / 2, `ausearch printed ${printed} of ${records.length}`);
  assert.deepEqual(mismatches.slice(0, 5), []);
  t.diagnostic(`${printed} records printed and compared`);
});

test('uring_op: names by default, the number past Linux 6.18 ops or when asked', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const records = ['0', '18', '62', '63', '999', 'x'].map((v) => carrier('uring_op', v));
  const asIs = compareMadeLog(records, hostOptions({ uringOp: 'number' }));
  assert.deepEqual(asIs.mismatches, []);
  const named = compareMadeLog(records, hostOptions());
  // Only the ops Linux 6.18 has get a name; 'x', 63 and 999 stay as logged.
  assert.deepEqual(
    named.mismatches.map((m) => / uring_op=(\S+) /.exec(m.ours)?.[1]),
    [0, 18, 62].map((n) => uringOpName(n)),
  );
});

test('TTY keystrokes: named keys, quoted runs, odd hex', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  // Sequences terminals send, mixed with text and stray control bytes.
  const pieces = ['ls -l', '\r', '\x7f', '\x1b[A', '\x1b[1;5C', '\x1bOP', '\x1b[15~', '\x1b[200~', '\x1b', '\x1b[', '\x03', '\t', '"', '\\', '\x9b', '\x8fA', '\x00', '\xff', 'é', '\x1b[24;2~', '\x1b2$'];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const records: MadeRecord[] = [];
  for (let i = 0; i < 1500; i++) {
    let s = '';
    const n = 1 + (next() % 6);
    for (let k = 0; k < n; k++) s += pieces[next() % pieces.length] as string;
    const hex = Buffer.from(s, 'latin1').toString('hex');
    const data = i % 3 === 0 ? hex.toUpperCase() : i % 3 === 1 ? hex : `${hex}${i % 2 === 0 ? 'A' : 'x'}`;
    records.push({ type: i % 2 === 0 ? 'TTY' : 'OPENAT2', body: i % 2 === 0 ? `tty pid=1 uid=0 auid=0 ses=1 major=136 minor=0 comm="bash" data=${data}` : `data=${data}` });
  }
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.ok(printed >= records.length / 2, `ausearch printed ${printed} of ${records.length}`);
  assert.deepEqual(mismatches.slice(0, 3), []);
  t.diagnostic(`${printed} records printed and compared`);
});

test('socket addresses: every family, short and long, paths, abstract names, IPv6 forms', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const hex = (bytes: number[]): string => Buffer.from(bytes).toString('hex').toUpperCase();
  const records: MadeRecord[] = [];
  const tails: number[][] = [[], [0], [1, 2], [0x41, 0x42, 0x43, 0], [0, 0x61, 0x62], Array.from({ length: 26 }, (_, i) => (i * 37 + 11) & 0xff), Array.from({ length: 120 }, (_, i) => 0x30 + (i % 40))];
  for (let fam = 0; fam < 48; fam++) {
    for (const tail of tails) {
      // An ATM PVC address shorter than its interface field makes auparse read past its buffer.
      if (fam === 8 && tail.length < 3) continue;
      records.push(carrier('saddr', hex([fam, 0, ...tail])));
    }
  }
  const v6 = (addr: number[], scope = 0): string => hex([10, 0, 0x1f, 0x90, 0, 0, 0, 0, ...addr, scope & 0xff, 0, 0, 0]);
  for (const addr of [
    Array(16).fill(0),
    [...Array(15).fill(0), 1],
    [...Array(10).fill(0), 0xff, 0xff, 192, 168, 1, 2],
    [...Array(12).fill(0), 10, 0, 0, 1],
    [0xfe, 0x80, ...Array(13).fill(0), 5],
    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1],
    [0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    Array.from({ length: 16 }, (_, i) => i * 17),
  ]) {
    records.push(carrier('saddr', v6(addr)));
    records.push(carrier('saddr', v6(addr, 3)));
  }
  records.push(carrier('saddr', '02000050C0A80001'), carrier('saddr', '0200'), carrier('saddr', '0'), carrier('saddr', '(null)'), carrier('saddr', 'zz'), carrier('saddr', '01002F746D70Zq'));
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.equal(printed, records.length);
  assert.deepEqual(mismatches.slice(0, 3), []);
  t.diagnostic(`${records.length} addresses`);
});
