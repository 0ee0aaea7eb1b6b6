// auspex detect as a command: JSON lines led by RuleId, Title and Author (the
// same alerts the library gives), text lines escaped for the terminal, exit
// codes (0 alerts, 1 none, 2 a rule that does not load, naming file and field).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';

const sample = join(repoRoot, 'data', 'sample', 'audit-raw.log');
const rules = join(repoRoot, 'rules', 'sigma');

test('detect --json: one line per alert, RuleId / Title / Author first', async () => {
  const r = await runAuspex(['detect', '--rules', rules, '-if', sample, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.toString('utf8').trim().split('\n');
  assert.ok(lines.length >= 3);
  for (const l of lines) {
    const j = JSON.parse(l) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j).slice(0, 3), ['RuleId', 'Title', 'Author']);
    assert.equal(j.Author, 'auspex');
  }
});

test('detect: text lines escape control bytes; exit 1 without alerts; exit 2 for a bad rule', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-detect-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'r.yml'), 'title: "evil\\e[2Jtitle"\nid: x\nauthor: "a\\nb"\nlogsource: {product: linux, service: auditd}\ndetection:\n  sel:\n    type: SYSCALL\n  condition: sel\nlevel: low\n');
  const r = await runAuspex(['detect', '--rules', dir, '-if', sample]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.toString('latin1');
  assert.ok(!out.includes('\x1b'), 'no escape byte reaches the terminal');
  assert.match(out, /evil\\033\[2Jtitle/);
  assert.match(out, /author a\\012b/);
  writeFileSync(join(dir, 'r.yml'), 'title: t\nlogsource: {product: linux, service: auditd}\ndetection:\n  sel:\n    type: NOSUCHTYPE\n  condition: sel\n');
  assert.equal((await runAuspex(['detect', '--rules', dir, '-if', sample])).code, 1);
  writeFileSync(join(dir, 'r.yml'), 'title: t\nlogsource: {product: linux, service: auditd}\ndetection:\n  sel:\n    type: SYSCALL\n  condition: sel and other\n');
  const bad = await runAuspex(['detect', '--rules', dir, '-if', sample]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /r\.yml:6: detection\.condition: 'other' is not a search identifier/);
  assert.equal((await runAuspex(['detect', '-if', sample])).code, 2);
});
