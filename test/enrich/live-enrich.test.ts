// Enrichment against the live kernel, through auspex collect (the audit
// daemon) writing JSON: a BPF program the test loads is named and typed as
// the kernel itself reports it; processes started in new cgroups named like
// containers (and their children) get those containers' ids; io_uring ops
// run by io-wq/SQPOLL carry the ring owner's identity as the kernel logged
// it for that process, and an op under a registered personality is told
// apart; ancestors follow the real parent chain; audit container IDs follow
// the proposal's rules (self-set, unset and re-set refused, children
// inherit, an inherited ID can be set once), every decision in the trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addRules, auspexBin, enableAudit, liveSkip, removeTestRules, repoRoot, runWorkload, sleep, startCollector, startLiveRun, workload,
} from '../collect/live-helpers.js';

const KEY = `auspex-test-enrich-${process.pid}`;
const NEEDS = { needFreeKernel: true, needCc: true };
const skip = liveSkip({ needCc: true });

interface JsonEvent {
  serial: number;
  records: Array<{ type: string; fields: Record<string, string> }>;
  auspex?: {
    process?: { pid: number; ppid: number; exe?: string; auid?: number; ses?: number };
    ancestors?: Array<{ pid: number; exe?: string }>;
    container?: { runtime: string; id: string; pod?: string };
    contid?: string;
    names?: Record<string, string>;
    bpf?: Array<{ op: string; id: number; name?: string; type?: string; mapIds?: number[]; gone?: boolean }>;
    io_uring?: Array<{ op: string; context: string; credentials: string; op_uid?: number; task_uid?: number; owner?: { pid: number; exe?: string; auid?: number; ses?: number } }>;
  };
}

const HEX = (c: string): string => c.repeat(64);

/** cgroup directories named as runtimes name them, in the cgroup hierarchies this machine has. */
function containerCgroups(): Array<{ dir: string; runtime: string; id: string; pod?: string }> {
  const out: Array<{ dir: string; runtime: string; id: string; pod?: string }> = [];
  const v1 = '/sys/fs/cgroup/pids';
  const v2 = existsSync('/sys/fs/cgroup/unified/cgroup.procs') ? '/sys/fs/cgroup/unified' : existsSync('/sys/fs/cgroup/cgroup.procs') ? '/sys/fs/cgroup' : undefined;
  if (existsSync(`${v1}/cgroup.procs`)) out.push({ dir: `${v1}/docker/${HEX('a')}`, runtime: 'docker', id: HEX('a') });
  if (v2 !== undefined) {
    out.push({ dir: `${v2}/auspex-test.slice/docker-${HEX('b')}.scope`, runtime: 'docker', id: HEX('b') });
    out.push({ dir: `${v2}/auspex-test.slice/kubepods-besteffort-pod0a1b2c3d_0000_4000_8000_00000000abcd.slice/cri-containerd-${HEX('c')}.scope`, runtime: 'kubernetes', id: HEX('c'), pod: '0a1b2c3d-0000-4000-8000-00000000abcd' });
    out.push({ dir: `${v2}/auspex-test.slice/machine.slice/machine-auspex\\x2dbox.scope`, runtime: 'systemd-nspawn', id: 'auspex-box' });
    out.push({ dir: `${v2}/auspex-test.slice/lxc.payload.auspex1`, runtime: 'lxc', id: 'auspex1' });
  }
  return out;
}

