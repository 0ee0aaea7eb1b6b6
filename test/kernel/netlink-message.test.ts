// Netlink framing: requests padded to 4 bytes with nlmsg_len covering the
// padding (as libaudit sends them), several messages per datagram, and a
// truncated datagram yielding the whole messages only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeNetlinkMessage, parseNetlinkMessages } from '../../src/kernel/index.js';

const cases: Array<[string, number, number, Buffer, number]> = [
  ['AUDIT_GET, no payload', 1000, 1, Buffer.alloc(0), 16],
  ['AUDIT_USER text of 5 bytes', 1005, 7, Buffer.from('abcd\0'), 24],
  ['44-byte status', 1001, 0xffffffff, Buffer.alloc(44, 1), 60],
];
for (const [name, type, seq, payload, len] of cases) {
  test(`encode/parse ${name}`, () => {
    const m = encodeNetlinkMessage(type, 5, seq, payload);
    assert.equal(m.length, len);
    assert.equal(m.readUInt32LE(0), len);
    const [back] = parseNetlinkMessages(m);
    assert.ok(back !== undefined);
    assert.equal(back.type, type);
    assert.equal(back.flags, 5);
    assert.equal(back.seq, seq);
    assert.deepEqual(back.payload.subarray(0, payload.length), payload);
  });
}

test('several messages in one datagram, a cut one dropped', () => {
  const a = encodeNetlinkMessage(2, 0, 1, Buffer.alloc(20));
  const b = encodeNetlinkMessage(1013, 2, 1, Buffer.alloc(1045));
  const c = encodeNetlinkMessage(3, 2, 1, Buffer.alloc(4));
  const all = Buffer.concat([a, b, c]);
  assert.deepEqual(parseNetlinkMessages(all).map((m) => m.type), [2, 1013, 3]);
  assert.deepEqual(parseNetlinkMessages(all.subarray(0, all.length - 2)).map((m) => m.type), [2, 1013]);
  assert.deepEqual(parseNetlinkMessages(Buffer.alloc(10)), []);
});
