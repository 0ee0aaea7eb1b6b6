// Record headers of every corpus line, and the lines that are not records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeaderProblem, parseRecordLine, recordTypeName, recordTypeNumber } from '../../src/format/index.js';
import { corpusFile, haveCorpus, oraclesDir } from '../helpers/paths.js';

const src = { file: 't', line: 1 };

// An independent reading of the header (a regular expression, not the byte parser).
const HEADER = /^(?:node=(\S+) )?type=(\S+) msg=audit\((\d+)\.(\d+):(\d+)\): ?/;

for (const name of ['raw.log', 'enriched.log']) {
  test(`every line of corpus ${name} parses to the header it spells`, (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    const lines = readFileSync(corpusFile(name), 'latin1').split('\n').filter((l) => l.length > 0);
    assert.ok(lines.length > 1000);
    for (const [i, line] of lines.entries()) {
      const m = HEADER.exec(line);
      assert.ok(m, `${name}:${i + 1} is a record`);
      const r = parseRecordLine(Buffer.from(line, 'latin1'), { file: name, line: i + 1 });
      assert.ok(!isHeaderProblem(r), `${name}:${i + 1}`);
      assert.equal(r.node, m[1]);
      assert.equal(r.typeName, m[2]);
      assert.equal(recordTypeName(r.type), m[2]);
      assert.equal(r.sec, Number(m[3]));
      assert.equal(r.milli, Number(m[4]));
      assert.equal(r.serial, Number(m[5]));
      const gs = line.indexOf('\x1d');
      assert.equal(r.text, gs < 0 ? line : line.slice(0, gs));
      assert.equal(r.body, r.text.slice(m[0].length));
      assert.equal(r.interp, gs < 0 ? undefined : line.slice(gs + 1));
    }
  });
}

test('node= prefixed records (auparse test3.log) keep their node', (t) => {
  const path = join(oraclesDir, 'audit-userspace', 'auparse-test', 'test3.log');
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return t.skip('oracle set not found beside the repository');
  }
  for (const line of text.split('\n').filter((l) => l.length > 0)) {
    const r = parseRecordLine(Buffer.from(line, 'latin1'), src);
    assert.ok(!isHeaderProblem(r), line);
    assert.equal(`node=${r.node} `, line.slice(0, line.indexOf(' ') + 1));
  }
});

const NOT_RECORDS: Array<[string, string]> = [
  ['no msg=audit(', 'type=SYSCALL arch=c000003e syscall=1'],
  ['no type=', 'msg=audit(1.2:3): a=b'],
  ['empty type name', 'type= msg=audit(1.2:3): a=b'],
  ['milliseconds over 999', 'type=SYSCALL msg=audit(1795447653.1000:3): a=b'],
  ['no serial', 'type=SYSCALL msg=audit(1795447653.100): a=b'],
  ['letters in time', 'type=SYSCALL msg=audit(17x5447653.100:5): a=b'],
  ['node without a type', 'node=host'],
  ['NUL byte in the body', 'type=SYSCALL msg=audit(1.002:3): a=b\0c'],
];

for (const [what, line] of NOT_RECORDS) {
  test(`not a record: ${what}`, () => {
    const r = parseRecordLine(Buffer.from(line, 'latin1'), src);
    assert.ok(isHeaderProblem(r));
  });
}

test('UNKNOWN[n], bare numbers and unknown names map as libaudit maps them', () => {
  assert.equal(recordTypeNumber('UNKNOWN[1336]'), 1336);
  assert.equal(recordTypeNumber('1300'), 1300);
  assert.equal(recordTypeNumber('NOT_A_TYPE'), -1);
  assert.equal(recordTypeNumber('URINGOP'), 1336);
  assert.equal(recordTypeNumber('BPF'), 1334);
  assert.equal(recordTypeNumber('CONTAINER_OP'), 1020);
});
