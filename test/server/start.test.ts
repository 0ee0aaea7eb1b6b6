// `npm start`'s script (the install step aside): without the kernel it serves
// the bundled sample logs; as root it runs the collector and the page's store
// follows its log, so a program run under a test rule shows up in the API
// within seconds. TERM stops everything and puts the kernel back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { auspexCtl, kernelRestorer, kernelStatus, lockedOrSkip, removeTestRules, sleep } from '../collect/live-helpers.js';
import { sampleEnriched, sampleRaw, startPrintingAddress } from './serve-fixture.js';
import type { Started } from './serve-fixture.js';

function start(env: Record<string, string>): Promise<Started> {
  return startPrintingAddress(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], { ...process.env, ...env });
}

async function api(s: Started, path: string): Promise<unknown> {
  const token = s.url.searchParams.get('token') ?? '';
  const res = await fetch(new URL(`/api/${path}`, s.url), { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, path);
  return res.json();
}

const idOf = (line: string): string => (/msg=audit\(([0-9.]+:\d+)\)/.exec(line) as RegExpExecArray)[1] as string;

test('without the kernel, npm start serves the sample logs on loopback', async () => {
  const s = await start({ AUSPEX_START_SAMPLE: '1' });
  try {
    assert.equal(s.url.hostname, '127.0.0.1');
    assert.match(s.url.search, /^\?token=[\w-]{43}$/);
    const ids = new Set([sampleRaw, sampleEnriched].flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '').map(idOf)));
    const status = (await api(s, 'status')) as { events: number; following: string | null };
    assert.equal(status.events, ids.size);
    assert.equal(status.following, null);
    const dir = (/ingested into (\S+)\/events\.duckdb/.exec(s.stderr()) as RegExpExecArray)[1] as string;
    assert.ok(existsSync(dir));
    s.child.kill('SIGTERM');
    assert.equal(await s.exited, 0);
    assert.equal(existsSync(dir), false, 'the sample store was temporary');
  } finally {
    s.child.kill('SIGKILL');
  }
});

test('as root, npm start collects from the kernel and the page sees new events', async (t) => {
  const release = await lockedOrSkip(t, { needFreeKernel: true });
  if (release === undefined) return;
  const restore = kernelRestorer();
  const key = `auspex-test-serve-${process.pid}`;
  let s: Started | undefined;
  try {
    if (kernelStatus().enabled === 0) auspexCtl(['-e', '1']);
    s = await start({});
    assert.match(s.stderr(), /collecting from the kernel \(auspex collect --source auto\)/);
    // Our own children's execs, and nothing else, under a test rule.
    const added = auspexCtl(['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-F', `ppid=${process.pid}`, '-k', key]);
    assert.equal(added.code, 0, added.stderr);
    execFileSync('/bin/true');
    execFileSync('/bin/echo', ['auspex-serve-live']);
    const q = encodeURIComponent(`-k ${key} -sc execve`);
    let found: Array<{ exe: string; ppid: number; keys: string[] }> = [];
    for (let i = 0; i < 100 && found.length < 2; i++) {
      await sleep(200);
      found = ((await api(s, `search?q=${q}`)) as { events: typeof found }).events;
    }
    assert.deepEqual(found.map((e) => e.exe).sort(), ['/usr/bin/echo', '/usr/bin/true']);
    for (const e of found) {
      assert.equal(e.ppid, process.pid);
      assert.deepEqual(e.keys, [key]);
    }
    const status = (await api(s, 'status')) as { following: string };
    assert.match(status.following, /^file:.*\/audit\.log$/);
    const collectorPid = kernelStatus().pid;
    assert.notEqual(collectorPid, 0, 'the collector is the audit daemon');
    s.child.kill('SIGTERM');
    assert.equal(await s.exited, 0);
    assert.notEqual(kernelStatus().pid, collectorPid, 'the kernel was handed back');
  } finally {
    s?.child.kill('SIGKILL');
    removeTestRules(key);
    restore();
    release();
  }
});
