// The -i formatter remembers whole record bodies with their output per
// record type and ENRICHED names, and prints a body seen before by copying
// (record-format.ts): the same body under types that read its fields
// differently, under other ENRICHED names, with a field that reads the last
// SYSCALL record's a0/a1, or a byte apart, must still print as ausearch -i
// prints it, run live on the same log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareMadeLog, haveAusearch, hostOptions, type MadeRecord } from './live.js';

const PATH_BODY = 'item=0 name="/usr/bin/cat" inode=1234 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL flags=3 cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0';
const ENRICHED_A = '\x1dOUID="alice" OGID="alice"';
const ENRICHED_B = '\x1dOUID="bob" OGID="bob"';
const open = (a1: string): string => `arch=c000003e syscall=2 success=yes exit=3 a0=1 a1=${a1} a2=1b6 a3=0 items=1 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key=(null)`;

const RECORDS: readonly MadeRecord[] = [
  { type: 'PATH', body: PATH_BODY },
  { type: 'PATH', body: PATH_BODY },
  // flags= is a PATH flag there, mmap flags elsewhere; name= is escaped in PATH, mode= short in MQ_OPEN.
  { type: 'OBJ_PID', body: PATH_BODY },
  { type: 'MQ_OPEN', body: PATH_BODY },
  { type: 'PATH', body: PATH_BODY },
  { type: 'PATH', body: PATH_BODY.replace('inode=1234', 'inode=1235') },
  { type: 'PATH', body: `${PATH_BODY}${ENRICHED_A}` },
  { type: 'PATH', body: `${PATH_BODY}${ENRICHED_B}` },
  { type: 'PATH', body: `${PATH_BODY}${ENRICHED_A}` },
  { type: 'PATH', body: PATH_BODY.replace('ouid=0', 'ouid=1001') },
  { type: 'PATH', body: PATH_BODY.replace('ouid=0', 'ouid=1001') },
  // a2= outside SYSCALL records reads the last SYSCALL's a0/a1 through the syscall table: not remembered.
  { type: 'SYSCALL', body: open('241') },
  { type: 'OBJ_PID', body: 'opid=1 a1=2 a2=1b6 syscall=2 arch=c000003e' },
  { type: 'SYSCALL', body: open('0') },
  { type: 'OBJ_PID', body: 'opid=1 a1=2 a2=1b6 syscall=2 arch=c000003e' },
  { type: 'CWD', body: 'cwd="/root"' },
  { type: 'CWD', body: 'cwd="/root"' },
  { type: 'CWD', body: 'cwd="/root",' },
  { type: 'CWD', body: 'cwd="/root",' },
  { type: 'CWD', body: 'cwd=2F726F6F74' },
  { type: 'CWD', body: 'cwd=2F726F6F74' },
];

test('bodies printed before, under other types, ENRICHED names and SYSCALL context: as ausearch -i prints them', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const { printed, mismatches } = compareMadeLog(RECORDS, hostOptions());
  assert.deepEqual(mismatches, []);
  assert.equal(printed, RECORDS.length);
});
