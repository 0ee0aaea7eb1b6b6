// Every rule auditctl accepted in the golden set survives parse → bytes →
// decode → `-l` text → parse → bytes unchanged, and our syscall tables are
// still what this machine's ausyscall dumps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decodeRule, encodeRule, parseCtlArgs, printRule } from '../../src/rules/index.js';
import type { RuleField } from '../../src/rules/index.js';
import { splitRuleLine } from '../../src/rules/rules-file.js';
import { SYSCALL_TABLES } from '../../src/rules/syscalls.gen.js';
import { goldenHost, loadGolden } from './golden-fixtures.js';

const { header, cases } = loadGolden();
const host = goldenHost(header);

test('golden rules round-trip through their -l text', () => {
  let n = 0;
  for (const c of cases) {
    if (c.listed === undefined || c.listing === undefined) continue;
    // auditctl lists filetype as a number but only reads names: its -l output
    // for those rules does not load again, and neither does ours.
    if (c.listing.includes('filetype')) continue;
    // A dir=/path/ rule lists as `-w /path/`, and -w drops the trailing slash when read.
    if (/^-w \S*\/ /.test(c.listing)) continue;
    const decoded = decodeRule(Buffer.from(c.listed, 'hex'));
    assert.ok(decoded.ok);
    // -l -i names the arch (plain -l says b64 even for aarch64, which would read back as x86_64).
    const text = printRule(decoded.rule, { machine: 'x86_64', interpret: true });
    // -l prints paths unescaped; the one path with a space needs the rules-file escape to split back.
    const again = parseCtlArgs(splitRuleLine(text.replace('with space', 'with\\ space')), host);
    const step = again.steps.find((s) => s.kind === 'rule');
    assert.ok(step?.kind === 'rule', `${c.line}: ${text}: ${again.error?.message ?? ''}`);
    assert.equal(encodeRule(step.rule).toString('hex').slice(0, 24), encodeRule(decoded.rule).toString('hex').slice(0, 24), `${c.line} header`);
    // auditctl prints path, dir, exe, key and perm with `=` whatever their operator.
    const opBlind = (f: RuleField): RuleField => ([105, 106, 107, 112, 210].includes(f.field) ? { ...f, op: 0x40000000 } : f);
    assert.deepEqual(step.rule.fields.map(opBlind), decoded.rule.fields.map(opBlind), `${c.line} fields`);
    n++;
  }
  assert.ok(n >= 150);
});

test('decodeRule refuses truncated and inconsistent bytes without throwing', () => {
  const good = Buffer.from(cases.find((c) => c.listed !== undefined)?.listed ?? '', 'hex');
  assert.equal(decodeRule(good.subarray(0, 100)).ok, false);
  const lying = Buffer.from(good);
  lying.writeUInt32LE(0xffff, 1036);
  assert.equal(decodeRule(lying).ok, false);
  const tooMany = Buffer.from(good);
  tooMany.writeUInt32LE(65, 8);
  assert.equal(decodeRule(tooMany).ok, false);
});

const ausyscall = spawnSync('ausyscall', ['--dump'], { encoding: 'utf8' });
for (const [machine, table] of Object.entries(SYSCALL_TABLES)) {
  test(`syscall table ${machine} equals ausyscall ${machine} --dump`, { skip: ausyscall.error !== undefined ? 'ausyscall not installed' : false }, () => {
    const dump = spawnSync('ausyscall', [machine, '--dump'], { encoding: 'utf8' }).stdout;
    const rows = dump.split('\n').filter((l) => /^\d+\t/.test(l)).map((l) => l.split('\t'));
    assert.deepEqual(table.map(([n, s]) => [String(n), s]), rows);
  });
}
