// The host facts rule parsing needs, read from this machine: user and group
// names from /etc/passwd and /etc/group (auditctl asks NSS; local files cover
// the accounts a rules file names on the machines auspex targets), directory
// tests for -w, and `uname -m`.
import { readFileSync, statSync } from 'node:fs';
import { machine } from 'node:os';
import { parseIdLine } from '../format/index.js';
import type { RuleHost } from '../rules/index.js';

function readIds(path: string): Map<string, number> {
  const ids = new Map<string, number>();
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const e = parseIdLine(line);
      if (e !== undefined && !ids.has(e.name)) ids.set(e.name, e.id);
    }
  } catch {
    // no such file: no names resolve
  }
  return ids;
}

/** AUDIT_FEATURE_BITMAP_ALL of the kernels auspex targets (6.x reports 0x7f). */
export const ASSUMED_FEATURES = 0x7f;

export function systemRuleHost(features: number = ASSUMED_FEATURES): RuleHost {
  let users: Map<string, number> | undefined;
  let groups: Map<string, number> | undefined;
  return {
    machine: machine(),
    features,
    lookupUser: (name) => (users ??= readIds('/etc/passwd')).get(name),
    lookupGroup: (name) => (groups ??= readIds('/etc/group')).get(name),
    isDirectory: (path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
