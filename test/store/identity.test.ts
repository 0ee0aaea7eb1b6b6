// PendingIdentities: the identities of the open transaction. An identity is
// kept once; any difference in time, serial, shape or node makes another one,
// in whatever time order they come (in order, within one millisecond, older
// than the newest, through the hash table's growth), as a plain set of the
// four values keeps them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PendingIdentities } from '../../src/store/identity.js';

const node = (s: string | null): Uint8Array | null => (s === null ? null : new TextEncoder().encode(s));

interface Id { readonly ms: number; readonly serial: number; readonly shape: number; readonly node: string | null }

function add(set: PendingIdentities, id: Id): boolean {
  return set.add(id.ms, id.serial, id.shape, set.nodeId(node(id.node)));
}

const base: Id = { ms: 1795447653191, serial: 15994, shape: 0x9e3779b1, node: null };
const cases: readonly (readonly [string, Id])[] = [
  ['another millisecond', { ...base, ms: base.ms + 1 }],
  ['another second, same low 32 bits of ms', { ...base, ms: base.ms + 4294967296 }],
  ['another serial', { ...base, serial: base.serial + 1 }],
  ['a serial past 32 bits', { ...base, serial: base.serial + 4294967296 }],
  ['another shape', { ...base, shape: base.shape ^ 1 }],
  ['a node', { ...base, node: 'host-a' }],
  ['another node', { ...base, node: 'host-b' }],
  ['an empty node name', { ...base, node: '' }],
];

test('an identity is kept once; each difference makes another', () => {
  const set = new PendingIdentities();
  assert.equal(add(set, base), true);
  assert.equal(add(set, base), false, 'the same identity again');
  for (const [what, id] of cases) {
    assert.equal(add(set, id), true, what);
    assert.equal(add(set, id), false, `${what}, again`);
  }
  assert.equal(set.size, cases.length + 1);
});

test('older identities among newer ones: each kept once, in any order', () => {
  const set = new PendingIdentities();
  // Newest first, then each again, then in order: every one but the first
  // comes older than one before it.
  const ids = [...cases].reverse().map(([, id]) => id);
  for (const id of ids) assert.equal(add(set, id), true);
  for (const id of ids) assert.equal(add(set, id), false);
  assert.equal(add(set, base), true);
  assert.equal(add(set, base), false);
});

test('any sequence of identities: kept as a set of their four values keeps them', () => {
  // Times as a walk that mostly goes on, stays or steps back (as events
  // come), now and then by 2^32 ms; few serials, shapes and nodes, so that
  // identities repeat.
  const step = fc.record({
    dt: fc.constantFrom(-3, -1, 0, 0, 1, 1, 1, 2, 4294967296),
    serial: fc.integer({ min: 0, max: 3 }),
    shape: fc.constantFrom(0, 1, 0x9e3779b1, 0xffffffff),
    node: fc.constantFrom(null, 'host-a', 'host-b'),
  });
  fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 6000, size: 'max' }), fc.nat({ max: 6000 }), (steps, clearAt) => {
    const set = new PendingIdentities();
    let seen = new Set<string>();
    let ms = 1795447653000;
    steps.forEach((x, i) => {
      if (i === clearAt) {
        set.clear();
        seen = new Set();
      }
      ms = Math.max(1795447653000, ms + x.dt);
      const key = JSON.stringify([ms, x.serial, x.shape >>> 0, x.node]);
      assert.equal(add(set, { ms, serial: x.serial, shape: x.shape, node: x.node }), !seen.has(key), `step ${i}`);
      seen.add(key);
    });
    assert.equal(set.size, seen.size);
  }), { numRuns: 100 });
});

test('the table grows past its first size and is empty after clear()', () => {
  const set = new PendingIdentities();
  const n = 50_000;
  for (let i = 0; i < n; i++) assert.equal(add(set, { ...base, serial: i }), true);
  for (let i = 0; i < n; i += 997) assert.equal(add(set, { ...base, serial: i }), false);
  assert.equal(set.size, n);
  set.clear();
  assert.equal(set.size, 0);
  assert.equal(add(set, { ...base, serial: 0 }), true);
});
