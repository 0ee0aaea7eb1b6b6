// auditd's disk-space settings on a real file system that fills up: a 1 MiB
// tmpfs mounted for the test, the corpus fed on stdin until it is full.
// space_left warns, admin_space_left runs its exec action (which suspends
// logging, as in auditd, until SIGUSR2), disk_full_action = suspend stops
// writing at ENOSPC; records not written are counted, never silently lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStatus } from '../../src/collect/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { auspexBin } from './live-helpers.js';

function mountSkip(): string | false {
  if (process.geteuid?.() !== 0) return 'not root: the test mounts a small tmpfs';
  if (!haveCorpus()) return 'corpus not found';
  return false;
}

const skip = mountSkip();

function withTmpfs(t: { after(fn: () => void): void }): { fs: string; dir: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-disk-'));
  const fs = join(dir, 'fs');
  mkdirSync(fs);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', fs]);
  t.after(() => {
    spawnSync('umount', [fs]);
    rmSync(dir, { recursive: true, force: true });
  });
  return m.status === 0 ? { fs, dir } : undefined;
}

function run(dir: string, fs: string, config: string[]): { code: number; stderr: string; status: ReturnType<typeof parseStatus>; size: number } {
  const conf = join(dir, 'c.conf');
  const state = join(dir, 'state');
  writeFileSync(conf, [`state_file = ${state}`, `log_file = ${join(fs, 'audit.log')}`, 'max_log_file = 100', 'max_log_file_action = ignore', 'flush = none', ...config, ''].join('\n'));
  const corpus = readFileSync(corpusFile('raw.log'));
  const input = Buffer.concat(Array.from({ length: 10 }, () => corpus)); // ≈2 MiB
  const r = spawnSync(auspexBin, ['collect', '--source', 'stdin', '--config', conf], { input, encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr, status: parseStatus(readFileSync(state, 'utf8')), size: statSync(join(fs, 'audit.log')).size };
}

test('space_left warns, admin_space_left runs its script and suspends; what was not written is counted', { skip, timeout: 30000 }, (t) => {
  const m = withTmpfs(t);
  if (m === undefined) {
    t.skip('cannot mount a tmpfs here');
    return;
  }
  const marker = join(m.dir, 'script-ran');
  const script = join(m.dir, 'low.sh');
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
  const r = run(m.dir, m.fs, ['space_left = 60%', 'space_left_action = syslog', 'admin_space_left = 30%', `admin_space_left_action = exec ${script}`, 'disk_full_action = suspend']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Audit daemon is low on disk space for logging/);
  assert.match(r.stderr, /Audit daemon is very low on disk space for logging/);
  for (let i = 0; i < 50 && !existsSync(marker); i++) spawnSync('sleep', ['0.1']);
  assert.ok(existsSync(marker), 'the exec action ran its script');
  assert.equal(r.status?.log?.suspended, true, 'logging suspended after exec, as auditd (until SIGUSR2)');
  assert.ok((r.status?.log?.dropped ?? 0) > 0, 'records not written are counted');
  assert.ok(r.size > 0 && r.size < 1 << 20);
});

test('disk_full_action = suspend: writing stops at ENOSPC, the rest counted', { skip, timeout: 30000 }, (t) => {
  const m = withTmpfs(t);
  if (m === undefined) {
    t.skip('cannot mount a tmpfs here');
    return;
  }
  const r = run(m.dir, m.fs, ['space_left = 0', 'space_left_action = ignore', 'admin_space_left = 0', 'admin_space_left_action = ignore', 'disk_full_action = suspend']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Audit daemon has no space left on logging partition/);
  assert.match(r.stderr, /Audit daemon is suspending logging due to no space left on logging partition\./);
  assert.equal(r.status?.log?.suspended, true);
  const written = r.status?.log?.records ?? 0;
  assert.ok(written > 0 && (r.status?.log?.dropped ?? 0) > 0, `${written} written, the rest counted as not written`);
  assert.equal((r.status?.log?.records ?? 0) + (r.status?.log?.dropped ?? 0), r.status?.records, 'every record written or counted');
});
