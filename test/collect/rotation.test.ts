// Log rotation as auditd 3.0.9 does it, with auditd itself as the reference:
// the same settings given to a private auditd and to auspex collect (fed on
// stdin), the same signals or the same volume; then the same files with the
// same modes, DAEMON_* records in the same files, and files cut where auditd
// cuts them (the record that crosses max_log_file ends its file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditControl } from '../../src/kernel/index.js';
import { enableAudit, kernelRestorer, liveSkip, lockedOrSkip, sleep, startAuditd, startCollector } from './live-helpers.js';
import type { Daemon } from './live-helpers.js';

const NEEDS = { needAuditd: true, needFreeKernel: true };
const skip = liveSkip({ needAuditd: true });

interface LogSet {
  /** file name → [mode, DAEMON_* types in order] */
  readonly files: Record<string, [string, string[]]>;
}

function logSet(dir: string, base: string): LogSet {
  const files: Record<string, [string, string[]]> = {};
  for (const name of readdirSync(dir).filter((n) => n === base || n.startsWith(`${base}.`)).sort()) {
    const text = readFileSync(join(dir, name), 'latin1');
    const types = [...text.matchAll(/^(?:node=\S+ )?type=(DAEMON_\w+) /gm)].map((m) => m[1] as string);
    files[name.replace(base, 'LOG')] = [(statSync(join(dir, name)).mode & 0o777).toString(8), types];
  }
  return { files };
}

async function signals(d: Daemon, sig: NodeJS.Signals, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    d.child.kill(sig);
    await sleep(400);
  }
}

const settings = (action: string, numLogs: number, maxMb: number): string[] => [
  `max_log_file = ${maxMb}`, `max_log_file_action = ${action}`, `num_logs = ${numLogs}`, 'flush = none',
];

for (const [action, numLogs] of [['ROTATE', 3], ['KEEP_LOGS', 2]] as const) {
  test(`SIGUSR1 rotation with max_log_file_action = ${action}, num_logs = ${numLogs}: as auditd`, { skip, timeout: 30000 }, async (t) => {
    const release = await lockedOrSkip(t, NEEDS);
    if (release === undefined) return;
    const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-rotate-'));
    t.after(() => {
      rmSync(dir, { recursive: true, force: true });
      release();
    });
    const theirsDir = join(dir, 'auditd');
    const oursDir = join(dir, 'ours');
    mkdirSync(theirsDir);
    mkdirSync(oursDir);
    const auditd = await startAuditd(theirsDir, { format: 'RAW', extra: settings(action, numLogs, 100) });
    try {
      await sleep(500); // auditd installs its signal handlers after it registers with the kernel
      await signals(auditd, 'SIGUSR1', 4);
    } finally {
      await auditd.stop();
    }
    const ours = await startCollector(oursDir, 'c', ['--source', 'stdin', '--log', join(oursDir, 'auditd.log')], settings(action.toLowerCase(), numLogs, 100));
    await signals(ours, 'SIGUSR1', 4);
    ours.child.stdin?.end();
    assert.equal(await ours.stop(), 0, ours.stderr());
    assert.deepEqual(logSet(oursDir, 'auditd.log'), logSet(theirsDir, 'auditd.log'));
  });
}

test('size rotation: files cut where auditd cuts them (max_log_file = 1, num_logs = 3)', { skip, timeout: 60000 }, async (t) => {
  const release = await lockedOrSkip(t, NEEDS);
  if (release === undefined) return;
  const dir = mkdtempSync(join(tmpdir(), 'auspex-collect-size-'));
  const restore = kernelRestorer();
  t.after(() => {
    restore();
    rmSync(dir, { recursive: true, force: true });
    release();
  });
  const theirsDir = join(dir, 'auditd');
  const oursDir = join(dir, 'ours');
  mkdirSync(theirsDir);
  mkdirSync(oursDir);
  const auditd = await startAuditd(theirsDir, { format: 'RAW', extra: settings('ROTATE', 3, 1) });
  try {
    enableAudit();
    // ≈2.6 MiB of user messages: auditd rotates twice.
    const ctl = AuditControl.open();
    try {
      for (let i = 0; i < 700; i++) ctl.sendUserMessage(1005, `auspex-test-rotation ${i} ${'x'.repeat(3800)}`);
    } finally {
      ctl.close();
    }
    await sleep(1000);
  } finally {
    await auditd.stop();
  }
  // auspex gets auditd's records, in order, on stdin.
  const input = ['auditd.log.2', 'auditd.log.1', 'auditd.log'].map((n) => readFileSync(join(theirsDir, n))).reduce((a, b) => Buffer.concat([a, b]));
  const ours = await startCollector(oursDir, 'c', ['--source', 'stdin', '--log', join(oursDir, 'auditd.log')], settings('rotate', 3, 1));
  ours.child.stdin?.end(input);
  assert.equal(await ours.exited(), 0, ours.stderr());
  for (const d of [theirsDir, oursDir]) {
    const rotated = readdirSync(d).filter((n) => /^auditd\.log\.\d$/.test(n));
    assert.deepEqual(rotated.sort(), ['auditd.log.1', 'auditd.log.2'], `${d}: two rotations`);
    for (const name of rotated) {
      const text = readFileSync(join(d, name), 'latin1');
      const size = Buffer.byteLength(text, 'latin1');
      const lastLine = text.slice(text.lastIndexOf('\n', text.length - 2) + 1);
      assert.ok(size >= 1 << 20 && size - lastLine.length < 1 << 20, `${d}/${name}: its last record crossed 1 MiB (${size} bytes)`);
      assert.equal(statSync(join(d, name)).mode & 0o777, 0o400);
    }
  }
});
