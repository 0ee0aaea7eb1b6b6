// PendingIdentities: the identities of the open transaction. An identity is
// kept once; any difference in time, serial, shape or node makes another one,
// however the 30-bit hashes fall, and the table grows past its first size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingIdentities, identityHash } from '../../src/store/identity.js';

const node = (s: string | null): Uint8Array | null => (s === null ? null : new TextEncoder().encode(s));

interface Id { readonly ms: number; readonly serial: number; readonly shape: number; readonly node: string | null }

function add(set: PendingIdentities, id: Id, hash?: number): boolean {
  const bytes = node(id.node);
  return set.add(hash ?? identityHash(id.ms, id.serial, id.shape, bytes), id.ms, id.serial, id.shape, set.nodeId(bytes));
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

test('identities whose hashes collide are still told apart by their fields', () => {
  const set = new PendingIdentities();
  assert.equal(add(set, base, 7), true);
  for (const [what, id] of cases) assert.equal(add(set, id, 7), true, what);
  assert.equal(add(set, base, 7), false);
  for (const [what, id] of cases) assert.equal(add(set, id, 7), false, `${what}, again`);
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
