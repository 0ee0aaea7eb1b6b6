// AuditControl against the running kernel: status as auditctl -s reports it,
// a rule added, found in the list with the bytes we sent (after the kernel's
// read-back), refused twice (EEXIST), deleted, and request latencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditControl, KernelError } from '../../src/kernel/index.js';
import { asKernelListsIt, decodeRule, encodeRule, parseCtlArgs, ruleMatchesKey } from '../../src/rules/index.js';
import type { RuleSpec } from '../../src/rules/index.js';
import { systemRuleHost } from '../../src/cli/ctl-host.js';
import { auditctl, kernelSkip, removeTestRules } from './kernel-helpers.js';

const skip = kernelSkip();

function ruleFrom(args: string[]): RuleSpec {
  const p = parseCtlArgs(args, systemRuleHost());
  const s = p.steps.find((x) => x.kind === 'rule');
  assert.ok(s?.kind === 'rule', p.error?.message);
  return s.rule;
}

test('AUDIT_GET answers what auditctl -s prints', { skip }, () => {
  const ctl = AuditControl.open();
  try {
    const s = ctl.getStatus();
    const text = auditctl(['-s']).stdout;
    const value = (k: string): number => Number(new RegExp(`^${k} (\\d+)$`, 'm').exec(text)?.[1]);
    assert.equal(s.enabled, value('enabled'));
    assert.equal(s.failure, value('failure'));
    assert.equal(s.backlogLimit, value('backlog_limit'));
    assert.equal(s.rateLimit, value('rate_limit'));
    assert.equal(s.backlogWaitTime, value('backlog_wait_time'));
    assert.equal(s.pid, value('pid'));
  } finally {
    ctl.close();
  }
});

test('add, list, re-add (EEXIST), delete a rule; latencies', { skip }, (t) => {
  const key = 'auspex-test-control';
  const ctl = AuditControl.open();
  t.after(() => {
    ctl.close();
    removeTestRules(key);
  });
  const rule = ruleFrom(['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat,unlinkat', '-F', 'uid=4000001', '-k', key]);
  const bytes = encodeRule(rule);
  const times: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const t0 = process.hrtime.bigint();
    const r = f();
    times[name] = Number(process.hrtime.bigint() - t0) / 1e6;
    return r;
  };
  timed('get', () => ctl.getStatus());
  timed('add', () => ctl.addRule(bytes));
  const listed = timed('list', () => ctl.listRules()).filter((b) => {
    const d = decodeRule(b);
    return d.ok && ruleMatchesKey(d.rule, key);
  });
  assert.equal(listed.length, 1);
  assert.equal(listed[0]?.toString('hex'), encodeRule(asKernelListsIt(rule)).subarray(0, listed[0]?.length).toString('hex'));
  assert.match(auditctl(['-l', '-k', key]).stdout, /-S openat,unlinkat -F uid=4000001 -F key=auspex-test-control/);
  assert.throws(() => ctl.addRule(bytes), (e: unknown) => e instanceof KernelError && e.errno === 17);
  timed('del', () => ctl.deleteRule(bytes));
  assert.equal(auditctl(['-l', '-k', key]).stdout.includes(key), false);
  assert.throws(() => ctl.deleteRule(bytes), (e: unknown) => e instanceof KernelError && e.errno === 2 && /No such file or directory/.test(e.reason));
  t.diagnostic(`latency ms: ${Object.entries(times).map(([k, v]) => `${k}=${v.toFixed(3)}`).join(' ')}`);
});
