// ctl --explain against the running kernel: a test program runs io_uring ops
// inline, from io-wq and from an SQPOLL thread, under a personality, under
// rules scoped to its pid that exercise list order, prepend, first match,
// io_uring list vs exit list, arch on the io_uring list, a never rule and rule
// priority within a syscall; for every event the kernel logged, the replay
// under the same rules file names a rule whose key is the logged key. Lint
// of that file flags the rules the kernel never let decide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainEvent, lintRuleSet, ruleSetFromKernel, ruleSetFromSteps } from '../../src/detect/index.js';
import type { Explanation } from '../../src/detect/index.js';
import { parseCtlArgs, printRules, readRulesFile, splitRuleLine } from '../../src/rules/index.js';
import { systemRuleHost } from '../../src/cli/ctl-host.js';
import type { AuditEvent } from '../../src/events/index.js';
import { kernelEvents } from '../helpers/events.js';
import { runAuspex } from '../helpers/run.js';
import { buildProgram, capture, liveSkip, uringRecords } from './live-capture.js';
import type { Captured } from './live-capture.js';

const skip = liveSkip();
const RULES_TEXT = `# explain test rules (pid {PID})
-a always,exit -F arch=b64 -S io_uring_setup -F pid={PID} -k auspex-test-x-setup
-a always,io_uring -F arch=b64 -S openat -F pid={PID} -k auspex-test-x-arch
-a always,io_uring -S openat,mkdirat,close,nop -F pid={PID} -k auspex-test-x-ops
-A never,io_uring -S unlinkat -F pid={PID} -k auspex-test-x-never
-a always,io_uring -S unlinkat -F pid={PID} -k auspex-test-x-shadowed
-a always,exit -F arch=b64 -S io_uring_register -F pid={PID} -F success=1 -k auspex-test-x-reg
-a always,exit -F arch=b64 -S io_uring_enter -F pid={PID} -F uid=65534 -k auspex-test-x-enter65534
`;

const ruleLines = (text: string): string[][] => text.split('\n').filter((l) => l.startsWith('-')).map(splitRuleLine);

function keyOf(e: AuditEvent, type: number): string | undefined {
  const r = e.records.find((x) => x.type === type);
  return r === undefined ? undefined : /key="([^"]*)"/.exec(r.body)?.[1];
}

async function runAndExplain(t: { diagnostic: (s: string) => void }, exe: string, mode: string, dir: string): Promise<{ c: Captured; xs: Explanation[]; file: string }> {
  // known logs 5 ops (unlinkat is dropped by the never rule), sqpoll 3 (its start marker, openat, close).
  const c = await capture(exe, [mode, dir], ruleLines(RULES_TEXT), (x) => uringRecords(x) >= (mode === 'known' ? 5 : 3));
  assert.equal(c.exitCode, 0);
  const text = RULES_TEXT.replaceAll('{PID}', String(c.pid));
  const file = join(dir, `rules-${mode}.rules`);
  writeFileSync(file, text);
  const host = systemRuleHost();
  const steps = readRulesFile(text).flatMap((l) => parseCtlArgs(l.args, host, { lineNo: l.lineNo }).steps.map((step) => ({ step, source: `rules:${l.lineNo}` })));
  const mine = (r: { fields: ReadonlyArray<{ kind: string; field: number; text?: string }> }): boolean => r.fields.some((f) => f.field === 210 && f.text?.startsWith('auspex-test-x-') === true);
  const foreign = c.rulesBefore.filter((r) => (r.list === 4 || r.list === 7 || r.list === 1) && !mine(r));
  const stable = JSON.stringify(c.rulesBefore) === JSON.stringify(c.rulesAfter);
  // Other tests' exit / io_uring rules may decide our events too: then replay the kernel's own listing.
  const set = foreign.length === 0 ? ruleSetFromSteps(steps, host.machine) : ruleSetFromKernel(c.rulesBefore, host.machine);
  if (foreign.length > 0) t.diagnostic(`other rules were loaded (${printRules(foreign, { machine: host.machine }).join(' | ')}): replaying the kernel's listing`);
  const owners = new Map<number, { exe: string | undefined; auid: number | undefined; ses: number | undefined }>();
  const xs: Explanation[] = [];
  for (const e of kernelEvents(c.log)) {
    const u = e.records.find((r) => r.type === 1336);
    const pid = u === undefined ? undefined : Number(/ pid=(\d+)/.exec(u.body)?.[1]);
    xs.push(explainEvent(e, set, pid === undefined ? undefined : owners.get(pid)));
    const sys = e.records.find((r) => r.type === 1300);
    if (sys !== undefined) owners.set(Number(/ pid=(\d+)/.exec(sys.body)?.[1]), { exe: /exe="([^"]*)"/.exec(sys.body)?.[1], auid: Number(/ auid=(\d+)/.exec(sys.body)?.[1]), ses: Number(/ ses=(\d+)/.exec(sys.body)?.[1]) });
  }
  for (const x of xs) {
    const summary = x.stages.map((s) => `${s.title}: ${s.predicted} ${s.predictedKey} / logged ${s.actualKey}`).join('; ');
    if (stable && foreign.length === 0) assert.equal(x.agrees, true, `serial ${x.event.serial}: ${summary}`);
    else assert.notEqual(x.agrees, false, `serial ${x.event.serial}: ${summary}`);
  }
  t.diagnostic(`${mode}: ${xs.length} events replayed, ${xs.filter((x) => x.agrees === true).length} agree`);
  return { c, xs, file };
}

