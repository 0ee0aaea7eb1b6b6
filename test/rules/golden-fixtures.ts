// Loads test/fixtures/rules/golden.jsonl (captured from auditctl 3.0.9 by
// scripts/capture-rule-fixtures.ts) and gives the host its capture ran on.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemRuleHost } from '../../src/cli/ctl-host.js';
import type { RuleHost } from '../../src/rules/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const rulesFixtures = join(repoRoot, 'test', 'fixtures', 'rules');

export interface GoldenCase {
  readonly line: number;
  readonly args: string[];
  readonly exit: number;
  readonly stderr: string;
  /** AUDIT_ADD_RULE (or DEL_RULE) payload auditctl sent, hex. */
  readonly sent?: string;
  /** The rule as the kernel listed it back, hex. */
  readonly listed?: string;
  /** auditctl -l's line for it. */
  readonly listing?: string;
}

export interface GoldenHeader {
  readonly uname: string;
  readonly auditctl: string;
  readonly dirs: string[];
  readonly files: string[];
}

export function loadGolden(): { header: GoldenHeader; cases: GoldenCase[] } {
  const lines = readFileSync(join(rulesFixtures, 'golden.jsonl'), 'utf8').trim().split('\n');
  const header = JSON.parse(lines[0] as string) as GoldenHeader;
  return { header, cases: lines.slice(1).map((l) => JSON.parse(l) as GoldenCase) };
}

/** This machine's users and groups, with the capture's scratch directories as the only directories. */
export function goldenHost(header: GoldenHeader): RuleHost {
  const dirs = new Set(header.dirs);
  return { ...systemRuleHost(0x7f), machine: 'x86_64', isDirectory: (p) => dirs.has(p) };
}
