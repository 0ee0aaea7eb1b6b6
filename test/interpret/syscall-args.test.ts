// SYSCALL records of every syscall of every machine ausearch knows, with
// argument values that each reading of a0..a3 names differently (dirfd,
// flags, modes, signals, ids, socket options...): each record printed exactly
// as ausearch -i prints it, run live. Also the syscall name itself, the arch,
// exit codes, and socketcall/ipc sub-calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELF_MACHINES } from '../../src/interpret/tables/libaudit.gen.js';
import { MACHINE_SYSCALL_TABLE } from '../../src/interpret/tables/machine-syscall-tables.gen.js';
import { SYSCALL_TABLES } from '../../src/rules/index.js';
import { compareMadeLog, haveAusearch, hostOptions, type MadeRecord } from './live.js';

const TASK = 'items=0 ppid=1 pid=2 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key=(null)';

function syscall(arch: number, nr: number, exit: string, args: readonly string[]): MadeRecord {
  return { type: 'SYSCALL', body: `arch=${arch.toString(16)} syscall=${nr} success=yes exit=${exit} a0=${args[0]} a1=${args[1]} a2=${args[2]} a3=${args[3]} ${TASK}` };
}

const ARG_SETS = [
  ['ffffff9c', '41', '1ed', '22'],
  ['1', '3', '80000', '0'],
  ['17', '9', '2', '1'],
  ['0', '1', '6', 'ffffffff'],
  ['2', '8', '29', '4000'],
  ['ffffffffffffffff', '107', '1a4', '3'],
  ['18', '2', '1', '8000000000000000'],
];

test('every syscall of every machine, arguments read as ausearch reads them', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const records: MadeRecord[] = [];
  for (const [elf, machine] of ELF_MACHINES) {
    const key = MACHINE_SYSCALL_TABLE.find(([m]) => m === machine)?.[1];
    const table = key === undefined ? [] : (SYSCALL_TABLES[key] ?? []);
    for (const [nr] of table) for (const args of ARG_SETS) records.push(syscall(elf, nr, '0', args));
  }
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.equal(printed, records.length, 'ausearch printed every record');
  assert.deepEqual(mismatches.slice(0, 5), []);
  t.diagnostic(`${records.length} SYSCALL records`);
});

test('arguments that depend on another argument, sub-calls, numbers past the tables', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const x86 = 0xc000003e;
  const i386 = 0x40000003;
  const records: MadeRecord[] = [];
  const values = ['0', '1', '2', '3', '8', '9', '11', '14', '19', '1d', '20', '2f', '40', '64', 'ff', '100', '4000', 'ffffffff', '-1', 'zz'];
  // prctl a1 by a0; fcntl a2 by a1; setsockopt/getsockopt a2 by level; open/mq_open a2 by O_CREAT.
  for (const [nr, fixed, pos] of [
    [157, ['1', '0'], 1], [157, ['17', '0'], 1], [157, ['18', '0'], 1], [157, ['0', '0'], 1],
    [72, ['3', '8'], 2], [72, ['3', '2'], 2], [72, ['3', '4'], 2],
    [54, ['3', '0'], 2], [54, ['3', '1'], 2], [54, ['3', '6'], 2], [54, ['3', '11'], 2], [54, ['3', '29'], 2], [54, ['3', '107'], 2], [55, ['3', '84'], 2],
    [2, ['0', '41'], 2], [2, ['0', '2'], 2], [240, ['0', '40'], 2], [240, ['0', '0'], 2],
  ] as Array<[number, string[], number]>) {
    for (const v of values) {
      const args = [...fixed, '0', '0'];
      args[pos] = v;
      records.push(syscall(x86, nr, '0', args));
    }
  }
  // i386 socketcall and ipc name their first argument.
  for (let a0 = 0; a0 < 40; a0++) {
    records.push(syscall(i386, 102, '0', [a0.toString(16), '0', '0', '0']));
    records.push(syscall(i386, 117, '0', [a0.toString(16), '0', '0', '0']));
  }
  records.push(syscall(i386, 102, '0', ['ffffffff', '0', '0', '0']), syscall(i386, 102, '0', ['100000000', '0', '0', '0']));
  // Unknown syscall numbers and arches, odd arch/syscall/exit values.
  for (const nr of ['9999', '-1', '4294967296', '99999999999999999999', 'x']) records.push({ type: 'SYSCALL', body: `arch=c000003e syscall=${nr} success=yes exit=0 a0=0 a1=0 a2=0 a3=0 ${TASK}` });
  for (const arch of ['0', 'c0000000', '1c000003e', 'zz', 'ffffffffffffffffff', '40000028', 'c00000b7', '14', '16']) records.push({ type: 'SYSCALL', body: `arch=${arch} syscall=2 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 ${TASK}` });
  for (const exit of ['-1', '-11', '-133', '-134', '-4096', '-2147483648', '-9223372036854775808', '-9223372036854775809', '9223372036854775808', '+5', 'abc', '0x10']) {
    records.push(syscall(x86, 2, exit, ['0', '0', '0', '0']));
  }
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.ok(printed >= records.length - 8, `ausearch printed ${printed} of ${records.length}`);
  assert.deepEqual(mismatches.slice(0, 5), []);
  t.diagnostic(`${printed} records printed and compared`);
});

test('a SECCOMP record names its syscall by its own arch', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const records: MadeRecord[] = [];
  for (const [arch, nr] of [['c000003e', '63'], ['40000003', '122'], ['c00000b7', '160'], ['zz', '1'], ['c000003e', '99999']]) {
    for (const code of ['0x50000', '0x7ffc0000', '0x80000000', '0x7fff0000', '0x30001', 'zz']) {
      records.push({ type: 'SECCOMP', body: `auid=0 uid=0 gid=0 ses=1 pid=1 comm="x" exe="/x" sig=31 arch=${arch} syscall=${nr} compat=0 ip=0x0 code=${code}` });
    }
  }
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.equal(printed, records.length);
  assert.deepEqual(mismatches.slice(0, 5), []);
});

// ausearch takes a0 and a1 as the first `a0=` and `a1=` after syscall='s value
// (strstr), which a name or value holding them moves; open's mode (a2) reads
// a1's O_CREAT. Each record printed as ausearch -i prints it.
test("a0/a1 as strstr finds them: 'a1=' inside another value or name", (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const head = 'arch=c000003e syscall=2 success=yes';
  const bodies = [
    `${head} exit=xa1=40 a0=ffffff9c a1=0 a2=1ff a3=0`,
    `${head} exit=3 a0=ffffff9c a1=41 a2=1ff a3=0`,
    `${head} exit=3 a0a0=ffffff9c a1=41 a2=1ff a3=0`,
    `${head} exit=3 a0=ffffff9c xa1=40 a1=0 a2=1ff a3=0`,
    `${head} exit=3 a0=ffffff9c a1=a1=40 a2=1ff a3=0`,
    `${head} exit=3 a0=ffffff9c x1=40 a1=0 a2=1ff a3=0`,
    `${head} exit=3 a0=ffffff9c a2=1ff a3=0 a1=40`,
    // No a1= after a0=: ausearch's parser refuses the record and prints nothing.
    `${head} exit=3 a1=40 a0=ffffff9c a2=1ff a3=0`,
  ];
  const records: MadeRecord[] = bodies.map((b) => ({ type: 'SYSCALL', body: `${b} ${TASK}` }));
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.equal(printed, records.length - 1);
  assert.deepEqual(mismatches, []);
});
