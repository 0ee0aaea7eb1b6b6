// Shared by the real-kernel tests: whether they can run here, auditctl's
// answers to compare with, and cleanup of test rules (keys auspex-test-*).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditControl } from '../../src/kernel/index.js';
import { decodeRule, ruleMatchesKey } from '../../src/rules/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const auspexBin = join(repoRoot, 'bin', 'auspex');

const haveAuditctl = spawnSync('auditctl', ['-v']).status === 0;

/** Why real-kernel tests cannot run here, or false when they can. */
export function kernelSkip(needAuditctl = true): string | false {
  if (process.geteuid?.() !== 0) return 'not root: the audit netlink socket needs CAP_AUDIT_CONTROL';
  if (needAuditctl && !haveAuditctl) return 'auditctl not installed';
  return false;
}

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function auditctl(args: readonly string[]): Ran {
  const r = spawnSync('auditctl', args, { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function auspexCtl(args: readonly string[], env: Record<string, string> = {}): Ran {
  const r = spawnSync(auspexBin, ['ctl', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Deletes every rule whose key contains `keyPart` (auspex-test-...): the kernel's own bytes sent back. */
export function removeTestRules(keyPart: string): void {
  if (!keyPart.startsWith('auspex-test-')) throw new Error('only auspex-test- rules may be removed');
  const ctl = AuditControl.open();
  try {
    for (const bytes of ctl.listRules()) {
      const d = decodeRule(bytes);
      if (d.ok && ruleMatchesKey(d.rule, keyPart)) ctl.deleteRule(bytes);
    }
  } finally {
    ctl.close();
  }
}
