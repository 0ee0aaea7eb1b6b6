// The assembler's integer structures against plain references: SerialIndex
// (open addressing, deletion by backward shift) against a Map, IntMinHeap
// against a sorted array, IntSortedQueue against a stable sorted insert.
// Serials are drawn from a few narrow ranges so that slots collide and runs
// wrap around the table's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IntMinHeap, NONE, SerialIndex } from '../../src/events/event-table.js';
import { IntSortedQueue } from '../../src/events/int-sorted-queue.js';

const serial = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2 ** 32 - 5, max: 2 ** 32 + 5 }), fc.constant(2 ** 53 - 1));
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), serial, id: fc.nat(1000) }),
  fc.record({ kind: fc.constant('delete' as const), serial }),
);

test('SerialIndex answers as a Map does, through growth and deletions', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
      const index = new SerialIndex(4);
      const ref = new Map<number, number>();
      for (const o of ops) {
        if (o.kind === 'set') {
          index.set(o.serial, o.id);
          ref.set(o.serial, o.id);
        } else {
          index.delete(o.serial);
          ref.delete(o.serial);
        }
        for (const [k, v] of ref) assert.equal(index.get(k), v);
      }
      for (let s = 0; s <= 300; s++) if (!ref.has(s)) assert.equal(index.get(s), NONE);
    }),
    { numRuns: 300 },
  );
});

test('IntMinHeap pops in ascending order', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.nat(100), fc.constant(-1)), { maxLength: 300 }), (steps) => {
      const heap = new IntMinHeap();
      const ref: number[] = [];
      for (const s of steps) {
        if (s >= 0) {
          heap.push(s);
          ref.push(s);
          ref.sort((a, b) => a - b);
        } else if (ref.length > 0) assert.equal(heap.pop(), ref.shift());
        assert.equal(heap.size, ref.length);
      }
    }),
  );
});

test('IntSortedQueue keeps a stable order through out-of-order pushes, shifts and growth', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(-1)), { maxLength: 3000 }), (steps) => {
      // Items are indexes into `keys`; equal keys must keep their push order.
      const keys: number[] = [];
      const queue = new IntSortedQueue((a, b) => (keys[a] as number) < (keys[b] as number));
      const ref: number[] = [];
      for (const s of steps) {
        if (s >= 0) {
          const item = keys.push(s % 50) - 1;
          queue.push(item);
          let at = ref.length;
          while (at > 0 && (keys[ref[at - 1] as number] as number) > (keys[item] as number)) at--;
          ref.splice(at, 0, item);
        } else assert.equal(queue.shift(), ref.length > 0 ? ref.shift() : -1);
        assert.equal(queue.size, ref.length);
        assert.equal(queue.peek(), ref.length > 0 ? ref[0] : -1);
      }
      const rest: number[] = [];
      queue.forEach((v) => rest.push(v));
      assert.deepEqual(rest, ref);
    }),
    { numRuns: 100 },
  );
});
