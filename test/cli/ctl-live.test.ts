// auspex ctl against the running kernel, side by side with auditctl 3.0.9:
// the same status, rules added by one listed identically by both and deleted
// by the other, the same words and exit codes for bad commands, and a rules
// file whose bad lines (a watch on a missing path among them) are reported
// as file:line while -c loads the rest. Only auspex-test-* rules are touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditctl, kernelSkip, removeTestRules } from '../kernel/kernel-helpers.js';
import { runCtl } from './ctl-run-helper.js';

const skip = kernelSkip();
const VOLATILE = /^(lost|backlog|backlog_wait_time_actual) \d+$/gm;

test('-s and -s -i print what auditctl prints', { skip }, async () => {
  for (const args of [['-s'], ['-s', '-i']]) {
    // Other tests may switch audit on and off meanwhile: a few tries to see the same state.
    for (let attempt = 1; ; attempt++) {
      const ours = await runCtl(args);
      const theirs = auditctl(args);
      const same = ours.code === theirs.code && ours.stdout.replace(VOLATILE, '$1 N') === theirs.stdout.replace(VOLATILE, '$1 N');
      if (same || attempt === 5) {
        assert.equal(ours.code, theirs.code);
        assert.equal(ours.stdout.replace(VOLATILE, '$1 N'), theirs.stdout.replace(VOLATILE, '$1 N'));
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});

// Rules both tools can write (io_uring has its own test: auditctl 3.0.9 cannot).
const RULES: string[][] = [
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat,openat2', '-F', 'auid>=1000', '-F', 'auid!=unset', '-k', 'auspex-test-live1'],
  ['-a', 'always,exit', '-F', 'arch=b32', '-S', 'chown,setuid', '-F', 'exit=-EPERM', '-k', 'auspex-test-live2'],
  ['-a', 'never,exit', '-F', 'arch=b64', '-S', 'kill', '-F', 'a1=9', '-F', 'pid=4194305', '-k', 'auspex-test-live3'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-C', 'uid!=euid', '-F', 'euid=0', '-k', 'auspex-test-live4'],
  ['-a', 'always,exit', '-F', 'path=/etc/shadow', '-F', 'perm=r', '-F', 'key=auspex-test-live5'],
  ['-w', '/etc/passwd', '-p', 'wa', '-k', 'auspex-test-live6'],
  ['-w', '/etc/', '-p', 'x', '-k', 'auspex-test-live7', '-k', 'second'],
  ['-A', 'always,exit', '-F', 'arch=b64', '-S', 'unlinkat', '-F', 'uid=4000002', '-k', 'auspex-test-live8'],
  ['-a', 'never,filesystem', '-F', 'fstype=debugfs', '-k', 'auspex-test-live9'],
];

const deleteArgs = (args: string[]): string[] => args.map((a) => (a === '-a' || a === '-A' ? '-d' : a === '-w' ? '-W' : a));

for (const [i, args] of RULES.entries()) {
  const key = (args.includes('-k') ? args[args.indexOf('-k') + 1] : args.find((a) => a.startsWith('key='))?.slice(4)) as string;
  const addedBy = i % 2 === 0 ? 'auspex' : 'auditctl';
  test(`${addedBy} adds, both list alike, the other deletes: ${args.join(' ')}`, { skip }, async (t) => {
    t.after(() => removeTestRules(key));
    const add = addedBy === 'auspex' ? await runCtl(args) : auditctl(args);
    assert.equal(add.code, 0, add.stderr);
    const ours = await runCtl(['-l', '-k', key]);
    const theirs = auditctl(['-l', '-k', key]);
    assert.equal(ours.stdout, theirs.stdout);
    assert.match(ours.stdout, new RegExp(key));
    const del = addedBy === 'auspex' ? auditctl(deleteArgs(args)) : await runCtl(deleteArgs(args));
    assert.equal(del.code, 0, del.stderr);
    assert.equal(auditctl(['-l', '-k', key]).stdout.includes(key), false);
  });
}

test('-l carries one rule\'s arch into the next rule\'s syscall names, as auditctl does', { skip }, async (t) => {
  const key = 'auspex-test-carry';
  t.after(() => removeTestRules(key));
  auditctl(['-a', 'always,exit', '-F', 'arch=b32', '-S', 'open', '-F', 'uid=4000003', '-k', `${key}1`]);
  auditctl(['-a', 'always,exit', '-S', 'openat', '-F', 'uid=4000003', '-k', `${key}2`]);
  const ours = await runCtl(['-l', '-k', key]);
  assert.equal(ours.stdout, auditctl(['-l', '-k', key]).stdout);
});

const BAD: string[][] = [
  ['-e', '3'], ['-f', 'x'], ['-b', 'abc'], ['-r', '-1'], ['-b'], ['-F', 'uid=0'], ['-a', 'foo'], ['-a', 'always,exit', '-S', 'nosuch'],
  ['-s', '-l'], ['-l', '-x'], ['-D', '-x', 'y'], ['-m', 'a', 'b'], ['-q', 'a'], ['-k', 'x'], ['foo'], ['-v', 'extra'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', 'exit=-EWHAT'], ['-S', 'openat'], ['-x'],
  ['-d', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', 'uid=4000004', '-k', 'auspex-test-none'],
  ['-W', '/etc/auspex-test-not-watched', '-k', 'auspex-test-none'],
];
for (const args of BAD) {
  test(`same words and exit code as auditctl: ${args.join(' ')}`, { skip }, async () => {
    const ours = await runCtl(args);
    const theirs = auditctl(args);
    assert.equal(ours.stderr, theirs.stderr);
    assert.equal(ours.code, theirs.code);
  });
}

test('rules file: typo, syscall not in the arch, too-long key, missing watch path: file:line each, -c loads the rest', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-ctl-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    removeTestRules('auspex-test-file');
  });
  const file = join(dir, 'bad.rules');
  writeFileSync(file, [
    '-c',
    '-a always,exit -F arch=b64 -S openat -F uid=4000005 -k auspex-test-file1',
    '-a always,exit -F arch=b64 -S openat -F uidd=0 -k auspex-test-file-typo',
    '-a always,exit -F arch=b64 -S socketcall -k auspex-test-file-arch',
    `-a always,exit -F arch=b64 -S openat -k auspex-test-file-${'k'.repeat(250)}`,
    `-w ${dir}/no/such/dir/file -p wa -k auspex-test-file-missing`,
    '-w /etc/hosts -p wa -k auspex-test-file2',
    '',
  ].join('\n'), { mode: 0o600 });
  const r = await runCtl(['-R', file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, [
    `${file}:3: -F unknown field: uidd`,
    `${file}:4: Syscall name unknown: socketcall`,
    `${file}:5: key option exceeds size limit`,
    `${file}:6: Error sending add rule data request (No such file or directory)`,
    '',
  ].join('\n'));
  const listed = auditctl(['-l', '-k', 'auspex-test-file']).stdout;
  assert.match(listed, /auspex-test-file1/);
  assert.match(listed, /-w \/etc\/hosts -p wa -k auspex-test-file2/);
});
