// Users, groups and protocols of this machine, looked up as the C library
// does (getent is the reference), and the ids ausearch names without looking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createFileProtocolDb, createFileUserDb, createInterpretedFormatter, parseIdFile } from '../../src/interpret/index.js';
import { ausearchOn, haveAusearch, parseLog } from './live.js';

const read = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'latin1');
  } catch {
    return undefined;
  }
};

function getent(db: string, key: string): string | undefined {
  const r = spawnSync('getent', [db, key], { encoding: 'latin1' });
  return r.status === 0 ? r.stdout.split(/[:\s]/)[0] : undefined;
}

test('every id in /etc/passwd and /etc/group names as getent names it', (t) => {
  if (spawnSync('getent', ['passwd', '0']).error !== undefined) return t.skip('no getent');
  const users = createFileUserDb(read);
  for (const [id] of parseIdFile(read('/etc/passwd') ?? '')) assert.equal(users.userName(id), getent('passwd', String(id)), `uid ${id}`);
  for (const [id] of parseIdFile(read('/etc/group') ?? '')) assert.equal(users.groupName(id), getent('group', String(id)), `gid ${id}`);
  assert.equal(users.userName(4000000000), getent('passwd', '4000000000'));
});

test('protocol numbers name as getent protocols names them', (t) => {
  if (spawnSync('getent', ['protocols', '6']).error !== undefined) return t.skip('no getent');
  const protos = createFileProtocolDb(read);
  for (let n = 0; n < 300; n++) assert.equal(protos.protocolName(n), getent('protocols', String(n)), `protocol ${n}`);
});

test('no database: 0 is root and -1 unset all the same, others unknown(N), as ausearch prints ids it cannot name', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const known = new Set([...parseIdFile(read('/etc/passwd') ?? '').keys(), ...parseIdFile(read('/etc/group') ?? '').keys()]);
  const free = [4242, 31337, 4294967294, 2147483648].filter((id) => !known.has(id));
  const ids = ['4294967295', '0', ...free.map(String)];
  const body = `arch=c000003e syscall=2 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=2 auid=${ids[0]} uid=${ids[1]} gid=${ids[2]} euid=${ids[3]} suid=${ids[4]} fsuid=0 egid=${ids[5] ?? 0} sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key=(null)`;
  const log = Buffer.from(`type=SYSCALL msg=audit(1700000000.000:1): ${body}\n`);
  const [r] = parseLog(log);
  assert.ok(r !== undefined);
  assert.equal(`----\n${createInterpretedFormatter().formatRecord(r, r)}`, ausearchOn(log));
});
