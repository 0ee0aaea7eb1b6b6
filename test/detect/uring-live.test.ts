// io_uring profiles and violations on this kernel: a test program's ops are
// captured under io_uring-list rules scoped to its pid; the profile holds
// exactly the ops the program ran (the audit_skip READ it also ran listed as
// invisible, never as used), per owner uid, with the personality's
// credentials; a second program and the first one doing other things are
// flagged, by the checker and by `auspex search --uring-profile`; the audit
// rules the profile proposes, loaded into the kernel, log the second run's
// extra ops and nothing of the first; the proposed C allow-list, compiled and
// applied to a ring created with IORING_SETUP_R_DISABLED, lets the profiled
// op through and the kernel refuses another with EACCES.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UringProfileBuilder, UringViolationChecker, allowListFor, auditRules, cSnippet, parseProfileJson, profileJson } from '../../src/detect/index.js';
import type { UringProfile } from '../../src/detect/index.js';
import { splitRuleLine } from '../../src/rules/index.js';
import { kernelEvents } from '../helpers/events.js';
import { runAuspex } from '../helpers/run.js';
import { buildProgram, capture, liveSkip, uringRecords } from './live-capture.js';

const skip = liveSkip();
const RULES = [
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'io_uring_setup,io_uring_register', '-F', 'pid={PID}', '-k', 'auspex-test-det-setup'],
  ['-a', 'always,io_uring', '-S', 'all', '-F', 'pid={PID}', '-k', 'auspex-test-det-ops'],
];

function profileOf(log: Buffer): UringProfile {
  const b = new UringProfileBuilder();
  for (const e of kernelEvents(log)) b.add(e);
  return b.profile();
}

