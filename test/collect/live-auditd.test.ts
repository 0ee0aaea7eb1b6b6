// Beside a real auditd 3.0.9 (ENRICHED, started here with its own config):
// auspex collect reading multicast group 1 (one RAW log, one ENRICHED log with
// JSON) and auspex collect as auditd's plugin (plugins.d, format = string,
// records on stdin) must write, for every event of the workload, exactly the
// lines auditd wrote; ausearch reads each log back with the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addRules, auspexBin, ausearch, enableAudit, linesBySerial, liveSkip, removeTestRules, runWorkload, serialsWithKey, sleep, startAuditd, startCollector,
  startLiveRun, workload, workloadRules,
} from './live-helpers.js';

const KEY = `auspex-test-collect-auditd-${process.pid}`;
const NEEDS = { needAuditd: true, needFreeKernel: true, needCc: true };
const skip = liveSkip({ needAuditd: true, needCc: true });

const stripTail = (l: string): string => {
  const gs = l.indexOf('\x1d');
  return gs < 0 ? l : l.slice(0, gs);
};

test('multicast and plugin collectors write the lines auditd writes; ausearch agrees', { skip, timeout: 60000 }, async (t) => {
  const run = await startLiveRun(t, NEEDS, KEY, 'collect-auditd');
  if (run === undefined) return;
  const { dir, stops } = run;
  const pluginLog = join(dir, 'plugin.log');
  const pluginConf = join(dir, 'plugin-collect.conf');
  const plugin = [
    'active = yes', 'direction = out', `path = ${auspexBin}`, 'type = always',
    // auditd 3.0.9 passes a plugin two arguments (args = VALUE OPTION): the rest is in its configuration.
    `args = collect --config=${pluginConf}`, 'format = string', '',
  ].join('\n');
  writeFileSync(pluginConf, ['source = stdin', `log_file = ${pluginLog}`, 'log_format = enriched', `state_file = ${join(dir, 'plugin.state')}`, ''].join('\n'));
  const auditd = await startAuditd(dir, { format: 'ENRICHED', plugins: { 'auspex.conf': plugin } });
  stops.push(() => auditd.stop());
  const raw = await startCollector(dir, 'raw', ['--source', 'multicast', '--log', join(dir, 'raw.log')]);
  stops.push(() => raw.stop());
  const enriched = await startCollector(dir, 'enriched', ['--source', 'multicast', '--log', join(dir, 'enriched.log'), '--log-format', 'enriched', '--json', join(dir, 'events.json')]);
  stops.push(() => enriched.stop());
  enableAudit();
  const work = join(dir, 'work');
  mkdirSync(work);
  addRules(workloadRules(KEY, work));
  runWorkload(workload(dir), work, `AUSPEX-TEST-${process.pid}`);
  await sleep(1500);
  removeTestRules(KEY);
  await sleep(500); // the rule's removal is an event with the key too
  assert.equal(await raw.stop(), 0, raw.stderr());
  assert.equal(await enriched.stop(), 0, enriched.stderr());
  await auditd.stop(); // also stops the plugin (SIGTERM), which writes and closes its log
  await sleep(500);

  const theirs = linesBySerial(readFileSync(auditd.log, 'latin1'));
  const serials = serialsWithKey(theirs, KEY);
  assert.ok(serials.length >= 15, `workload events logged by auditd: ${serials.length}`);
  const logs = { raw: linesBySerial(readFileSync(join(dir, 'raw.log'), 'latin1')), enriched: linesBySerial(readFileSync(join(dir, 'enriched.log'), 'latin1')), plugin: linesBySerial(readFileSync(pluginLog, 'latin1')) };
  for (const s of serials) {
    const want = theirs.get(s) as string[];
    assert.deepEqual(logs.enriched.get(s), want, `serial ${s}: ENRICHED multicast log`);
    assert.deepEqual(logs.plugin.get(s), want, `serial ${s}: plugin log`);
    assert.deepEqual(logs.raw.get(s), want.map(stripTail), `serial ${s}: RAW multicast log`);
  }
  // The kinds of records the workload is there for all went through.
  const all = serials.flatMap((s) => theirs.get(s) as string[]).join('\n');
  for (const type of ['EXECVE', 'URINGOP', 'BPF', 'PATH', 'PROCTITLE']) assert.match(all, new RegExp(`type=${type} `), `a ${type} record`);

  for (const args of [['-k', KEY], ['-k', KEY, '-i'], ['-k', KEY, '-m', 'URINGOP,BPF', '-i']]) {
    const reference = ausearch(['-if', auditd.log, ...args]);
    assert.equal(ausearch(['-if', join(dir, 'enriched.log'), ...args]), reference, `ausearch ${args.join(' ')} on the ENRICHED log`);
    assert.equal(ausearch(['-if', pluginLog, ...args]), reference, `ausearch ${args.join(' ')} on the plugin's log`);
    if (!args.includes('-i')) assert.equal(ausearch(['-if', join(dir, 'raw.log'), ...args]), reference.replace(/\x1d[^\n]*/g, ''), `ausearch ${args.join(' ')} on the RAW log`);
  }

  // JSON: each workload event once, with the records auditd logged for it.
  const events = readFileSync(join(dir, 'events.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { serial: number; records: unknown[] });
  for (const s of serials) {
    const matching = events.filter((e) => e.serial === s);
    assert.equal(matching.length, 1, `serial ${s} once in the JSON`);
    assert.equal(matching[0]?.records.length, (theirs.get(s) as string[]).length, `serial ${s}: records in the JSON`);
  }
});
