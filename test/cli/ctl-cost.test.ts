// auspex ctl --cost on the running kernel. With test rules that match the
// workload's openat (always) and connect (never) and one that matches none of
// its calls: openat costs more with the rules, each row names the rule the
// kernel applied (checked against what the kernel logged meanwhile: the
// openat records of the with-rules runs only, so the cut rule really stopped
// the walk in the others), and no temporary rule is left, also when the run is
// interrupted by SIGINT or killed outright. The records --cost makes for its
// replay are checked against the ones the kernel logs for the same calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { machine, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCtl } from './ctl-run-helper.js';
import { addTestRules, collectWhile, costSkip, eventsOfPid, fieldsOfRecord, listedTexts, ruleOf } from './ctl-cost-helpers.js';
import { auspexBin } from '../helpers/paths.js';
import { Workload, buildWorkload } from '../../src/cli/ctl-cost-workload.js';
import { matchTestSyscall, recordLinesFor } from '../../src/cli/ctl-cost-match.js';
import { processAlive } from '../../src/collect/index.js';
import { explainEvent, ruleSetFromSteps } from '../../src/detect/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import type { AuditRecord } from '../../src/format/index.js';

const skip = costSkip();

function workloadDir(): { dir: string; exe: string } {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-test-cost-'));
  writeFileSync(join(dir, 'target'), 'x\n');
  return { dir, exe: realpathSync(buildWorkload(dir)) };
}

/** The rules of the main scenario, all limited to the workload binary: nothing else on the machine is logged. */
function scenarioRules(exe: string): string[][] {
  return [
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', `exe=${exe}`, '-k', 'auspex-test-cost-open'],
    ['-a', 'never,exit', '-F', 'arch=b64', '-S', 'connect', '-F', `exe=${exe}`, '-k', 'auspex-test-cost-connect'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'chmod', '-F', `exe=${exe}`, '-k', 'auspex-test-cost-none'],
  ];
}

function quietRules(exe: string): string[][] {
  return scenarioRules(exe).filter((r) => r[1] === 'never,exit' || r.includes('chmod'));
}

function leftovers(pid?: number): string[] {
  return listedTexts().filter((t) => t.includes('auspex-cost-') || t.includes('auspex-test-cost-') || (pid !== undefined && t.includes(` -F pid=${pid}`)));
}

test('--cost without root: auditctl\'s message and exit 4', (t) => {
  // The check comes before anything else. As root, both tools run as nobody; otherwise as we are.
  const as = process.geteuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const ours = spawnSync(auspexBin, ['ctl', '--cost'], { ...as, encoding: 'utf8' });
  if (ours.error !== undefined || (ours.status !== 4 && /EACCES|permission denied/i.test(ours.stderr))) {
    t.skip(`nobody cannot run auspex from this checkout (${ours.error?.message ?? ours.stderr.split('\n')[0] ?? ''})`);
    return;
  }
  assert.equal(ours.status, 4, ours.stderr);
  assert.equal(ours.stderr, 'You must be root to run this program.\n');
  const theirs = spawnSync('auditctl', ['-l'], { ...as, encoding: 'utf8' });
  if (theirs.error === undefined) {
    assert.equal(ours.status, theirs.status);
    assert.equal(ours.stderr, theirs.stderr);
  }
});

test('--cost option errors exit 255 with the usage; --dry-run does not apply', async () => {
  for (const args of [['--cost', '--rounds', '0'], ['--cost', '--iterations', 'x'], ['--cost', '--bogus'], ['--cost', '--rounds']]) {
    const r = await runCtl(args);
    assert.equal(r.code, 255, args.join(' '));
    assert.match(r.stderr, /usage: auspex ctl --cost/);
  }
  const dry = await runCtl(['--dry-run', '--cost']);
  assert.equal(dry.code, 255);
  assert.match(dry.stderr, /--dry-run does not apply/);
});

