// Reading live processes as the kernel shows them: a program whose name holds
// spaces and parentheses (the kernel's comm in /proc/PID/stat), its parent,
// start time and ids as /proc reports them, and the process tree built on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessTree, createProcSource, parseIds, parseStat } from '../../src/enrich/index.js';

test('stat, ids and the tree for a process named "a) b (c"', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-proc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const exe = join(dir, 'a) b (c');
  copyFileSync('/bin/sleep', exe);
  const child = spawn(exe, ['5'], { stdio: 'ignore' });
  t.after(() => child.kill());
  await new Promise((r) => setTimeout(r, 200));
  const pid = child.pid as number;
  const proc = createProcSource();
  const stat = parseStat(proc.stat(pid) ?? '');
  assert.equal(stat?.comm, 'a) b (c');
  assert.equal(stat?.ppid, process.pid);
  const status = proc.status(pid) ?? '';
  assert.deepEqual(parseIds(status, 'Uid')?.[0], process.getuid?.());
  assert.deepEqual(parseIds(status, 'Gid')?.[0], process.getgid?.());
  const tree = new ProcessTree(proc, { maxProcesses: 100, containers: true });
  const node = tree.get(pid);
  assert.equal(node?.exe, exe);
  assert.equal(node?.start, stat?.start);
  assert.deepEqual(tree.ancestors(pid, 1).map((a) => [a.pid, a.exe]), [[process.pid, proc.exe(process.pid)]]);
  tree.fork(pid, 999999);
  assert.equal(tree.get(999999)?.exe, exe, 'a fork starts as a copy of its parent');
  tree.exit(999999);
  assert.equal(tree.get(999999), undefined);
});
