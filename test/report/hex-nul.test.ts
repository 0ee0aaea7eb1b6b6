// Hex-encoded comm=, exe= and key= values with a NUL byte inside: ausearch's
// unescape leaves a C string, so aureport counts `0100AA` and `0100BB` as one
// command ("\x01"). The main summary from the log and from the store, and the
// executable and key reports, against aureport live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

process.env.TZ = 'UTC';

function syscall(serial: number, comm: string, exe: string, key: string): string {
  return `type=SYSCALL msg=audit(1795455794.${String(serial % 1000).padStart(3, '0')}:${serial}): arch=c000003e syscall=2 success=yes exit=3 a0=1 a1=2 a2=3 a3=4 ` +
    `items=0 ppid=1 pid=${serial} auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=${comm} exe=${exe} key=${key}`;
}

test('hex values with a NUL inside count as the C string before it', async (t) => {
  if (!havePeer('aureport')) return t.skip('aureport not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-hexnul-'));
  try {
    const log = join(dir, 'audit.log');
    writeFileSync(log, [
      syscall(101, '0100AA', '2F78002F79', '6B31006B32'),
      syscall(102, '0100BB', '2F78002F7A', '6B31006B33'),
      syscall(103, '"plain"', '"/x"', '"k1"'),
      syscall(104, '6300', '2F7800', '6B3100'),
    ].join('\n') + '\n', 'latin1');
    for (const args of [['--summary'], ['-x'], ['-x', '--summary'], ['-k', '--summary'], ['--comm', '--summary'], ['-i', '-x']]) {
      const got = await runAuspex(['report', ...args, '-if', log]);
      const want = runPeer('aureport', [...args, '-if', log]);
      assert.equal(got.stdout.toString('latin1'), want.stdout.toString('latin1'), `report -if ${args.join(' ')}`);
    }
    const db = join(dir, 'store.duckdb');
    assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', log])).code, 0);
    const got = await runAuspex(['report', '--db', db, '--summary']);
    assert.equal(got.stdout.toString('latin1'), runPeer('aureport', ['--summary', '-if', log]).stdout.toString('latin1'), 'report --db --summary');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
