// The BPF inventory on the running kernel: a test program loads a socket
// filter under a pid-scoped rule auditing bpf() (LOAD record, loader from its
// SYSCALL), another loads one with no rule (no LOAD record); both stay loaded
// in a child. `auspex bpf -if LOG --live` joins the log to the kernel's
// programs: the first with its loader, name, type and tag, the second called
// out as loaded without a LOAD record. The holders are killed by pid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuspex } from '../helpers/run.js';
import { buildProgram, capture, liveSkip } from './live-capture.js';

const skip = liveSkip();

interface Entry {
  id: number;
  name: string | null;
  type: string | null;
  tag: string | null;
  loader: { exe: string | null; pid: number | null; uid: number | null } | null;
  live: boolean | null;
  stillLoadedInLog: boolean;
  noLoadRecord: boolean;
}

test('auspex bpf --live: logged loads with their loader, and programs loaded without a LOAD record', { skip, timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-bpf-'));
  const holders: number[] = [];
  t.after(() => {
    for (const pid of holders) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const exe = buildProgram('bpf-load', 'bpf-load', dir);

  // Loaded with no rule auditing it.
  const quiet = spawn(exe, ['auspex_unlogged', '60'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  quiet.stdout.on('data', (c: Buffer) => (text += c.toString()));
  quiet.stdin.end('go\n');
  await once(quiet, 'exit');
  await new Promise((r) => setTimeout(r, 100));
  const unloggedId = Number(/id (\d+)/.exec(text)?.[1]);
  holders.push(Number(/holder (\d+)/.exec(text)?.[1]));
  assert.ok(unloggedId > 0, text);

  // Loaded under a rule auditing bpf() for this pid.
  const c = await capture(exe, ['auspex_logged', '60'], [['-a', 'always,exit', '-F', 'arch=b64', '-S', 'bpf', '-F', 'pid={PID}', '-k', 'auspex-test-bpf-load']], (x) => {
    const ok = / op=LOAD/.test(x.log.toString('latin1'));
    // A retried run leaves its program loaded in a holder: kill it.
    if (!ok) holders.push(Number(/holder (\d+)/.exec(x.output.join('\n'))?.[1]));
    return ok;
  });
  const loggedId = Number(/id (\d+)/.exec(c.output.join('\n'))?.[1]);
  holders.push(Number(/holder (\d+)/.exec(c.output.join('\n'))?.[1]));
  assert.ok(loggedId > 0);
  assert.match(c.log.toString('latin1'), new RegExp(`prog-id=${loggedId} op=LOAD`));

  const log = join(dir, 'bpf.log');
  writeFileSync(log, c.log);
  const r = await runAuspex(['bpf', '-if', log, '--live', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const inv = JSON.parse(r.stdout.toString('utf8')) as { programs: Entry[]; loads: number; loadedWithoutRecord: number };
  const logged = inv.programs.find((p) => p.id === loggedId);
  const unlogged = inv.programs.find((p) => p.id === unloggedId);
  assert.ok(logged !== undefined && unlogged !== undefined, JSON.stringify(inv.programs.map((p) => p.id)));
  assert.deepEqual([logged.name, logged.type, logged.live, logged.stillLoadedInLog, logged.noLoadRecord], ['auspex_logged', 'socket_filter', true, true, false]);
  assert.equal(logged.loader?.exe, exe);
  assert.equal(logged.loader?.pid, c.pid);
  assert.equal(logged.loader?.uid, 0);
  assert.match(logged.tag ?? '', /^[0-9a-f]{16}$/);
  assert.deepEqual([unlogged.name, unlogged.live, unlogged.noLoadRecord, unlogged.loader], ['auspex_unlogged', true, true, null]);
  assert.ok(inv.loadedWithoutRecord >= 1);
  const textOut = await runAuspex(['bpf', '-if', log, '--live']);
  assert.match(textOut.stdout.toString('latin1'), new RegExp(`${unloggedId}  auspex_unlogged .*no LOAD record`));
});
