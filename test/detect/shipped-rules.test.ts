// The rule set auspex ships (rules/sigma): every rule loads with id, title and
// author; on the sample logs each matches exactly the events ausearch finds
// for what it describes (io_uring_setup, io_uring_register of a personality,
// bpf(BPF_PROG_LOAD) — ausearch -sc on the same log, filtered on the raw
// arguments) and nothing else; on the running kernel, a workload's non-root
// BPF load attempt, read of core_pattern and nsenter into PID 1 are flagged
// and none of its other events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SigmaDetector, loadSigmaDir } from '../../src/detect/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { kernelEvents } from '../helpers/events.js';
import { repoRoot } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { buildProgram, capture, liveSkip } from './live-capture.js';

const dir = join(repoRoot, 'rules', 'sigma');

function hits(log: Buffer): Map<string, number[]> {
  const detector = new SigmaDetector(loadSigmaDir(dir).rules);
  const out = new Map<string, number[]>();
  for (const e of kernelEvents(log)) for (const a of detector.detect(e)) out.set(a.rule.file, [...(out.get(a.rule.file) ?? []), e.serial]);
  return out;
}

/** Serials of the SYSCALL records ausearch finds for a syscall, kept when `keep` holds for the raw record. */
function ausearchSerials(log: string, syscall: string, keep: (record: string) => boolean): number[] {
  const r = runPeer('ausearch', ['-if', log, '-sc', syscall, '--raw']);
  return r.stdout.toString('latin1').split('\n').filter((l) => l.startsWith('type=SYSCALL') && keep(l)).map((l) => Number(/:(\d+)\):/.exec(l)?.[1])).sort((a, b) => a - b);
}

test('shipped rules load, with id, title, author and level', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
  const loaded = loadSigmaDir(dir);
  assert.equal(loaded.rules.length, files.length);
  assert.ok(files.length >= 6);
  for (const r of loaded.rules) {
    assert.match(r.id ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(r.title.length > 0 && r.author === 'auspex' && r.level !== undefined, r.file);
  }
  assert.equal(new Set(loaded.rules.map((r) => r.id)).size, loaded.rules.length);
});

for (const name of ['audit-raw.log', 'audit-enriched.log']) {
  test(`shipped rules on data/sample/${name} match what ausearch finds for them, and nothing else`, (t) => {
    if (!havePeer('ausearch')) return t.skip('ausearch not installed');
    const log = join(repoRoot, 'data', 'sample', name);
    const got = hits(readFileSync(log));
    const setup = ausearchSerials(log, 'io_uring_setup', (l) => l.includes(' success=yes '));
    const personality = ausearchSerials(log, 'io_uring_register', (l) => l.includes(' a1=9 '));
    const bpf = ausearchSerials(log, 'bpf', (l) => l.includes(' a0=5 ') && l.includes(' success=yes '));
    assert.ok(setup.length > 0 && personality.length > 0 && bpf.length > 0);
    assert.deepEqual(got.get('uring_setup_unexpected_program.yml'), setup);
    assert.deepEqual(got.get('uring_personality_registered.yml'), personality);
    assert.deepEqual(got.get('bpf_load_unusual_program.yml'), bpf);
    // The sample's loads ran as root; it touches no escape files and runs no nsenter.
    for (const f of ['bpf_load_non_root.yml', 'container_escape_kernel_files.yml', 'container_escape_nsenter_pid1.yml']) assert.equal(got.get(f), undefined, f);
  });
}

const skip = liveSkip();
test('shipped rules on the running kernel: non-root BPF load, core_pattern, nsenter into PID 1', { skip, timeout: 60000 }, async (t) => {
  const bpf = buildProgram('bpf-load');
  const script = [
    'echo $$',
    'read go',
    'cat /proc/sys/kernel/core_pattern > /dev/null',
    'cat /etc/hostname > /dev/null',
    'nsenter -t 1 -m true 2> /dev/null || true',
    `echo go | setpriv --reuid 65534 --regid 65534 --clear-groups ${bpf} auspex_nobody 0 > /dev/null 2>&1`,
    'true',
  ].join('\n');
  const c = await capture('/bin/sh', ['-c', script], [
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-F', 'ppid={PID}', '-k', 'auspex-test-sig-exec'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', 'ppid={PID}', '-F', 'success=1', '-k', 'auspex-test-sig-open'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'bpf', '-F', 'ppid={PID}', '-k', 'auspex-test-sig-bpf'],
  ], (x) => ['core_pattern', 'nsenter', ' syscall=321 '].every((s) => x.log.toString('latin1').includes(s)));
  assert.equal(c.exitCode, 0);
  const all = kernelEvents(c.log);
  const got = hits(c.log);
  const serialOf = (test: (e: AuditEvent) => boolean): number[] => all.filter(test).map((e) => e.serial);
  const has = (e: AuditEvent, type: number, text: string): boolean => e.records.some((r) => r.type === type && r.body.includes(text));
  const corePattern = serialOf((e) => has(e, 1302, 'name="/proc/sys/kernel/core_pattern"'));
  const nsenter = serialOf((e) => has(e, 1309, 'a0="nsenter" a1="-t" a2="1"'));
  const bpfAttempt = serialOf((e) => has(e, 1300, ' syscall=321 ') && has(e, 1300, ' uid=65534 '));
  assert.equal(corePattern.length, 1, 'the core_pattern open was logged');
  assert.equal(nsenter.length, 1, 'the nsenter exec was logged');
  assert.equal(bpfAttempt.length, 1, 'the non-root bpf() attempt was logged');
  assert.deepEqual(got.get('container_escape_kernel_files.yml'), corePattern);
  assert.deepEqual(got.get('container_escape_nsenter_pid1.yml'), nsenter);
  assert.deepEqual(got.get('bpf_load_non_root.yml'), bpfAttempt);
  const flagged = new Set([...got.values()].flat());
  const quiet = all.filter((e) => !flagged.has(e.serial));
  assert.ok(quiet.some((e) => has(e, 1302, 'name="/etc/hostname"')), 'an ordinary open is not flagged');
  t.diagnostic(`${all.length} events, ${flagged.size} flagged`);
});
