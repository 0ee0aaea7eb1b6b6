// String criteria skip events whose records hold neither the text nor its hex
// (search's prefilter). Values the log hex-encodes (file names with escape
// sequences, arguments with quotes) must still be found: checked against
// ausearch live on the captured samples, where such values exist. -m skips
// events without a record of a wanted type, except where record parsers run
// first and may print (-hn, -f): those cases are here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

const SAMPLE = join(repoRoot, 'data', 'sample', 'audit-raw.log');

const CASES: ReadonlyArray<readonly string[]> = [
  ['-f', 'cleared'], // only in a hex-encoded name: ESC [2J cleared
  ['-f', 'onerror'], // a name with spaces and <>: hex-encoded
  ['-k', 'auspex-test-files'],
  ['-k', 'test'],
  ['-k', 'files', '-w'],
  ['-x', '/usr/bin/touch'],
  ['-c', 'uring-bpf'],
  ['-c', 'no-such-command'],
  ['-f', '/etc/shadow', '-sv', 'no'],
  ['-m', 'URINGOP'],
  ['-m', 'SYSCALL,PATH', '-sv', 'no'],
  ['-m', 'EXECVE', '-k', 'exec'],
  ['-m', 'ALL'],
  ['-m', '1336'],
  ['-m', 'SOCKADDR', '-hn', 'localhost'],
  ['-m', 'CWD', '-f', '/tmp'],
];

test('the sample log has a file name that is logged only in hex', () => {
  const log = readFileSync(SAMPLE, 'latin1');
  assert.doesNotMatch(log, /cleared/);
  assert.match(log, /636C6561726564/); // "cleared"
});

for (const criteria of CASES) {
  for (const mode of [['--raw'], ['-i']]) {
    test(`${mode.join(' ')} ${criteria.join(' ')} selects what ausearch selects`, async (t) => {
      if (!havePeer('ausearch')) return t.skip('ausearch not installed');
      const args = ['-if', SAMPLE, ...mode, ...criteria];
      const want = runPeer('ausearch', args);
      const got = await runAuspex(['search', ...args]);
      assert.equal(got.code, want.code);
      assert.equal(got.stderr, want.stderr);
      if (mode[0] === '--raw') assert.ok(got.stdout.equals(want.stdout));
      else assert.equal(got.stdout.toString('latin1').replace(/ uring_op=[a-z_]+ /g, ' '), want.stdout.toString('latin1').replace(/ uring_op=\d+ /g, ' '));
    });
  }
}

// Events the needles would pass over that ausearch still parses, and hex in
// lower case (ausearch decodes either case): with -f and -hn every SOCKADDR is
// parsed, and a short one makes ausearch print on stderr.
test('-f and -hn: short sockaddrs and lower-case hex as ausearch has them', async (t) => {
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-prefilter-'));
  try {
    const log = join(dir, 'audit.log');
    const sys = (serial: number, name: string): string =>
      `type=SYSCALL msg=audit(1795452167.138:${serial}): arch=c000003e syscall=42 success=no exit=-2 a0=3 a1=7ffd a2=10 a3=0 items=0 ppid=1 pid=9 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="${name}" exe="/usr/bin/${name}" key=(null)`;
    writeFileSync(log, [
      sys(1, 'curl'), 'type=SOCKADDR msg=audit(1795452167.138:1): saddr=0200', // AF_INET, 2 bytes: too short
      sys(2, 'ping'), 'type=SOCKADDR msg=audit(1795452167.138:2): saddr=0A00', // AF_INET6, too short
      sys(3, 'wget'), 'type=SOCKADDR msg=audit(1795452167.138:3): saddr=020000357F0000010000000000000000',
      'type=CWD msg=audit(1795452167.139:4): cwd=2f746d703f', // "/tmp?" in lower-case hex
      'type=CWD msg=audit(1795452167.139:5): cwd=2F746D703F',
    ].join('\n') + '\n', 'latin1');
    for (const args of [['-f', '?'], ['-f', '/tmp', '-i'], ['-hn', '127.0.0.1'], ['-hn', 'no-such-host', '--raw']]) {
      const got = await runAuspex(['search', ...args, '-if', log]);
      const want = runPeer('ausearch', [...args, '-if', log]);
      assert.equal(got.stdout.toString('latin1'), want.stdout.toString('latin1'), `search ${args.join(' ')}`);
      assert.equal(got.stderr.split('\n').filter((l) => !l.startsWith('auspex:')).join('\n'), want.stderr, `search ${args.join(' ')}: stderr`);
      assert.equal(got.code, want.code, `search ${args.join(' ')}: exit code`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
