// Serial gap detection: interleaved and late records are not gaps; a serial
// still missing gapSec after a later one arrived is; late arrivals after a
// report are counted; a restart of the counter starts over; expect() carries
// counting across a collector restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerialTracker } from '../../src/collect/index.js';
import type { SerialGap } from '../../src/collect/index.js';

interface Case {
  readonly name: string;
  /** [serial, nowSec] arrivals, then ticks as ['tick', nowSec]; expect as ['expect', next]. */
  readonly steps: ReadonlyArray<readonly [number | 'tick' | 'expect' | 'flush', number]>;
  readonly gaps: ReadonlyArray<readonly [number, number]>;
  readonly late?: number;
}

const cases: Case[] = [
  { name: 'in order', steps: [[10, 0], [11, 0], [12, 0], ['tick', 100]], gaps: [] },
  { name: 'interleaved within the wait', steps: [[10, 0], [12, 0], [11, 3], ['tick', 10]], gaps: [] },
  { name: 'missing one', steps: [[10, 0], [12, 0], ['tick', 4], ['tick', 5]], gaps: [[11, 11]] },
  { name: 'missing a run, then on', steps: [[1, 0], [5, 1], [6, 1], ['tick', 7], [7, 7], [9, 7], ['tick', 20]], gaps: [[2, 4], [8, 8]] },
  { name: 'late after report', steps: [[1, 0], [3, 0], ['tick', 9], [2, 9]], gaps: [[2, 2]], late: 1 },
  { name: 'counter restarted', steps: [[5_000_000, 0], [3, 1], [4, 1], ['tick', 99]], gaps: [] },
  { name: 'restart of the collector', steps: [['expect', 100], [104, 0], ['tick', 9]], gaps: [[100, 103]] },
  { name: 'end of input reports what is still missing', steps: [[1, 0], [3, 0], ['flush', 0]], gaps: [[2, 2]] },
];

for (const c of cases) {
  test(`serials: ${c.name}`, () => {
    const gaps: SerialGap[] = [];
    const t = new SerialTracker(5, (g) => gaps.push(g));
    for (const [a, b] of c.steps) {
      if (a === 'tick') t.tick(b);
      else if (a === 'expect') t.expect(undefined, b);
      else if (a === 'flush') t.flush();
      else t.see(undefined, a, b);
    }
    assert.deepEqual(gaps.map((g) => [g.from, g.to]), c.gaps);
    assert.equal(t.totals.missing, c.gaps.reduce((n, [f, to]) => n + to - f + 1, 0) - (c.late ?? 0));
    assert.equal(t.totals.late, c.late ?? 0);
  });
}

test('serials: per node', () => {
  const gaps: SerialGap[] = [];
  const t = new SerialTracker(1, (g) => gaps.push(g));
  t.see('a', 1, 0);
  t.see('b', 50, 0);
  t.see('a', 2, 0);
  t.see('b', 51, 0);
  t.tick(10);
  assert.deepEqual(gaps, []);
});