test('ctl --explain agrees with what the kernel logged for every captured event', { skip, timeout: 90000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-explain-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const exe = buildProgram('uring-ops', 'uring-explain', dir);

  const known = await runAndExplain(t, exe, 'known', dir);
  const evs = known.xs.map((x) => x.event);
  const uring = (op: number): AuditEvent[] => evs.filter((e) => e.records.some((r) => r.type === 1336 && new RegExp(`^uring_op=${op} `).test(r.body)));
  // Inline openat: the io_uring list's arch rule matches (the syscall context has an arch).
  const opens = uring(18);
  assert.ok(opens.length >= 2);
  for (const e of opens) assert.equal(keyOf(e, 1336), 'auspex-test-x-arch');
  // From io-wq, arch is 0: mkdirat falls to the next rule.
  const mk = uring(37);
  assert.equal(mk.length, 1);
  assert.equal(keyOf(mk[0] as AuditEvent, 1336), 'auspex-test-x-ops');
  assert.equal(mk[0]?.records.some((r) => r.type === 1300), false, 'an io-wq op is an event of its own');
  // The prepended never rule wins over the appended always rule for unlinkat.
  assert.equal(uring(36).length, 0);
  // Under uid 65534: close is taken by the exit rule on io_uring_enter (walked first, uid 65534);
  // the personality's openat (creds root) is not, and the io_uring list's arch rule takes it.
  const closes = uring(19).filter((e) => / uid=65534 /.test(e.records.find((r) => r.type === 1300)?.body ?? ''));
  assert.equal(closes.length, 1);
  assert.equal(keyOf(closes[0] as AuditEvent, 1336), 'auspex-test-x-enter65534');
  const pers = opens.find((e) => / uid=0 /.test(e.records.find((r) => r.type === 1336)?.body ?? '') && / uid=65534 /.test(e.records.find((r) => r.type === 1300)?.body ?? ''));
  assert.ok(pers !== undefined, 'the personality openat was logged');
  // ...and at the syscall's exit the later-added exit rule has a lower priority: the key stays.
  assert.equal(keyOf(pers, 1300), 'auspex-test-x-arch');

  const sq = await runAndExplain(t, exe, 'sqpoll', dir);
  const nop = sq.xs.map((x) => x.event).filter((e) => e.records.some((r) => r.type === 1336 && /^uring_op=0 /.test(r.body)));
  assert.equal(nop.length, 1, 'the SQPOLL thread logs uring_op=0 once when it starts');
  assert.equal(keyOf(nop[0] as AuditEvent, 1336), 'auspex-test-x-ops');

  // The CLI says the same for one event.
  const logFile = join(dir, 'known.log');
  writeFileSync(logFile, known.c.log);
  const id = `${pers.sec}.${String(pers.milli).padStart(3, '0')}:${pers.serial}`;
  const cli = await runAuspex(['ctl', '--explain', id, '-if', logFile, '-R', known.file, '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  const json = JSON.parse(cli.stdout.toString('utf8')) as { agrees: boolean | null; stages: Array<{ predictedKey: string | null; decidedBy: { list: string } | null }> };
  assert.notEqual(json.agrees, false);
  assert.equal(json.stages[0]?.decidedBy?.list, 'io_uring');

  // Lint of the same rules: the shadowed rule never decided (no event carries its key), and the arch rule only took inline ops.
  const host = systemRuleHost();
  const text = RULES_TEXT.replaceAll('{PID}', String(known.c.pid));
  const steps = readRulesFile(text).flatMap((l) => parseCtlArgs(l.args, host, { lineNo: l.lineNo }).steps.map((step) => ({ step, source: `rules:${l.lineNo}` })));
  const findings = lintRuleSet(ruleSetFromSteps(steps, host.machine), host.machine);
  const at = (line: number, code: string): boolean => findings.some((f) => f.source === `rules:${line}` && f.code === code);
  assert.ok(at(6, 'unreachable'), JSON.stringify(findings));
  assert.ok(at(3, 'only-inline'), JSON.stringify(findings));
  assert.ok(!evs.some((e) => e.records.some((r) => r.body.includes('auspex-test-x-shadowed'))));
  assert.ok(!mk.some((e) => e.records.some((r) => r.body.includes('auspex-test-x-arch'))));
});
