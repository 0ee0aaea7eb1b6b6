// The go-libaudit oracle set (../shared/oracles/go-libaudit/rule/cases.jsonl):
// auditctl arguments → the rule as a 5.x kernel listed it back after auditctl
// 3.0 added it. Our bytes, put through the kernel's read-back (class bits of
// the mask cleared), must equal them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemRuleHost } from '../../src/cli/ctl-host.js';
import { asKernelListsIt, encodeRule, parseCtlArgs } from '../../src/rules/index.js';
import { repoRoot } from './golden-fixtures.js';

const casesFile = join(repoRoot, '..', 'shared', 'oracles', 'go-libaudit', 'rule', 'cases.jsonl');

/** POSIX shell word splitting for the oracle's go-shellquote'd argument strings. */
function shellSplit(s: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur = (cur ?? '') + s.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let part = '';
      for (; s[j] !== '"'; j++) part += s[j] === '\\' ? s[++j] : s[j];
      cur = (cur ?? '') + part;
      i = j;
    } else if (c === '\\') {
      cur = (cur ?? '') + (s[++i] ?? '');
    } else if (c === ' ') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

interface OracleCase {
  readonly id: string;
  readonly auditctl_args: string;
  readonly expected_hex: string;
}

test('go-libaudit rule oracle: our bytes equal the kernel read-back', { skip: existsSync(casesFile) ? false : 'oracle set not found at ../shared/oracles' }, async (t) => {
  const cases = readFileSync(casesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as OracleCase);
  let matched = 0;
  for (const c of cases) {
    await t.test(c.id, () => {
      const args = shellSplit(c.auditctl_args);
      // The generator made every path ending in / a directory, every other one a file.
      const dirs = new Set(args.filter((a) => a.startsWith('/') && a.endsWith('/')).map((a) => a.replace(/\/+$/, '')));
      const host = { ...systemRuleHost(0x7f), machine: 'x86_64', isDirectory: (p: string) => dirs.has(p) };
      const parsed = parseCtlArgs(args, host);
      assert.equal(parsed.error, undefined);
      const step = parsed.steps.find((s) => s.kind === 'rule');
      assert.ok(step?.kind === 'rule');
      assert.equal(encodeRule(asKernelListsIt(step.rule)).toString('hex'), c.expected_hex);
      matched++;
    });
  }
  t.diagnostic(`go-libaudit oracle: ${matched}/${cases.length} rules byte-identical`);
  assert.equal(matched, cases.length);
});
