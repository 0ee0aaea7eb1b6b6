// Loss accounting against the kernel's own counters: with a rate limit set
// (restored after), a burst makes the kernel drop records; the collector
// (the audit daemon) reports the increase of the kernel's lost count, finds
// the events that never came as serial gaps — exactly the gaps its log
// shows — and `auspex collect --status` prints lost, backlog and gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditControl } from '../../src/kernel/index.js';
import {
  addRules, auspexBin, buildBurst, enableAudit, kernelStatus, liveSkip, removeTestRules, sleep, startCollector, startLiveRun,
} from './live-helpers.js';

const KEY = `auspex-test-collect-loss-${process.pid}`;
const NEEDS = { needFreeKernel: true, needCc: true };
const skip = liveSkip({ needCc: true });

test('kernel lost count and serial gaps reported, as the kernel and the log show them', { skip, timeout: 60000 }, async (t) => {
  const run = await startLiveRun(t, NEEDS, KEY, 'collect-loss');
  if (run === undefined) return;
  if (kernelStatus().failure === 2) {
    t.skip('audit failure mode is panic: no test may make the kernel lose records');
    return;
  }
  const { dir, stops } = run;
  const burst = buildBurst(dir);
  const target = join(dir, 'target');
  writeFileSync(target, '');
  const log = join(dir, 'audit.log');
  const c = await startCollector(dir, 'c', ['--source', 'unicast', '--log', log], ['serial_gap_timeout = 1']);
  stops.push(() => c.stop());
  enableAudit();
  addRules([['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', `path=${target}`, '-k', KEY]]);
  const lostBefore = kernelStatus().lost;
  const ctl = AuditControl.open();
  try {
    ctl.setStatus({ mask: 0x8, rateLimit: 300 });
    execFileSync(burst, ['1500', '2', target]);
    ctl.setStatus({ mask: 0x8, rateLimit: 0 });
  } finally {
    ctl.close();
  }
  await sleep(2500);
  const lostAfter = kernelStatus().lost;
  assert.ok(lostAfter > lostBefore, 'the rate limit made the kernel lose records');
  const status = c.status();
  assert.equal(status?.kernel?.lost, lostAfter, 'the kernel\'s lost count, polled');
  assert.equal(status?.kernelLostSinceStart, lostAfter - (status?.kernelLostAtStart ?? 0));
  assert.match(c.stderr(), /the kernel lost \d+ records \(lost \d+ in all\)/);
  const printed = spawnSync(auspexBin, ['collect', '--status', '--config', join(dir, 'c.conf')], { encoding: 'utf8' });
  assert.match(printed.stdout, new RegExp(`^lost ${lostAfter} \\(kernel total; ${lostAfter - (status?.kernelLostAtStart ?? 0)} since start`, 'm'));
  assert.match(printed.stdout, /^backlog \d+ \(limit \d+\)/m);
  assert.match(printed.stdout, /^events\/s [\d.]+ \(records\/s [\d.]+\)/m);
  assert.match(printed.stdout, /^lag \d+ ms$/m);
  removeTestRules(KEY);
  assert.equal(await c.stop(), 0, c.stderr());

  // The gaps it reported are the gaps in what it wrote.
  const serials = [...new Set([...readFileSync(log, 'latin1').matchAll(/^type=(?!DAEMON_)\S+ msg=audit\(\d+\.\d+:(\d+)\)/gm)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  let missing = 0;
  let gaps = 0;
  for (let i = 1; i < serials.length; i++) {
    const d = (serials[i] as number) - (serials[i - 1] as number) - 1;
    if (d > 0) {
      gaps++;
      missing += d;
    }
  }
  assert.ok(gaps > 0, 'whole events were dropped');
  const final = c.status();
  assert.equal(final?.serialGaps, gaps);
  assert.equal(final?.missingSerials, missing);
  t.diagnostic(`kernel lost ${lostAfter - lostBefore} records; ${gaps} gaps, ${missing} serials missing`);
});
