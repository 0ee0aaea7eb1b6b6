// ctl --explain on the sample logs under the rules they were captured with
// (scripts/capture-sample.ts's rule list, its scratch folder read from the log):
// every event replays to what the kernel logged, through the library and the
// command; ctl --lint on a file with one mistake of each kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { explainEvent, ruleSetFromSteps } from '../../src/detect/index.js';
import { parseCtlArgs, readRulesFile } from '../../src/rules/index.js';
import type { RuleHost } from '../../src/rules/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { kernelEvents } from '../helpers/events.js';
import { repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';

const host: RuleHost = { machine: 'x86_64', features: 0x7f, lookupUser: () => undefined, lookupGroup: () => undefined, isDirectory: (p) => p.endsWith('/work') };

function sampleRules(log: string): string {
  const exe = /exe="([^"]*\/uring-bpf)"/.exec(log)?.[1];
  assert.ok(exe !== undefined, 'the sample names its workload');
  const work = join(dirname(exe), 'work');
  return [
    '-a always,exit -F arch=b64 -S execve -F auid!=unset -k auspex-test-exec',
    `-a always,exit -F arch=b64 -S openat,open,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,chmod,fchmodat,fchownat -F dir=${work} -k auspex-test-files`,
    '-a always,exit -F arch=b64 -S openat -F path=/etc/shadow -k auspex-test-shadow',
    '-a always,exit -F arch=b64 -S connect -F auid!=unset -k auspex-test-net',
    '-a always,exit -F arch=b64 -S io_uring_setup,io_uring_enter,io_uring_register -F auid!=unset -k auspex-test-uring',
    '-a always,exit -F arch=b64 -S bpf -F auid!=unset -k auspex-test-bpf',
    '',
  ].join('\n');
}

for (const name of ['audit-raw.log', 'audit-enriched.log']) {
  test(`ctl --explain: every event of data/sample/${name} replays to what the kernel logged`, async (t) => {
    const path = join(repoRoot, 'data', 'sample', name);
    const bytes = readFileSync(path);
    const text = sampleRules(bytes.toString('latin1'));
    const steps = readRulesFile(text).flatMap((l) => parseCtlArgs(l.args, host, { lineNo: l.lineNo }).steps.map((step) => ({ step, source: `rules:${l.lineNo}` })));
    const set = ruleSetFromSteps(steps, 'x86_64');
    const evs = kernelEvents(bytes);
    for (const e of evs) {
      const x = explainEvent(e, set);
      assert.equal(x.agrees, true, `${e.serial}: ${x.stages.map((s) => `${s.title}: ${s.predicted} ${s.predictedKey} / ${s.actualKey}`).join('; ')}`);
    }
    // The command: an inline io_uring op under the exit rule on io_uring_enter, and the BPF UNLOAD that made its close() logged.
    const dir = mkdtempSync(join(tmpdir(), 'auspex-explain-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const rules = join(dir, 'sample.rules');
    writeFileSync(rules, text);
    const inline = evs.find((e) => e.records[0]?.typeName === 'URINGOP' && e.records[1]?.typeName === 'SYSCALL');
    const unload = evs.find((e) => e.records[0]?.typeName === 'BPF' && e.records[0].body.includes('op=UNLOAD') && e.records.some((r) => r.typeName === 'SYSCALL'));
    assert.ok(inline !== undefined && unload !== undefined);
    const id = (e: AuditEvent): string => `${e.sec}.${String(e.milli).padStart(3, '0')}:${e.serial}`;
    const a = await runAuspex(['ctl', '--explain', id(inline), '-if', path, '-R', rules]);
    assert.equal(a.code, 0, a.stderr);
    const out = a.stdout.toString('latin1');
    assert.match(out, /io_uring op \d+ run inline in io_uring_enter/);
    assert.match(out, /logged with key auspex-test-uring; rule 5 of the exit list/);
    assert.match(out, /the replay agrees with what the kernel logged/);
    const b = await runAuspex(['ctl', '--explain', id(unload), '-if', path, '-R', rules, '--json']);
    assert.equal(b.code, 0, b.stderr);
    const j = JSON.parse(b.stdout.toString('utf8')) as { agrees: boolean; stages: Array<{ predictedKey: string | null; notes: string[] }> };
    assert.equal(j.agrees, true);
    assert.equal(j.stages[0]?.predictedKey, null);
    assert.ok(j.stages[0]?.notes.some((n) => n.includes('a BPF record was logged during the syscall')));
    assert.equal((await runAuspex(['ctl', '--explain', '1.000:1', '-if', path, '-R', rules])).code, 1);
    assert.equal((await runAuspex(['ctl', '--explain', 'x', '-if', path, '-R', rules])).code, 2);
  });
}

test('ctl --lint: one finding per mistake, on the line that makes it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'bad.rules');
  const lines = [
    '-a always,exit -F arch=b64 -S openat -F auid>=1000 -k a', // 1 fine
    '-a always,exit -F arch=b64 -S openat -F auid>=1000 -F uid=0 -k b', // 2 unreachable: rule 1 matches first
    '-a always,exit -F arch=b64 -S openat -F auid>=1000 -k a', // 3 duplicate of 1
    '-a always,exit -F arch=b64 -S unlink -F uid=0 -F uid=1 -k c', // 4 contradictory
    '-a always,io_uring -S read,write -k d', // 5 audit_skip only
    '-a always,io_uring -F arch=b64 -S openat -k e', // 6 arch on io_uring
    '-a always,exit -F arch=b64 -S 999 -k f', // 7 not an x86_64 syscall
    '-a always,exit -F arch=b64 -S nosuchcall -k g', // 8 auditctl refuses it
    '-a always,exit -F arch=b64 -S execve -F success=1 -F exit=-13 -k h', // 9 contradictory result
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  const r = await runAuspex(['ctl', '--lint', file, '--json'], {});
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.stdout.toString('utf8')) as Array<{ source: string; code: string; severity: string }>;
  const at = (n: number): string[] => findings.filter((f) => f.source === `${file}:${n}`).map((f) => f.code).sort();
  assert.deepEqual(at(1), []);
  assert.deepEqual(at(2), ['unreachable']);
  assert.deepEqual(at(3), ['duplicate']);
  assert.deepEqual(at(4), ['never-matches']);
  assert.deepEqual(at(5), ['never-matches']);
  assert.deepEqual(at(6), ['only-inline']);
  assert.deepEqual(at(7), ['not-in-arch']);
  assert.deepEqual(at(8), ['parse']);
  assert.deepEqual(at(9), ['never-matches']);
  const clean = join(dir, 'clean.rules');
  writeFileSync(clean, `${lines[0]}\n`);
  assert.equal((await runAuspex(['ctl', '--lint', clean])).code, 0);
});
