// LineSplitter: the same lines whatever the chunking; overlong lines skipped
// and counted without being buffered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from '../../src/format/index.js';

interface Seen {
  lines: string[];
  offsets: number[];
  overlong: Array<{ lineNo: number; length: number }>;
}

function split(chunks: readonly Buffer[], max: number): Seen {
  const seen: Seen = { lines: [], offsets: [], overlong: [] };
  const s = new LineSplitter(max, {
    line: (b, start, end, _n, off) => {
      seen.lines.push(b.toString('latin1', start, end));
      seen.offsets.push(off);
    },
    overlong: (lineNo, _off, length) => seen.overlong.push({ lineNo, length }),
  });
  for (const c of chunks) s.push(c);
  s.end();
  return seen;
}

function chunkAt(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(data.subarray(prev, p));
    prev = p;
  }
  out.push(data.subarray(prev));
  return out;
}

test('lines and offsets do not depend on where chunks end', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[a-z =\x1d]{0,40}$/), { maxLength: 30 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 20 }),
      (lines, lastNewline, cuts) => {
        const text = lines.join('\n') + (lastNewline && lines.length > 0 ? '\n' : '');
        const data = Buffer.from(text, 'latin1');
        const whole = split([data], 1000);
        const chunked = split(chunkAt(data, cuts), 1000);
        assert.deepEqual(chunked, whole);
        // A final '\n' ends the last line; it does not start an empty one.
        const expected = text.split('\n');
        if (expected[expected.length - 1] === '') expected.pop();
        assert.deepEqual(whole.lines, expected);
      },
    ),
  );
});

test('a line longer than the limit is reported with its length, not delivered', () => {
  const long = 'x'.repeat(5000);
  const data = Buffer.from(`a\n${long}\nb\n${long}`, 'latin1');
  for (const cuts of [[], [3, 100, 4000, 5003, 5010, 6000]]) {
    const seen = split(chunkAt(data, cuts), 100);
    assert.deepEqual(seen.lines, ['a', 'b']);
    assert.deepEqual(seen.overlong, [
      { lineNo: 2, length: 5000 },
      { lineNo: 4, length: 5000 },
    ]);
    assert.deepEqual(seen.offsets, [0, 5003]);
  }
});
