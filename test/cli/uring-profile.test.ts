// auspex uring profile on real logs: per io_uring op, the profile's counts
// summed over its programs equal `auspex report --uring`'s (the aggregation it
// reuses); every proposed C allow-list compiles; the proposed rules file
// passes `auspex ctl --lint`; the audit_skip ops are stated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus, repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';

const logs = [join(repoRoot, 'data', 'sample', 'audit-raw.log'), join(repoRoot, 'data', 'sample', 'audit-enriched.log')];
if (haveCorpus()) logs.push(corpusFile('raw.log'), corpusFile('enriched.log'));
const haveCc = spawnSync('cc', ['--version']).status === 0;

interface Profile {
  profile: { programs: Array<{ exe: string | null; sqpoll: boolean; ops: Array<{ op: number; count: number; failed: number; inline: number; async: number }> }>; invisibleOps: Array<{ name: string }> };
  advice: { allowLists: Array<{ c: string }>; auditRules: string };
}

for (const log of logs) {
  test(`uring profile of ${log.split('/').slice(-2).join('/')}: counts as report --uring, C that compiles, rules that lint clean`, async (t) => {
    const p = await runAuspex(['uring', 'profile', '-if', log, '--json']);
    assert.equal(p.code, 0, p.stderr);
    const prof = JSON.parse(p.stdout.toString('utf8')) as Profile;
    const r = await runAuspex(['report', '--uring', '--json', '-if', log]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout.toString('utf8')) as { by_op: Array<{ op: number; ops: number; failed: number; inline: number; async: number }> };
    const sum = new Map<number, [number, number, number, number]>();
    for (const prog of prof.profile.programs) {
      for (const o of prog.ops) {
        const s = sum.get(o.op) ?? [0, 0, 0, 0];
        sum.set(o.op, [s[0] + o.count, s[1] + o.failed, s[2] + o.inline, s[3] + o.async]);
      }
    }
    // uring_op=0 is the SQPOLL thread's start marker: the report counts it, the profile turns it into `sqpoll`.
    const expected = report.by_op.filter((o) => o.op !== 0).map((o) => [o.op, [o.ops, o.failed, o.inline, o.async]]);
    assert.deepEqual([...sum].sort((a, b) => a[0] - b[0]), expected);
    if (report.by_op.some((o) => o.op === 0)) assert.ok(prof.profile.programs.some((x) => x.sqpoll));
    assert.ok(prof.profile.invisibleOps.some((o) => o.name === 'read') && prof.profile.invisibleOps.some((o) => o.name === 'write'));
    const text = await runAuspex(['uring', 'profile', '-if', log]);
    assert.match(text.stdout.toString('latin1'), /audit cannot see these io_uring ops \(audit_skip/);

    const dir = mkdtempSync(join(tmpdir(), 'auspex-uring-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    if (haveCc) {
      prof.advice.allowLists.forEach((a, i) => {
        const f = join(dir, `allow-${i}.c`);
        writeFileSync(f, `${a.c}\nint main(void) { return auspex_restrict_ring(-1) == -1 ? 0 : 1; }\n`);
        const cc = spawnSync('cc', ['-Wall', '-Werror', '-o', join(dir, `allow-${i}`), f], { encoding: 'utf8' });
        assert.equal(cc.status, 0, cc.stderr);
        // On a bad fd the kernel refuses the restrictions: the function reports it.
        assert.equal(spawnSync(join(dir, `allow-${i}`)).status, 0);
      });
    } else t.diagnostic('cc not installed: C snippets not compiled');
    const rules = join(dir, 'proposed.rules');
    writeFileSync(rules, prof.advice.auditRules);
    const lint = await runAuspex(['ctl', '--lint', rules]);
    assert.equal(lint.code, 0, lint.stdout.toString('utf8'));
  });
}

test('uring profile: usage errors', async () => {
  assert.equal((await runAuspex(['uring', 'profile'])).code, 2);
  assert.equal((await runAuspex(['uring', 'nothing'])).code, 2);
  const db = await runAuspex(['uring', 'profile', '--db', '/nonexistent']);
  assert.equal(db.code, 2);
  assert.match(db.stderr, /--db/);
});
