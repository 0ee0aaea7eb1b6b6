// io_uring end to end on the running kernel: `auspex ctl -a always,io_uring`
// installs a rule the kernel lists back byte for byte as we encoded it, and a
// program doing IORING_OP_OPENAT then makes the kernel emit a URINGOP record
// carrying the rule's key, read through the non-blocking event reader while
// the event loop keeps ticking. Audit enabled/failure are restored after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { AuditControl, AuditEventReader } from '../../src/kernel/index.js';
import { asKernelListsIt, decodeRule, encodeRule, parseCtlArgs, ruleMatchesKey } from '../../src/rules/index.js';
import { systemRuleHost } from '../../src/cli/ctl-host.js';
import { auditctl, auspexCtl, kernelSkip, removeTestRules, repoRoot } from './kernel-helpers.js';

const skip = kernelSkip();
const KEY = 'auspex-test-uring';
const RULE = ['-a', 'always,io_uring', '-S', 'openat,openat2,connect', '-k', KEY];

test('io_uring rule: kernel read-back equals our bytes; URINGOP with its key for IORING_OP_OPENAT', { skip, timeout: 20000 }, async (t) => {
  const ctl = AuditControl.open();
  const before = ctl.getStatus();
  let reader: AuditEventReader | undefined;
  t.after(async () => {
    await reader?.close();
    removeTestRules(KEY);
    // Put enabled/failure back as they were (never 2: a test must not lock the kernel).
    if (before.enabled !== 2) ctl.setStatus({ mask: 0x3, enabled: before.enabled, failure: before.failure });
    ctl.close();
  });

  const add = auspexCtl(RULE);
  assert.equal(add.code, 0, add.stderr);
  const parsed = parseCtlArgs(RULE, systemRuleHost());
  const step = parsed.steps.find((s) => s.kind === 'rule');
  assert.ok(step?.kind === 'rule');
  const listed = ctl.listRules().filter((b) => {
    const d = decodeRule(b);
    return d.ok && ruleMatchesKey(d.rule, KEY);
  });
  assert.equal(listed.length, 1);
  const expected = encodeRule(asKernelListsIt(step.rule));
  assert.equal(listed[0]?.toString('hex'), expected.subarray(0, listed[0]?.length).toString('hex'));
  assert.equal(auspexCtl(['-l', '-k', KEY]).stdout, `-a always,io_uring -S connect,openat,openat2 -F key=${KEY}\n`);
  // auditctl 3.0.9 has no name for list 7 and reads the ops as x86_64 syscalls.
  assert.equal(auditctl(['-l', '-k', KEY]).stdout, `-a always,(null) -S ioctl,pwrite,madvise -F key=${KEY}\n`);

  reader = await AuditEventReader.open();
  ctl.setStatus({ mask: 0x1, enabled: 1 });
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  try {
    // Run asynchronously: this thread keeps ticking while the reader's worker waits in poll().
    const probe = await promisify(execFile)(process.execPath, [join(repoRoot, 'dist', 'test', 'kernel', 'uring-openat-probe.js'), '/etc/hostname'], { encoding: 'utf8' });
    const [pid, res] = probe.stdout.trim().split(' ');
    assert.ok(Number(res) >= 0, `openat through io_uring returned ${res}`);
    const deadline = Date.now() + 10000;
    let found: string | undefined;
    while (found === undefined && Date.now() < deadline) {
      const m = await Promise.race([reader.next(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]);
      if (m === undefined) continue;
      const text = m.payload.toString('latin1');
      if (m.type === 1336 && text.includes(` pid=${pid} `) && text.includes('uring_op=18 ')) found = text;
    }
    assert.ok(found !== undefined, 'no URINGOP record for the probe');
    assert.match(found, new RegExp(`key="${KEY}"`));
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(ticks >= 5, `the event loop kept running while the reader waited (${ticks} ticks)`);
    t.diagnostic(`URINGOP: ${found.slice(0, 160)}; reader stats ${JSON.stringify(reader.stats)}`);
  } finally {
    clearInterval(ticker);
  }
});
