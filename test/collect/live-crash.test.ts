// kill -9 of auspex collect while it is the audit daemon, in the middle of a
// burst, then a restart on the same log: the kernel drops the dead daemon at
// its next send (it does not hold records for a daemon that is gone unless
// booted with audit=1, so what it sent meanwhile is lost and printk'd); the
// restarted collector takes every record from its registration on, repeats
// none, and reports the serials lost in between as one gap, exactly the one
// its log shows. Every open the burst made is either logged or in that gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addRules, buildBurst, enableAudit, kernelStatus, liveSkip, removeTestRules, sleep, startCollector, startLiveRun,
} from './live-helpers.js';

const KEY = `auspex-test-collect-crash-${process.pid}`;
const NEEDS = { needFreeKernel: true, needCc: true };
const skip = liveSkip({ needCc: true });

test('kill -9 during a burst, restart: nothing repeated, the loss reported as the gap the log shows', { skip, timeout: 60000 }, async (t) => {
  const run = await startLiveRun(t, NEEDS, KEY, 'collect-crash');
  if (run === undefined) return;
  const { dir, stops } = run;
  const burst = buildBurst(dir);
  const target = join(dir, 'target');
  writeFileSync(target, '');
  const args = ['--source', 'unicast', '--log', join(dir, 'audit.log')];
  const config = ['max_log_file = 1000', 'serial_gap_timeout = 1'];
  const first = await startCollector(dir, 'c', args, config);
  stops.push(() => first.stop());
  enableAudit();
  addRules([['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', `path=${target}`, '-k', KEY]]);

  const load = spawn(burst, ['4000', '3', target], { stdio: ['ignore', 'pipe', 'ignore'] });
  let made = '';
  load.stdout.on('data', (b: Buffer) => (made += b.toString()));
  const loadDone = new Promise<void>((r) => load.once('exit', () => r()));
  await sleep(1000);
  first.child.kill('SIGKILL');
  await first.exited();
  await sleep(200);
  assert.notEqual(kernelStatus().pid, first.pid, 'the kernel dropped the dead daemon at its next send');
  const second = await startCollector(dir, 'c', args, config);
  stops.push(() => second.stop());
  await loadDone;
  await sleep(500);
  removeTestRules(KEY);
  assert.equal(await second.stop(), 0, second.stderr());
  assert.equal(kernelStatus().pid, 0);

  const text = readdirSync(dir).filter((n) => n.startsWith('audit.log')).sort().reverse().map((n) => readFileSync(join(dir, n), 'latin1')).join('');
  const syscalls = new Map<number, number>();
  const serials = new Set<number>();
  let ours = 0;
  for (const m of text.matchAll(/^type=(\S+) msg=audit\(\d+\.\d+:(\d+)\): (.*)$/gm)) {
    if ((m[1] as string).startsWith('DAEMON_')) continue;
    const s = Number(m[2]);
    serials.add(s);
    if (m[1] === 'SYSCALL') {
      syscalls.set(s, (syscalls.get(s) ?? 0) + 1);
      if ((m[3] as string).includes(`key="${KEY}"`)) ours++;
    }
  }
  assert.deepEqual([...syscalls].filter(([, n]) => n > 1), [], 'no event written twice');
  const sorted = [...serials].sort((a, b) => a - b);
  const gaps: Array<[number, number]> = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as number;
    const b = sorted[i] as number;
    if (b !== a + 1) gaps.push([a + 1, b - 1]);
  }
  assert.equal(gaps.length, 1, `one gap, at the kill: ${JSON.stringify(gaps)}`);
  const [from, to] = gaps[0] as [number, number];
  assert.match(second.stderr(), new RegExp(`serials ${from}\\.\\.${to} missing: ${to - from + 1} events`), 'the restarted collector reported that gap');
  const status = second.status();
  assert.equal(status?.missingSerials, to - from + 1);
  assert.ok(ours + (to - from + 1) >= Number(made), `every open (${made}) logged (${ours}) or inside the reported gap (${to - from + 1})`);
  t.diagnostic(`burst ${made.trim()} opens; logged ${ours}; lost at the kill ${to - from + 1} serials`);
});
