// Netlink records as log lines: the type names auditd 3.0.9 writes, asked of
// the installed libaudit (audit_msg_type_to_name) for every number in
// 1000..2999, and the byte rules of auditd's format_raw on hostile payloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { logTypeName, writeLogLine } from '../../src/collect/index.js';

function libaudit(): ((n: number) => string | null) | undefined {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    return koffi.load('libaudit.so.1').func('const char *audit_msg_type_to_name(int)') as (n: number) => string | null;
  } catch {
    return undefined;
  }
}

const nameOf = libaudit();

test('type names are libaudit 3.0.9\'s for 1000..2999', { skip: nameOf === undefined ? 'libaudit.so.1 not installed' : false }, () => {
  const differ: string[] = [];
  for (let n = 1000; n < 3000; n++) {
    const theirs = (nameOf as (n: number) => string | null)(n) ?? `UNKNOWN[${n}]`;
    if (logTypeName(n) !== theirs) differ.push(`${n}: ours ${logTypeName(n)}, libaudit ${theirs}`);
  }
  assert.deepEqual(differ, []);
});

const cases: Array<{ name: string; type: number; payload: string; node?: string; line: string }> = [
  { name: 'plain record', type: 1300, payload: 'audit(1.002:3): arch=c000003e', line: 'type=SYSCALL msg=audit(1.002:3): arch=c000003e\n' },
  { name: 'newlines become spaces, one trailing space dropped', type: 1305, payload: 'audit(1.002:3): a=1\nb=2\n', line: 'type=CONFIG_CHANGE msg=audit(1.002:3): a=1 b=2\n' },
  { name: 'cut at NUL as %.*s does', type: 1305, payload: 'audit(1.002:3): a=1\0b=2', line: 'type=CONFIG_CHANGE msg=audit(1.002:3): a=1\n' },
  { name: 'unknown type', type: 1999, payload: 'audit(1.002:3): x=y', line: 'type=UNKNOWN[1999] msg=audit(1.002:3): x=y\n' },
  { name: 'node prefix', type: 1300, payload: 'audit(1.002:3): x=y', node: 'node=h1 ', line: 'node=h1 type=SYSCALL msg=audit(1.002:3): x=y\n' },
  { name: 'EOE keeps its colon', type: 1320, payload: 'audit(1.002:3): ', line: 'type=EOE msg=audit(1.002:3):\n' },
];

for (const c of cases) {
  test(`log line: ${c.name}`, () => {
    const out = Buffer.alloc(256);
    const src = Buffer.from(`xx${c.payload}yy`, 'latin1');
    const end = writeLogLine(out, 0, c.node === undefined ? undefined : Buffer.from(c.node), c.type, src, 2, src.length - 2);
    assert.equal(out.toString('latin1', 0, end), c.line);
    assert.equal(writeLogLine(Buffer.alloc(8), 0, undefined, c.type, src, 2, src.length - 2), -1, 'too small a buffer is refused');
  });
}