/** Removes `dir` and its parents up to `top`, the first directory the test created. */
function removeCgroup(dir: string, top: string | undefined): void {
  if (top === undefined) return;
  for (let d = dir; d.length >= top.length; d = d.slice(0, d.lastIndexOf('/'))) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

test('enrichment: BPF, containers, io_uring attribution, ancestors, names, audit container IDs', { skip, timeout: 90000 }, async (t) => {
  const cgroups = containerCgroups();
  const created = new Map<string, string | undefined>();
  const run = await startLiveRun(t, NEEDS, KEY, 'enrich', () => {
    for (const c of [...cgroups].reverse()) removeCgroup(c.dir, created.get(c.dir));
  });
  if (run === undefined) return;
  const { dir, stops } = run;
  const registry = join(dir, 'containers.json');
  const json = join(dir, 'events.json');
  const c = await startCollector(dir, 'c', ['--source', 'unicast', '--json', json], [`container_registry = ${registry}`]);
  stops.push(() => c.stop());
  enableAudit();
  const work = join(dir, 'work');
  mkdirSync(work);
  addRules([
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve,clone,clone3,fork,vfork,bpf,io_uring_enter', '-F', 'auid!=unset', '-k', KEY],
    ['-a', 'always,io_uring', '-S', 'openat', '-k', KEY],
  ]);

  // BPF: a named program with a map, kept loaded for a second.
  const hold = join(dir, 'bpf-hold');
  execFileSync('cc', ['-O2', '-o', hold, join(repoRoot, 'test', 'enrich', 'fixtures', 'bpf-hold.c')]);
  const progName = `auspex_t${process.pid % 100000}`;
  const held = spawnSync('bash', ['-c', `echo 0 > /proc/self/loginuid; exec '${hold}' ${progName} 1000`], { encoding: 'utf8' });
  const [progId, mapId] = held.stdout.trim().split(' ').map(Number);

  // Containers: a shell moves itself into each cgroup, then starts a child
  // (and lives on a moment, as a container's first process does).
  for (const cg of cgroups) {
    created.set(cg.dir, mkdirSync(cg.dir, { recursive: true }));
    spawnSync('bash', ['-c', `echo 0 > /proc/self/loginuid; echo $$ > '${cg.dir}/cgroup.procs'; /bin/true auspex-container-${cg.id}; sleep 0.3`]);
  }

  // io_uring: inline, io-wq, SQPOLL and under a personality.
  runWorkload(workload(dir), work, `AUSPEX-ENRICH-${process.pid}`);

  // Audit container IDs. P starts S, gets 4242, then starts C (which inherits it), then a child.
  const go1 = join(dir, 'go1');
  const go2 = join(dir, 'go2');
  execFileSync('mkfifo', [go1, go2]);
  const parent = spawn('bash', ['-c', `echo 0 > /proc/self/loginuid; sleep 30 & echo $!; read x < '${go1}'; sleep 30 & echo $!; read x < '${go2}'; /bin/true auspex-contid-child; kill %1 %2`], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pids: number[] = [];
  let waiting: (() => void) | undefined;
  parent.stdout.on('data', (b: Buffer) => {
    pids.push(...b.toString().trim().split('\n').map(Number));
    waiting?.();
  });
  const nextPid = async (n: number): Promise<number> => {
    while (pids.length < n) await new Promise<void>((r) => (waiting = r));
    return pids[n - 1] as number;
  };
  const set = (pid: number | string, id: string): { code: number; err: string } => {
    const r = spawnSync(auspexBin, ['container', 'set', String(pid), id, '--registry', registry], { encoding: 'utf8' });
    return { code: r.status ?? -1, err: r.stderr };
  };
  const p = parent.pid as number;
  const before = await nextPid(1);
  assert.equal(set(p, '4242').code, 0, 'first set');
  const reset = set(p, '4343');
  assert.equal(reset.code, 1);
  assert.match(reset.err, /EPERM: process \d+ already has container ID 4242 of its own/);
  const unset = set(p, '18446744073709551615');
  assert.equal(unset.code, 1);
  assert.match(unset.err, /EINVAL/);
  const self = spawnSync('bash', ['-c', `exec '${auspexBin}' container set $$ 5 --registry '${registry}'`], { encoding: 'utf8' });
  assert.equal(self.status, 1);
  assert.match(self.stderr, /EPERM: a process may not set its own container ID/);
  writeFileSync(go1, 'go\n');
  const after = await nextPid(2);
  assert.equal(set(after, '777').code, 0, 'an inherited ID may be set once');
  const twice = set(after, '778');
  assert.equal(twice.code, 1, 'but only once');
  assert.match(twice.err, /already has container ID 777 of its own/);
  writeFileSync(go2, 'go\n');
  await new Promise((r) => parent.once('exit', r));
  await sleep(1500);
  removeTestRules(KEY);
  assert.equal(await c.stop(), 0, c.stderr());

  const events = readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JsonEvent);
  const syscallOf = (e: JsonEvent): Record<string, string> | undefined => e.records.find((r) => r.type === 'SYSCALL')?.fields;
  const execOf = (arg: string): JsonEvent | undefined => events.find((e) => e.records.some((r) => r.type === 'EXECVE' && Object.values(r.fields).includes(arg)));

  // BPF: as the kernel told the loading program itself.
  const load = events.flatMap((e) => e.auspex?.bpf ?? []).find((b) => b.op === 'LOAD' && b.id === progId);
  assert.deepEqual({ name: load?.name, type: load?.type, mapIds: load?.mapIds }, { name: progName, type: 'socket_filter', mapIds: [mapId] });
  const unload = events.flatMap((e) => e.auspex?.bpf ?? []).find((b) => b.op === 'UNLOAD' && b.id === progId);
  assert.equal(unload?.name, progName, 'UNLOAD carries what LOAD learned');

  // Containers, for the shell's child (the cgroup is inherited).
  for (const cg of cgroups) {
    const e = execOf(`auspex-container-${cg.id}`);
    assert.ok(e !== undefined, `exec in ${cg.dir}`);
    assert.deepEqual(e.auspex?.container, { runtime: cg.runtime, id: cg.id, ...(cg.pod === undefined ? {} : { pod: cg.pod }) }, `${cg.dir}: ${JSON.stringify(e.auspex)}`);
  }

  // Ancestors: the kernel's ppid, then its parent (this test's process).
  const anyExec = execOf(`auspex-container-${cgroups[0]?.id ?? ''}`) ?? events.find((e) => syscallOf(e)?.syscall === '59');
  const sc = anyExec === undefined ? undefined : syscallOf(anyExec);
  assert.equal(anyExec?.auspex?.ancestors?.[0]?.pid, Number(sc?.ppid));
  assert.equal(anyExec?.auspex?.ancestors?.[1]?.pid, process.pid);
  assert.equal(anyExec?.auspex?.ancestors?.[1]?.exe, readlinkSync('/proc/self/exe'));
  assert.equal(anyExec?.auspex?.names?.uid, spawnSync('getent', ['passwd', sc?.uid ?? '0'], { encoding: 'utf8' }).stdout.split(':')[0]);

  // io_uring: ops off the task carry the owner's identity as its own SYSCALL records show it.
  const uringEvents = events.filter((e) => e.auspex?.io_uring !== undefined);
  const async = uringEvents.filter((e) => e.auspex?.io_uring?.[0]?.context !== 'inline' && e.records.some((r) => r.type === 'URINGOP' && r.fields.uring_op === '18'));
  assert.ok(async.length >= 2, `io-wq and SQPOLL openat events: ${async.length}`);
  for (const e of async) {
    const owner = e.auspex?.io_uring?.[0]?.owner;
    const ownSyscall = events.map(syscallOf).find((f) => f !== undefined && Number(f.pid) === owner?.pid);
    assert.ok(ownSyscall !== undefined, 'the owner made syscalls of its own');
    assert.deepEqual([owner?.auid, owner?.ses, owner?.exe], [Number(ownSyscall.auid), Number(ownSyscall.ses), ownSyscall.exe]);
  }
  const personality = uringEvents.find((e) => e.auspex?.io_uring?.[0]?.credentials === 'other');
  const pSys = personality === undefined ? undefined : syscallOf(personality);
  const pOp = personality?.records.find((r) => r.type === 'URINGOP')?.fields;
  assert.deepEqual([personality?.auspex?.io_uring?.[0]?.op_uid, personality?.auspex?.io_uring?.[0]?.task_uid], [Number(pOp?.uid), Number(pSys?.uid)]);
  assert.notEqual(pOp?.uid, pSys?.uid);

  // Audit container IDs: P's later child inherits 4242; every decision is in the trail, old ID as it was.
  assert.equal(execOf('auspex-contid-child')?.auspex?.contid, '4242');
  const sets = events.flatMap((e) => e.records).filter((r) => r.type === 'USER' && r.fields.op === 'set' && r.fields.opid !== undefined);
  const summary = sets.map((r) => `${r.fields.opid} ${r.fields['old-contid']} ${r.fields.contid} ${r.fields.res}`);
  assert.deepEqual(summary.filter((s) => s.startsWith(`${p} `)), [`${p} 18446744073709551615 4242 1`, `${p} 4242 4343 0`, `${p} 4242 18446744073709551615 0`]);
  assert.deepEqual(summary.filter((s) => s.startsWith(`${after} `)), [`${after} 4242 777 1`, `${after} 777 778 0`]);
  assert.deepEqual(summary.filter((s) => s.startsWith(`${before} `)), [], 'the child started before the set was not touched');
  assert.ok(summary.some((s) => / 5 0$/.test(s)), 'the refused self-set is in the trail');
  // The kernel stamped each decision with the setter's own pid.
  const setters = sets.map((r) => Number(r.fields.pid));
  assert.ok(setters.every((pid) => pid !== p && pid > 0));
});
