// RecordReader's needle marks: a record is marked exactly when its line holds
// one of the needles, whatever the chunking and whichever byte of a needle
// the finder scans for (it starts from the rarest one in the first chunk).
// The reference is a plain search of each line on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NeedleFinder, RecordReader } from '../../src/format/index.js';

const alphabet = fc.constantFrom(...'exc6578"= '.split(''));

function marks(lines: readonly string[], needles: readonly string[] | NeedleFinder, cuts: readonly number[]): boolean[] {
  const text = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1');
  const seen: boolean[] = [];
  const reader = new RecordReader({
    file: 'x',
    needles: needles instanceof NeedleFinder ? needles : needles.map((n) => Buffer.from(n, 'latin1')),
    onRecord: (_r, marked) => seen.push(marked),
    onDiagnostic: () => undefined,
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(cut, text.length);
    if (to > at) reader.push(text.subarray(at, to));
    at = Math.max(at, to);
  }
  reader.push(text.subarray(at));
  reader.end();
  return seen;
}

test('a record is marked exactly when its line holds a needle', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: alphabet, maxLength: 40 }), { minLength: 1, maxLength: 30 }),
      fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.nat(2000), { maxLength: 5 }),
      (bodies, needles, cuts) => {
        const lines = bodies.map((b, i) => `type=SYSCALL msg=audit(1700000000.000:${i + 1}): ${b}`);
        const expected = lines.map((l) => needles.some((n) => l.includes(n)));
        assert.deepEqual(marks(lines, needles, cuts), expected);
      },
    ),
    { numRuns: 300 },
  );
});

test('one finder shared by readers in turn marks each as a finder of its own would', () => {
  // The finder chooses where to scan from on the first reader's first chunk,
  // which need not look like the later readers' text.
  const line = fc.string({ unit: alphabet, maxLength: 40 });
  fc.assert(
    fc.property(
      fc.array(fc.array(line, { minLength: 1, maxLength: 10 }), { minLength: 2, maxLength: 4 }),
      fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.nat(600), { maxLength: 3 }),
      (texts, needles, cuts) => {
        const finder = new NeedleFinder(needles.map((n) => Buffer.from(n, 'latin1')));
        for (const bodies of texts) {
          const lines = bodies.map((b, i) => `type=SYSCALL msg=audit(1700000000.000:${i + 1}): ${b}`);
          assert.deepEqual(marks(lines, finder, cuts), marks(lines, needles, []));
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('needles in real records: the key and its hex form', () => {
  const lines = [
    'type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=59 success=yes exit=0 key="exec"',
    'type=EXECVE msg=audit(1700000000.000:1): argc=2 a0="ls" a1="-l"',
    'type=SYSCALL msg=audit(1700000000.000:2): arch=c000003e syscall=59 key=65786563016F74686572',
    'type=PROCTITLE msg=audit(1700000000.000:2): proctitle=6578656300',
    'type=SYSCALL msg=audit(1700000000.000:3): arch=c000003e syscall=2 key=(null)',
  ];
  const needles = ['exec', '65786563'];
  assert.deepEqual(marks(lines, needles, []), lines.map((l) => needles.some((n) => l.includes(n))));
});
