// The part of each line before the fields: node= prefixes, type names
// 3.0.9 knows, `UNKNOWN[n]`, names it does not know, and times printed as
// local time in the C locale (TZ honoured) — as ausearch -i prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIBAUDIT_RECORD_TYPES, allRecordTypes } from '../../src/format/index.js';
import { ausearchOn, compareByKey, haveAusearch, hostOptions, linesByKey, ourLinesByKey, parseLog } from './live.js';

test('every record type number, UNKNOWN[n] and names 3.0.9 lacks, with and without node=', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const names = [...allRecordTypes().map(([, name]) => name), 'UNKNOWN[1338]', 'UNKNOWN[9999]', 'UNKNOWN[x]', 'DM_CTRL', 'URINGOP', 'CONTAINER_OP', '1305'];
  const lines: string[] = [];
  names.forEach((name, i) => {
    const node = i % 3 === 0 ? 'node=host-a ' : i % 3 === 1 ? 'node=b.example ' : '';
    lines.push(`${node}type=${name} msg=audit(${1700000000 + i * 3}.${String(i % 1000).padStart(3, '0')}:${i + 1}): op=x res=1 uid=0 key="k"`);
  });
  const log = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const theirs = linesByKey(ausearchOn(log));
  const { diffs, compared } = compareByKey(ourLinesByKey(parseLog(log), hostOptions()), theirs);
  assert.ok(compared > names.length / 2, `${compared} of ${names.length} printed`);
  assert.deepEqual(diffs.slice(0, 3), []);
});

// libaudit matches type names with strcasecmp; `UNKNOWN[` and a leading number
// go through strtol into an int (past 64 bits it clamps to LONG_MAX, -1 as an int).
test('type names in any case, and numbers past an int or a long', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const names = [
    ...LIBAUDIT_RECORD_TYPES.map(([, name], i) => (i % 2 === 0 ? name.toLowerCase() : name[0] + name.slice(1).toLowerCase())),
    'unknown[1305]', 'UNKNOWN[ -5]', 'UNKNOWN[+1305]', 'UNKNOWN[13050000]', '4294968601', '99999999999999999999', '1305x',
  ];
  const lines = names.map((name, i) => `type=${name} msg=audit(${1700000000 + i}.000:${i + 1}): op=x res=1 uid=0 key="k"`);
  const log = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const theirs = linesByKey(ausearchOn(log));
  const { diffs, compared } = compareByKey(ourLinesByKey(parseLog(log), hostOptions()), theirs);
  assert.ok(compared > names.length / 2, `${compared} of ${names.length} printed`);
  assert.deepEqual(diffs.slice(0, 3), []);
});

test('times in other zones, and far from now', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const secs = [0, 1, 946684799, 1700000000, 1795447653, 2147483647, 2147483648, 4102444800, 32503680000, 253402300799, 8639999999999, 8640000000001, 99999999999999];
  const log = Buffer.from(secs.map((s, i) => `type=CWD msg=audit(${s}.${String(i * 7 % 1000).padStart(3, '0')}:${i + 1}): cwd="/"\n`).join(''), 'latin1');
  const records = parseLog(log);
  const saved = process.env.TZ;
  try {
    for (const tz of ['UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/Dublin']) {
      process.env.TZ = tz;
      const theirs = linesByKey(ausearchOn(log, [], { TZ: tz }));
      const { diffs, compared } = compareByKey(ourLinesByKey(records, hostOptions()), theirs);
      assert.equal(compared, secs.length, tz);
      assert.deepEqual(diffs, [], tz);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});
