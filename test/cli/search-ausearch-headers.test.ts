// Lines auspex reads as records but ausearch and aureport 3.0.9 do not
// (ausearch-lol.c extract_timestamp: a copy of the line's first 80 bytes, 340
// after a node name, split at spaces; a msg= field of 18 bytes or fewer, one
// or one that starts past the copy is no record to them),
// and their neighbours that both read. Put between the corpus's records,
// they must leave search's text formats and the reports (from the log and
// from the store) exactly as ausearch and aureport print them, and auspex
// must name each line it leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import { uringOpsAsNumbers } from '../helpers/uring-names.js';

const PATH_BODY = 'item=0 name="/etc/shadow" inode=1 dev=00:01 mode=0100640 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL';
const SYSCALL_BODY = 'arch=c000003e syscall=2 success=no exit=-13 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=77 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="cat" exe="/usr/bin/cat" key="odd-header"';

/** Lines both tools leave out: each with what makes it so. */
const LEFT_OUT: readonly string[] = [
  // msg=audit(1.2:3): is 17 bytes
  `type=PATH msg=audit(1.2:3): ${PATH_BODY}`,
  // 18 bytes, then a space
  `type=SYSCALL msg=audit(12.2:4): ${SYSCALL_BODY}`,
  // a type name long enough that the 80-byte copy ends 17 bytes into msg=
  `type=${'A'.repeat(57)} msg=audit(1795447653.100:5): ${PATH_BODY}`,
  // a node name that puts msg= past the 340-byte copy
  `node=${'n'.repeat(330)} type=SYSCALL msg=audit(1795447653.100:6): ${SYSCALL_BODY}`,
];

/** Lines both read. */
const READ: readonly string[] = [
  // 18 bytes and the newline: 19 to the grouping (its CSV and text leave it out: libauparse reads it without the newline)
  'type=USER_END msg=audit(12.2:7):',
  // no space after the colon: the field runs on
  "type=USER_END msg=audit(12.2:8):pid=1 uid=0 auid=0 ses=1 msg='op=x res=success'",
];

test('lines ausearch 3.0.9 does not read as records are left out, and named, as ausearch and aureport leave them out', async (t) => {
  if (!haveCorpus() || !havePeer('ausearch') || !havePeer('aureport')) {
    t.skip('corpus or auditd tools not available');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'auspex-headers-'));
  try {
    const corpus = readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l !== '');
    const odd = [...LEFT_OUT, ...READ];
    // Spread the odd lines through the log, each after a corpus record.
    const step = Math.floor(corpus.length / (odd.length + 1));
    const lines: string[] = [];
    const leftOutAt: number[] = [];
    corpus.forEach((l, i) => {
      lines.push(l);
      const k = (i + 1) / step - 1;
      if ((i + 1) % step === 0 && k < odd.length) {
        lines.push(odd[k] as string);
        if (k < LEFT_OUT.length) leftOutAt.push(lines.length);
      }
    });
    assert.equal(leftOutAt.length, LEFT_OUT.length);
    const log = join(dir, 'audit.log');
    writeFileSync(log, `${lines.join('\n')}\n`, 'latin1');

    for (const mode of [['--raw'], [], ['-i'], ['--format', 'csv'], ['-k', 'odd-header', '--raw'], ['-p', '77', '-i']]) {
      const got = await runAuspex(['search', ...mode, '-if', log]);
      const want = runPeer('ausearch', [...mode, '-if', log]);
      const out = got.stdout.toString('latin1');
      assert.equal(mode.includes('-i') ? uringOpsAsNumbers(out) : out, want.stdout.toString('latin1'), `search ${mode.join(' ') || 'default'}`);
      assert.equal(got.code, want.code, `search ${mode.join(' ')}: exit code`);
      if (mode.length === 1 && mode[0] === '--raw') {
        const named = [...got.stderr.matchAll(/audit\.log:(\d+): left out, as ausearch 3\.0\.9 leaves it out/g)].map((m) => Number(m[1]));
        assert.deepEqual(named, leftOutAt, 'each line left out is named once, and no other');
      }
    }
    for (const args of [['--summary'], ['-f'], ['-x', '--summary'], ['-k'], ['-p', '-i']]) {
      const got = await runAuspex(['report', ...args, '-if', log]);
      const want = runPeer('aureport', [...args, '-if', log]);
      assert.equal(got.stdout.toString('latin1'), want.stdout.toString('latin1'), `report -if ${args.join(' ')}`);
    }
    const db = join(dir, 'store.duckdb');
    const ingested = await runAuspex(['ingest', '--db', db, '--quiet', log]);
    assert.equal(ingested.code, 0, ingested.stderr);
    const stored = await runAuspex(['query', '--db', db, '--json', 'SELECT count(*) AS n FROM events WHERE raw LIKE \'%odd-header%\' OR raw LIKE \'%/etc/shadow%\'']);
    assert.match(stored.stdout.toString('utf8'), /"n":\s*"?[1-9]/, 'the store keeps the lines the reports leave out');
    for (const args of [['--summary'], ['-f'], ['-k']]) {
      const got = await runAuspex(['report', '--db', db, ...args]);
      const want = runPeer('aureport', [...args, '-if', log]);
      assert.equal(got.stdout.toString('latin1'), want.stdout.toString('latin1'), `report --db ${args.join(' ')}`);
    }

    // A serial past 2^53-1 (ausearch reads up to 2^64-1; the kernel's are 32-bit) is reported, not rounded.
    const big = join(dir, 'big.log');
    writeFileSync(big, `type=SYSCALL msg=audit(1795447653.100:18446744073709551615): ${SYSCALL_BODY}\n`, 'latin1');
    const got = await runAuspex(['search', '--raw', '-if', big]);
    assert.equal(got.stdout.length, 0);
    assert.match(got.stderr, /big\.log:1: serial in msg=audit\(\.\.\.\) past 2\^53-1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