test('io_uring profile, violations, proposed rules and allow-list on the running kernel', { skip, timeout: 90000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-uring-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const known = buildProgram('uring-ops', 'uring-known', dir);
  const second = join(dir, 'uring-second');
  copyFileSync(known, second);
  spawnSync('chmod', ['755', second]);

  // 1. The known program, profiled.
  const six = (c: Parameters<typeof uringRecords>[0]): boolean => uringRecords(c) >= 6;
  const a = await capture(known, ['known', dir], RULES, six);
  assert.equal(a.exitCode, 0, a.output.join('\n'));
  const ran = a.output.map((l) => l.split(' ')[0]);
  assert.deepEqual(ran, ['openat', 'read', 'close', 'mkdirat', 'unlinkat', 'openat-personality', 'read', 'close']);
  const profile = profileOf(a.log);
  const mine = profile.programs.filter((p) => p.exe === known);
  assert.equal(mine.length, 2, JSON.stringify(profile.programs));
  const root = mine.find((p) => p.uid === 0);
  const nobody = mine.find((p) => p.uid === 65534);
  assert.ok(root !== undefined && nobody !== undefined);
  // Exactly what ran as root, READ aside (audit_skip: never logged, listed as invisible).
  assert.deepEqual(root.ops.map((o) => [o.name, o.count]), [['close', 1], ['openat', 1], ['mkdirat', 1], ['unlinkat', 1]].sort((x, y) => opNo(x[0] as string) - opNo(y[0] as string)));
  for (const o of root.ops) assert.equal(o.inline + o.async, o.count);
  assert.equal(root.ops.find((o) => o.name === 'mkdirat')?.async, 1, 'IOSQE_ASYNC ops run from io-wq');
  assert.equal(root.ops.find((o) => o.name === 'unlinkat')?.async, 1);
  assert.ok(root.ops.every((o) => o.credentials.length === 0));
  assert.deepEqual(root.registerOps.map((r) => r.name), ['IORING_REGISTER_PERSONALITY']);
  assert.equal(root.ringsSetUp, 1);
  // After dropping to 65534: openat under the root personality, close with the caller's own credentials.
  assert.deepEqual(nobody.ops.map((o) => [o.name, o.count]), [['close', 1], ['openat', 1]].sort((x, y) => opNo(x[0] as string) - opNo(y[0] as string)));
  assert.deepEqual(nobody.ops.find((o) => o.name === 'openat')?.credentials, [{ uid: 0, gid: 0, ops: 1 }]);
  assert.deepEqual(nobody.ops.find((o) => o.name === 'close')?.credentials, []);
  assert.ok(profile.invisibleOps.some((o) => o.name === 'read'));
  assert.ok(!mine.some((p) => p.ops.some((o) => o.name === 'read')));
  t.diagnostic(`profile: ${mine.map((p) => `uid ${p.uid}: ${p.ops.map((o) => `${o.name} ${o.inline}i/${o.async}a`).join(' ')}`).join('; ')}`);

  // The profile file round-trips.
  const file = join(dir, 'profile.json');
  writeFileSync(file, JSON.stringify(profileJson(profile, { disabled: undefined, group: undefined })));
  const reread = parseProfileJson(readFileSync(file, 'utf8'), file);
  assert.deepEqual(reread.programs, profile.programs);

  // 2. Violations: the same program doing other things, and a second program.
  const b = await capture(known, ['other', dir], RULES, six);
  assert.equal(b.exitCode, 0);
  const checker = new UringViolationChecker(reread);
  const found = kernelEvents(b.log).flatMap((e) => checker.check(e)).map((v) => `${v.kind} ${v.name}`);
  assert.ok(found.includes('op-outside-profile symlinkat'), found.join(', '));
  assert.ok(found.includes('op-outside-profile linkat'), found.join(', '));
  assert.ok(found.includes('credentials-differ openat'), found.join(', '));
  assert.ok(!found.some((f) => f === 'op-outside-profile openat' || f === 'op-outside-profile close'), found.join(', '));
  const selfCheck = new UringViolationChecker(reread);
  assert.deepEqual(kernelEvents(a.log).flatMap((e) => selfCheck.check(e)), [], 'the profiled run violates nothing');
  const c = await capture(second, ['known', dir], RULES, six);
  const other = new UringViolationChecker(reread);
  const kinds = new Set(kernelEvents(c.log).flatMap((e) => other.check(e)).map((v) => v.kind));
  assert.deepEqual([...kinds], ['unknown-program']);

  // The same through auspex search --uring-profile.
  const logB = join(dir, 'other.log');
  writeFileSync(logB, b.log);
  const s = await runAuspex(['search', '--uring-profile', file, '-if', logB, '--format', 'raw']);
  assert.equal(s.code, 0, s.stderr);
  const hits = s.stdout.toString('latin1');
  assert.match(hits, /uring_op=38 /); // symlinkat
  assert.match(hits, /uring_op=39 /); // linkat
  const logA = join(dir, 'known.log');
  writeFileSync(logA, a.log);
  const none = await runAuspex(['search', '--uring-profile', file, '-if', logA, '--format', 'raw']);
  assert.equal(none.code, 1);
  assert.equal(none.stdout.length, 0);

  // 3. The proposed rules on the kernel (scoped to the test program's pid).
  const key = 'auspex-test-det-viol';
  const proposed = auditRules(reread, key).split('\n').filter((l) => l.startsWith('-a')).map((l) => [...splitRuleLine(l), '-F', 'pid={PID}']);
  assert.ok(proposed.length >= 2);
  const d = await capture(known, ['other', dir], proposed, (x) => uringRecords(x) >= 2);
  const logged = kernelEvents(d.log).flatMap((e) => e.records).filter((r) => r.type === 1336 && r.body.includes(`key="${key}"`)).map((r) => Number(/uring_op=(\d+)/.exec(r.body)?.[1]));
  assert.deepEqual([...new Set(logged)].sort((x, y) => x - y), [38, 39], `logged ops ${logged.join(',')}`);
  t.diagnostic(`violations found: ${found.join(', ')}; proposed rules logged ops ${logged.join(',')}`);
  const e = await capture(known, ['known', dir], proposed);
  assert.equal(kernelEvents(e.log).flatMap((x) => x.records).filter((r) => r.type === 1336).length, 0, 'the profiled behaviour logs nothing');

  // 4. The C allow-list, applied to a real ring.
  const snippet = cSnippet(allowListFor(root), 'apply_allow_list');
  writeFileSync(join(dir, 'allow-list.h'), snippet);
  const harness = join(dirname(known), 'uring-restrict');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-I', dir, '-o', harness, join(dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'test', 'programs', 'uring-restrict.c')], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  const run = spawnSync(harness, [dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const res = new Map(run.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
  assert.equal(res.get('restrict'), '0');
  assert.ok(Number(res.get('openat')) >= 0, 'a profiled op runs');
  assert.equal(res.get('symlinkat'), '-13', 'an op outside the allow-list is refused with EACCES');
});

function opNo(name: string): number {
  return { close: 19, openat: 18, mkdirat: 37, unlinkat: 36 }[name] ?? 0;
}