test('the records --cost replays for each test syscall are the ones the kernel logs for it', { skip }, async (t) => {
  const { dir, exe } = workloadDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const w = await Workload.start(exe, dir, 10_000);
  t.after(() => w.kill());
  const facts = await w.facts(10_000);
  const calls = await w.describe(10_000);
  const remove = addTestRules([['-a', 'always,exit', '-S', 'all', '-F', `pid=${w.pid}`, '-k', 'auspex-test-cost-capture']]);
  let messages;
  try {
    ({ messages } = await collectWhile(async () => {
      for (const c of ['open', 'stat', 'connect', 'getpid', 'exec'] as const) await w.run(c, 1, 10_000);
    }));
  } finally {
    remove();
  }
  const real = eventsOfPid(messages, w.pid);
  // Rules of many kinds, replayed (not loaded) on the real event and on the one --cost makes.
  const target = join(dir, 'target');
  const rules = [
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', 'a2&3', '-k', 'r-write'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat,newfstatat', '-F', `dir=${dir}`, '-F', 'uid!=0', '-k', 'r-dir-nonroot'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'connect', '-F', 'saddr_fam=2', '-F', 'success=1', '-k', 'r-inet'],
    ['-a', 'never,exit', '-F', 'arch=b64', '-S', 'getpid', '-F', `auid=${facts.auid}`, '-k', 'r-auid'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-F', `exe=${exe}`, '-k', 'r-exe'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'newfstatat', '-F', 'filetype=file', '-F', `obj_uid=${facts.uid}`, '-k', 'r-file'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'close', '-F', 'exit=0', '-F', `pid=${w.pid}`, '-k', 'r-close'],
    ['-w', target, '-p', 'r', '-k', 'r-watch'],
  ];
  const set = ruleSetFromSteps(rules.map((args, i) => ({ step: { kind: 'rule' as const, op: 'add' as const, rule: ruleOf(args) }, source: `rules:${i + 1}` })), machine());
  for (const sc of calls) {
    const ev = real.find((e) => {
      const f = fieldsOfRecord(e.records.find((r) => r.type === 1300) as AuditRecord);
      return Number(f.get('syscall')) === sc.nr && (sc.name === 'close' || sc.name === 'getpid' || f.get('a1') === (sc.args[1] ?? 0n).toString(16));
    });
    assert.ok(ev !== undefined, `the kernel logged no ${sc.name} of the workload`);
    const ours = eventFromLines(recordLinesFor(facts, sc, 1));
    const sys = (e: AuditEvent): Map<string, string> => fieldsOfRecord(e.records.find((r) => r.type === 1300) as AuditRecord);
    const want = sys(ev);
    const got = sys(ours);
    for (const k of ['arch', 'syscall', 'success', 'exit', 'a0', 'a1', 'a2', 'ppid', 'pid', 'auid', 'uid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'sgid', 'fsgid', 'ses', 'exe']) {
      assert.equal(got.get(k), want.get(k), `${sc.name}: SYSCALL ${k}`);
    }
    for (const type of [1302, 1306, 1307]) {
      const mine = ours.records.find((r) => r.type === type);
      if (mine === undefined) continue;
      const theirs = fieldsOfRecord(ev.records.find((r) => r.type === type) as AuditRecord);
      for (const [k, v] of fieldsOfRecord(mine)) if (['name', 'inode', 'dev', 'mode', 'ouid', 'ogid', 'saddr', 'cwd'].includes(k)) assert.equal(v, theirs.get(k), `${sc.name}: ${mine.typeName} ${k}`);
    }
    const onReal = explainEvent(ev, set).stages[0];
    const onOurs = explainEvent(ours, set).stages[0];
    assert.equal(onOurs?.decidedBy?.source, onReal?.decidedBy?.source, `${sc.name}: the deciding rule`);
    assert.equal(onOurs?.predicted, onReal?.predicted, `${sc.name}: logged or not`);
    assert.deepEqual(matchTestSyscall(facts, sc, set).decidedBy?.source, onReal?.decidedBy?.source);
  }
  // Every kind of rule above decided some call here, so the comparison covered each.
  const decided = new Set(calls.map((sc) => matchTestSyscall(facts, sc, set).decidedBy?.source));
  for (const s of ['rules:3', 'rules:4', 'rules:5', 'rules:6', 'rules:7', 'rules:8']) assert.ok(decided.has(s), `no call was decided by ${s}`);
});

function eventFromLines(lines: readonly string[]): AuditEvent {
  const records = lines.map((l, i) => {
    const r = parseRecordLine(Buffer.from(l, 'latin1'), { file: 'test', line: i + 1 });
    if (isHeaderProblem(r)) throw new Error(l);
    return r;
  });
  return { node: undefined, sec: 0, milli: 0, serial: 1, records, enriched: false };
}

interface CostJson {
  workload: { pid: number };
  plan: { rounds: number; calls: number; execCalls: number };
  syscalls: Array<{ syscall: string; nr: number; overheadNs: number; withinNoise: boolean; logged: boolean; key: string[] | null; decidedBy: { rule: string } | null; roundsOverheadNs: number[] }>;
  notes: string[];
}

test('--cost names the rule each test syscall meets, openat costs more, and the kernel agrees', { skip }, async (t) => {
  const { dir, exe } = workloadDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const remove = addTestRules(scenarioRules(exe));
  let run;
  let messages;
  let r: CostJson;
  try {
    // Another test may switch auditing off and on meanwhile (on a machine where it starts off): --cost says so; run again.
    for (let attempt = 1; ; attempt++) {
      ({ result: run, messages } = await collectWhile(() => runCtl(['--cost', '--workload', exe, '--json', '--iterations', '300', '--rounds', '3'])));
      assert.equal(run.code, 0, run.stderr);
      r = JSON.parse(run.stdout) as CostJson;
      if (attempt === 3 || !r.notes.some((n) => n.includes('auditing was switched'))) break;
    }
  } finally {
    remove();
  }
  const row = (name: string): CostJson['syscalls'][number] => {
    const x = r.syscalls.find((s) => s.syscall === name);
    assert.ok(x !== undefined, `no row for ${name}`);
    return x;
  };
  assert.deepEqual(r.syscalls.map((s) => s.syscall), ['openat', 'close', 'newfstatat', 'connect', 'execve', 'getpid']);
  const open = row('openat');
  assert.match(open.decidedBy?.rule ?? '', /key=auspex-test-cost-open$/);
  assert.equal(open.logged, true);
  assert.deepEqual(open.key, ['auspex-test-cost-open']);
  assert.ok(open.overheadNs > 0, `openat overhead ${open.overheadNs} ns`);
  assert.equal(open.withinNoise, false, `openat rounds ${open.roundsOverheadNs.join(' ')}`);
  const connect = row('connect');
  assert.match(connect.decidedBy?.rule ?? '', /key=auspex-test-cost-connect$/);
  assert.equal(connect.logged, false);
  for (const name of ['close', 'newfstatat', 'execve', 'getpid']) assert.equal(row(name).decidedBy, null, name);
  assert.ok(!run.stdout.includes('auspex-test-cost-none'), 'the chmod rule matches no test syscall');

  // What the kernel logged for the workload meanwhile: only openat, with the rule's key, and only from
  // the runs with the rules as loaded (facts' 2 reads of /proc/self, describe's 1, the warm-up's 30,
  // 3 rounds of 300), never from the runs behind the cut rule (another 900).
  const events = eventsOfPid(messages, r.workload.pid);
  const keys = new Map<string, number>();
  for (const e of events) {
    const f = fieldsOfRecord(e.records.find((x) => x.type === 1300) as AuditRecord);
    const k = `${f.get('syscall')} ${f.get('key')}`;
    keys.set(k, (keys.get(k) ?? 0) + 1);
  }
  const openNr = open.nr;
  assert.deepEqual([...keys.keys()], [`${openNr} "auspex-test-cost-open"`]);
  const logged = keys.get(`${openNr} "auspex-test-cost-open"`) ?? 0;
  const withRules = 2 + 1 + 30 + r.plan.rounds * r.plan.calls;
  assert.ok(logged <= withRules, `${logged} openat events logged; the with-rules runs make ${withRules}`);
  assert.ok(logged > withRules / 2, `${logged} openat events logged of ${withRules}`);
  assert.deepEqual(leftovers(r.workload.pid), []);
});

/** Starts the real binary on a long run and waits until its cut rule is in the kernel. */
async function startLongRun(exe: string): Promise<{ child: ReturnType<typeof spawn>; pid: number; stderr: () => string }> {
  const child = spawn(auspexBin, ['ctl', '--cost', '--workload', exe, '--iterations', '20000', '--rounds', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout?.resume();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const texts = listedTexts();
    const marker = texts.map((x) => /-F pid=(\d+) -F key=auspex-cost-\1$/.exec(x)).find((m) => m !== null);
    const pid = marker === undefined ? undefined : Number(marker[1]);
    if (pid !== undefined && texts.includes(`-a never,exit -S all -F pid=${pid}`)) return { child, pid, stderr: () => err };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the cut rule never showed (exit ${child.exitCode}): ${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('--cost interrupted by SIGINT while the cut rule is in: exit 130, no rule left (auspex ctl -l)', { skip }, async (t) => {
  const { dir, exe } = workloadDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Rules that log nothing: the run must reach its cut rule soon, whatever the kernel's backlog.
  const remove = addTestRules(quietRules(exe));
  let pid = 0;
  let code: number | null;
  let stderr: () => string;
  try {
    const run = await startLongRun(exe);
    pid = run.pid;
    stderr = run.stderr;
    run.child.kill('SIGINT');
    [code] = (await once(run.child, 'exit')) as [number | null];
  } finally {
    remove();
  }
  assert.equal(code, 130, stderr());
  assert.match(stderr(), /interrupted by SIGINT; the temporary rules are removed/);
  const l = spawnSync(auspexBin, ['ctl', '-l'], { encoding: 'utf8' });
  assert.equal(l.status, 0);
  assert.ok(!/auspex-cost-|auspex-test-cost-/.test(l.stdout) && !l.stdout.includes(`-F pid=${pid}`), l.stdout);
  assert.equal(processAlive(pid), false, 'the workload is gone');
});

test('--cost killed outright (SIGKILL): the workload removes the rules itself and its folder, then ends', { skip }, async (t) => {
  const { dir, exe } = workloadDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Rules that log nothing: the run must reach its cut rule soon, whatever the kernel's backlog.
  const remove = addTestRules(quietRules(exe));
  let pid = 0;
  try {
    const run = await startLongRun(exe);
    pid = run.pid;
    const costDir = spawnSync('cat', [`/proc/${pid}/cmdline`], { encoding: 'latin1' }).stdout.split('\0').find((a) => a.includes('auspex-cost-'));
    run.child.kill('SIGKILL');
    await once(run.child, 'exit');
    const deadline = Date.now() + 10_000;
    while ((leftovers(pid).some((x) => !x.includes('auspex-test-cost-')) || processAlive(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(costDir !== undefined && !existsSync(costDir), `the run's folder ${costDir} is gone`);
  } finally {
    remove();
  }
  assert.deepEqual(leftovers(pid), []);
  assert.equal(processAlive(pid), false, 'the workload is gone');
});
