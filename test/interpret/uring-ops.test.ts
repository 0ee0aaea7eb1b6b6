// io_uring op names: the 63 ops of Linux 6.18 in the project's kernel facts,
// agreeing with the installed <linux/io_uring.h> on every op it knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '../helpers/paths.js';
import { uringOpName } from '../../src/interpret/index.js';

test('op names agree with <linux/io_uring.h>', (t) => {
  const header = '/usr/include/linux/io_uring.h';
  if (!existsSync(header)) return t.skip('no linux-libc-dev headers');
  const body = /enum io_uring_op \{([\s\S]*?)\};/.exec(readFileSync(header, 'utf8'))?.[1] ?? '';
  const ops = [...body.matchAll(/IORING_OP_(\w+)/g)].map((m) => (m[1] as string).toLowerCase()).filter((n) => n !== 'last');
  assert.ok(ops.length > 40);
  ops.forEach((name, i) => assert.equal(uringOpName(i), name, `op ${i}`));
});

test('all 63 ops of Linux 6.18 (ARCHITECTURE.md), nothing past them', (t) => {
  const doc = join(sharedDir, 'ARCHITECTURE.md');
  if (!existsSync(doc)) return t.skip('no ../shared/ARCHITECTURE.md');
  const text = readFileSync(doc, 'utf8').replace(/\s+/g, ' ');
  const list = /io_uring opcodes \(6\.18\): (.*?)\. Ops marked/.exec(text)?.[1] ?? '';
  const ops = [...list.matchAll(/(\d+) ([A-Z0-9_]+)/g)];
  assert.equal(ops.length, 63);
  for (const m of ops) assert.equal(uringOpName(Number(m[1])), (m[2] as string).toLowerCase());
  assert.equal(uringOpName(63), undefined);
  assert.equal(uringOpName(-1), undefined);
});
