// auspex ctl --dry-run: nothing is sent; each netlink message prints as
// `AUDIT_<TYPE> <payload hex>` and its decoded form. The bytes equal what
// auditctl 3.0.9 sent (golden fixtures) and the go-libaudit oracle's rules;
// `-e 2` moves last in rules files and refuses later rule changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGolden } from '../rules/golden-fixtures.js';
import { runCtl } from './ctl-run-helper.js';

const { header, cases } = loadGolden();

/** The (type, hex, decoded) triples a dry run printed. */
function messages(stdout: string): Array<{ type: string; hex: string; decoded: string }> {
  const lines = stdout.split('\n');
  const out: Array<{ type: string; hex: string; decoded: string }> = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [type, hex] = (lines[i] as string).split(' ');
    out.push({ type: type as string, hex: hex ?? '', decoded: lines[i + 1] as string });
  }
  return out;
}

test('dry-run ADD_RULE bytes equal auditctl 3.0.9 for every golden rule it sent', async () => {
  // Only rules whose paths need no directory test (the capture's scratch folder is gone).
  const sent = cases.filter((c) => c.sent !== undefined && !c.args.some((a) => header.dirs.some((d) => a.includes(d))));
  assert.ok(sent.length >= 150);
  for (const c of sent) {
    const r = await runCtl(['--dry-run', ...c.args], { AUSPEX_MACHINE: 'x86_64' });
    const add = messages(r.stdout).find((m) => m.type === 'AUDIT_ADD_RULE' || m.type === 'AUDIT_DEL_RULE');
    assert.equal(add?.hex, c.sent, `golden.rules:${c.line}`);
    assert.equal(r.code, 0, `golden.rules:${c.line} ${r.stderr}`);
    if (c.listing !== undefined && !c.args.includes('-A')) assert.equal(add?.decoded, c.listing, `golden.rules:${c.line} decoded`);
  }
});

test('dry-run of an io_uring rule: op numbers in the mask, printed as 4.x lists it', async () => {
  const r = await runCtl(['--dry-run', '-a', 'always,io_uring', '-S', 'openat,connect,18', '-k', 'auspex-test-x']);
  const [get, add] = messages(r.stdout);
  assert.equal(get?.type, 'AUDIT_GET');
  assert.equal(add?.type, 'AUDIT_ADD_RULE');
  const bytes = Buffer.from(add?.hex ?? '', 'hex');
  assert.equal(bytes.readUInt32LE(0), 7); // AUDIT_FILTER_URING_EXIT
  assert.equal(bytes.readUInt32LE(12), (1 << 16) | (1 << 18)); // ops 16 connect, 18 openat
  assert.equal(add?.decoded, '-a always,io_uring -S connect,openat -F key=auspex-test-x');
});

test('dry-run refuses perm on the io_uring list with auditctl wording', async () => {
  const r = await runCtl(['--dry-run', '-a', 'always,io_uring', '-S', 'openat', '-F', 'perm=r']);
  assert.equal(r.code, 255);
  assert.equal(r.stderr, 'perm can only be used with exit filter list\n');
});

test('-e 2 then a rule: AUDIT_SET enabled=2 goes out, the rule is refused as auditctl refuses it', async () => {
  const r = await runCtl(['--dry-run', '-e', '2', '-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-k', 'auspex-test-x']);
  const ms = messages(r.stdout);
  assert.deepEqual(ms.map((m) => m.type), ['AUDIT_SET', 'AUDIT_GET']);
  assert.equal(ms[0]?.decoded, 'mask=0x1 enabled=2');
  assert.equal(ms[0]?.hex, `0100000002000000${'0'.repeat(72)}`);
  assert.equal(r.stderr, 'The audit system is in immutable mode, no rule changes allowed\n');
  assert.equal(r.code, 0);
});

test('rules file: comments skipped, -e 2 moved last, settings and rules in order', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-ctl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'audit.rules');
  writeFileSync(file, '## lock first, as a careless file might\n-e 2\n-D\n-b 8192\n--backlog_wait_time 60000\n-f 1\n-a always,exit -F arch=b64 -S openat -k auspex-test-f\n-w /etc/passwd -p wa -k auspex-test-w\n', { mode: 0o600 });
  const r = await runCtl(['--dry-run', '-R', file]);
  assert.equal(r.code, 0, r.stderr);
  const ms = messages(r.stdout);
  assert.deepEqual(ms.map((m) => m.type), [
    'AUDIT_LIST_RULES', 'AUDIT_LIST_RULES', // -D: list to delete, then list what is left
    'AUDIT_SET', 'AUDIT_GET', 'AUDIT_SET', 'AUDIT_GET', 'AUDIT_SET', 'AUDIT_GET',
    'AUDIT_GET', 'AUDIT_ADD_RULE', 'AUDIT_GET', 'AUDIT_ADD_RULE',
    'AUDIT_SET', 'AUDIT_GET',
  ]);
  assert.deepEqual(ms.filter((m) => m.type === 'AUDIT_SET').map((m) => m.decoded), [
    'mask=0x10 backlog_limit=8192', 'mask=0x20 backlog_wait_time=60000', 'mask=0x2 failure=1', 'mask=0x1 enabled=2',
  ]);
  assert.equal(ms[11]?.decoded, '-w /etc/passwd -p wa -k auspex-test-w');
});

test('rules file errors name file:line; without -c the first stops the load, with -c the rest loads', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-ctl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'bad.rules');
  const long = 'k'.repeat(257);
  writeFileSync(file, [
    '-a always,exit -F arch=b64 -S openat -k auspex-test-ok1',
    '-a always,exit -F arch=b64 -S openat -F uidd=0 -k auspex-test-typo',
    '-a always,exit -F arch=b64 -S socketcall -k auspex-test-arch',
    `-a always,exit -F arch=b64 -S openat -k ${long}`,
    '-a always,exit -F arch=b64 -S unlinkat -k auspex-test-ok2',
    '',
  ].join('\n'), { mode: 0o600 });
  const stop = await runCtl(['--dry-run', '-R', file]);
  assert.equal(stop.code, 1);
  assert.equal(stop.stderr, `${file}:2: -F unknown field: uidd\n`);
  assert.equal(messages(stop.stdout).filter((m) => m.type === 'AUDIT_ADD_RULE').length, 1);

  const cont = await runCtl(['--dry-run', '-c', '-R', file]);
  assert.equal(cont.code, 1);
  assert.equal(cont.stderr, [
    `${file}:2: -F unknown field: uidd`,
    `${file}:3: Syscall name unknown: socketcall`,
    `${file}:4: key option exceeds size limit`,
    '',
  ].join('\n'));
  assert.deepEqual(messages(cont.stdout).filter((m) => m.type === 'AUDIT_ADD_RULE').map((m) => m.decoded), [
    '-a always,exit -F arch=b64 -S openat -F key=auspex-test-ok1',
    '-a always,exit -F arch=b64 -S unlinkat -F key=auspex-test-ok2',
  ]);

  const ignore = await runCtl(['--dry-run', '-i', '-R', file]);
  assert.equal(ignore.code, 0);
  // -c as a line of the file, as upstream's 12-cont-fail.rules writes it.
  writeFileSync(file, `-c\n${readFileSync(file, 'utf8')}`);
  const inFile = await runCtl(['--dry-run', '-R', file]);
  assert.equal(inFile.code, 1);
  assert.equal(messages(inFile.stdout).filter((m) => m.type === 'AUDIT_ADD_RULE').length, 2);
});
