// auspex collect as *the* audit daemon (no auditd running): the kernel sends
// to it while it runs and to nobody once SIGTERM is handled; what it logs
// equals what a multicast collector beside it received; ausearch reads it
// back alike; SIGHUP reloads (a bad file changes nothing and names the key),
// SIGUSR1 rotates; DAEMON_* records name the signal's sender as the kernel
// reported it. Another collector reading multicast is the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addRules, auspexBin, ausearch, enableAudit, kernelStatus, linesBySerial, liveSkip, removeTestRules, runWorkload, serialsWithKey, sleep, startCollector,
  startLiveRun, workload, workloadRules,
} from './live-helpers.js';

const KEY = `auspex-test-collect-unicast-${process.pid}`;
const NEEDS = { needFreeKernel: true, needCc: true };
const skip = liveSkip({ needCc: true });

const stripTail = (l: string): string => l.replace(/\x1d.*$/, '');

test('unicast: handshake, same records as multicast, reload, rotate, kernel handed back', { skip, timeout: 60000 }, async (t) => {
  const run = await startLiveRun(t, NEEDS, KEY, 'collect-unicast');
  if (run === undefined) return;
  const { dir, stops } = run;
  const log = join(dir, 'unicast.log');
  const u = await startCollector(dir, 'unicast', ['--source', 'unicast', '--log', log], ['num_logs = 3']);
  stops.push(() => u.stop());
  assert.equal(kernelStatus().pid, u.pid, 'the kernel sends to the collector');
  assert.equal(kernelStatus().enabled, 1, 'startup_state enable, as auditd -s enable');
  const m = await startCollector(dir, 'multicast', ['--source', 'multicast', '--log', join(dir, 'multicast.log')]);
  stops.push(() => m.stop());

  const status = spawnSync(auspexBin, ['collect', '--status', '--config', join(dir, 'unicast.conf')], { encoding: 'utf8' });
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`pid ${u.pid}: running; source unicast`));
  assert.match(status.stdout, new RegExp(`kernel sends to pid ${u.pid}, enabled 1`));

  enableAudit();
  const work = join(dir, 'work');
  mkdirSync(work);
  addRules(workloadRules(KEY, work));
  runWorkload(workload(dir), work, `AUSPEX-TEST-${process.pid}`);
  await sleep(500);

  // SIGHUP with a bad file: still running, the key named, DAEMON_CONFIG res=failed.
  const conf = join(dir, 'unicast.conf');
  const good = readFileSync(conf, 'utf8');
  writeFileSync(conf, `${good}max_log_file = lots\n`);
  u.child.kill('SIGHUP');
  await sleep(500);
  assert.match(u.stderr(), /reconfigure failed, configuration unchanged: .*unicast.conf:\d+: max_log_file: 'lots' is not a whole number/);
  // SIGHUP with a good one: ENRICHED from now on.
  writeFileSync(conf, `${good}log_format = enriched\n`);
  u.child.kill('SIGHUP');
  await sleep(500);
  u.child.kill('SIGUSR1');
  await sleep(500);
  runWorkload(workload(dir), work, `AUSPEX-TEST-${process.pid}-2`);
  await sleep(1000);
  removeTestRules(KEY);
  await sleep(500); // the rule's removal is an event with the key too
  assert.equal(await u.stop(), 0, u.stderr());
  assert.equal(kernelStatus().pid, 0, 'kernel handed back');
  assert.equal(await m.stop(), 0, m.stderr());

  const first = readFileSync(`${log}.1`, 'latin1');
  const second = readFileSync(log, 'latin1');
  assert.equal(statSync(`${log}.1`).mode & 0o777, 0o400, 'a rotated log is read-only');
  assert.equal(statSync(log).mode & 0o777, 0o600);
  assert.match(first, new RegExp(`type=DAEMON_CONFIG msg=audit\\([\\d.:]+\\): op=reconfigure state=no-change auid=\\d+ uid=0 ses=\\d+ pid=${process.pid} res=failed`));
  assert.match(first, new RegExp(`type=DAEMON_CONFIG msg=audit\\([\\d.:]+\\): op=reconfigure state=changed auid=\\d+ uid=0 ses=\\d+ pid=${process.pid} res=success`));
  assert.match(second.split('\n')[0] ?? '', new RegExp(`^type=DAEMON_ROTATE msg=audit\\([\\d.:]+\\): op=rotate-logs auid=\\d+ uid=0 ses=\\d+ pid=${process.pid} res=success\\x1d`), 'DAEMON_ROTATE opens the new file');
  assert.match(second, new RegExp(`type=DAEMON_END msg=audit\\([\\d.:]+\\): op=terminate auid=\\d+ uid=0 ses=\\d+ pid=${process.pid} res=success`));
  assert.ok(!/\x1d/.test(first.split('DAEMON_CONFIG')[0] ?? ''), 'RAW before the reload');
  assert.ok(/type=SYSCALL [^\n]*\x1dARCH=x86_64 SYSCALL=/.test(second), 'ENRICHED after it');

  const ours = linesBySerial(first + second);
  const reference = linesBySerial(readFileSync(join(dir, 'multicast.log'), 'latin1'));
  const serials = serialsWithKey(reference, KEY);
  assert.ok(serials.length >= 30, `workload events: ${serials.length}`);
  for (const s of serials) assert.deepEqual(ours.get(s)?.map(stripTail), reference.get(s), `serial ${s}`);
  writeFileSync(join(dir, 'both.log'), first + second);
  assert.equal(ausearch(['-if', join(dir, 'both.log'), '-k', KEY]).replace(/\x1d[^\n]*/g, ''), ausearch(['-if', join(dir, 'multicast.log'), '-k', KEY]));
});
