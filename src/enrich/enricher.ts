// Enrichment of collected events, each part switched on its own: the acting
// process with its ancestors' exes (process tree), user and group names as
// they are at collection time, container identity (cgroup) and audit
// container ID, BPF program details caught at LOAD, and io_uring context
// (inline or io-wq/SQPOLL, the op's credentials against the task's, and for
// ops run off the task the ring owner's identity). Records update state as
// they arrive; a complete event gets an `auspex` object (docs/collect.md).
import type { AuditEvent } from '../events/index.js';
import type { AuditRecord, Field } from '../format/index.js';
import { decodeStringValue, parseFields } from '../format/index.js';
import type { UserDb } from '../interpret/index.js';
import { fieldKind, uringOpName } from '../interpret/index.js';
import type { BpfLookup, BpfProbe, BpfProgram } from './bpf-info.js';
import type { ContainerIdentity } from './container-id.js';
import { containerFromCgroup } from './container-id.js';
import type { Registry } from './contid.js';
import { CONTID_UNSET, contidOf, parseContidMessage } from './contid.js';
import type { ProcSource } from './proc-source.js';
import { parseStat } from './proc-source.js';
import type { Creds, ProcessNode } from './process-tree.js';
import { ProcessTree } from './process-tree.js';

export interface EnrichOptions {
  readonly processTree: boolean;
  readonly names: boolean;
  readonly containers: boolean;
  readonly bpf: boolean;
  readonly uring: boolean;
}

export interface Enricher {
  record(record: AuditRecord): void;
  event(event: AuditEvent): object | undefined;
}

export interface EnrichHost {
  readonly names: UserDb;
  readonly proc: ProcSource;
  /** Syscall name for a number on an arch (SYSCALL arch= value, hex). */
  readonly syscallName: (arch: string, number: string) => string | undefined;
  readonly bpf?: BpfProbe | undefined;
  /** The container-ID registry as it is now (re-read when an assignment is logged). */
  readonly registry: () => Registry;
}

const SYSCALL = 1300;
const BPF = 1334;
const URINGOP = 1336;
const USER = 1005;
const FORKS = new Set(['clone', 'fork', 'vfork', 'clone3']);
const EXECS = new Set(['execve', 'execveat']);
const EXITS = new Set(['exit', 'exit_group']);
const CRED_FIELDS = ['uid', 'euid', 'suid', 'fsuid', 'gid', 'egid', 'sgid', 'fsgid'] as const;
const MAX_BPF_CACHE = 4096;

type FieldMap = Map<string, string>;

function fieldMap(r: AuditRecord): FieldMap {
  const m = new Map<string, string>();
  for (const f of parseFields(r.body, r.type)) if (!m.has(f.name)) m.set(f.name, f.value);
  return m;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** A decoded string field as UTF-8 text (the record holds bytes; quoted, hex or bare). */
function text(v: string | undefined): string | undefined {
  if (v === undefined || v === '(null)' || v === '?') return undefined;
  const latin1 = decodeStringValue(v);
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

function credsOf(f: FieldMap): Creds | undefined {
  const vals = CRED_FIELDS.map((k) => num(f.get(k)));
  if (vals.some((v) => v === undefined)) return undefined;
  const [uid, euid, suid, fsuid, gid, egid, sgid, fsgid] = vals as number[];
  return { uid, euid, suid, fsuid, gid, egid, sgid, fsgid } as Creds;
}

function sameCreds(a: Creds, b: Creds): boolean {
  return CRED_FIELDS.every((k) => a[k] === b[k]);
}

export function createEnricher(options: EnrichOptions, host: EnrichHost): Enricher | undefined {
  if (!options.processTree && !options.names && !options.containers && !options.bpf && !options.uring) return undefined;
  const tree = new ProcessTree(host.proc, { maxProcesses: 65536, containers: options.containers });
  if (options.processTree || options.containers || options.uring) tree.seed();
  const bpfCache = new Map<number, BpfLookup>();
  /** Thread kinds of a URINGOP's process, seen when its record arrived (threads come and go). */
  const uringThreads = new Map<string, 'sqpoll' | 'io-wq' | 'io-wq/sqpoll'>();
  let registry: Registry = host.registry();

  /** Settles a process's container ID: the registry's answer while it lives, else its parent's. */
  const contidFor = (node: ProcessNode, depth = 0): string | undefined => {
    if (!node.contidKnown) {
      let c: string | undefined;
      if (registry.assignments.length === 0) c = undefined;
      else if (host.proc.stat(node.pid) !== undefined) {
        const v = contidOf(registry, host.proc, node.pid);
        c = v === CONTID_UNSET ? undefined : v;
      } else {
        const parent = node.ppid > 0 && depth < 32 ? tree.get(node.ppid) : undefined;
        c = parent === undefined ? undefined : contidFor(parent, depth + 1);
      }
      node.contid = c;
      node.contidKnown = true;
    }
    return node.contid;
  };

  const assign = (pid: number, start: number, contid: string): void => {
    const st = host.proc.stat(pid);
    const s = st === undefined ? undefined : parseStat(st);
    if (s === undefined || s.start !== start) return;
    const n = tree.observe(pid, { contid });
    n.contidKnown = true;
  };
  // Assignments made before we started, for processes alive now.
  for (const a of registry.assignments) assign(a.pid, a.start, a.contid);

  /**
   * Reads a process's cgroup now (one file). Only a cgroup that names a
   * container is taken: an exited process reads as the root cgroup, and then
   * what it inherited at fork stands.
   */
  const readContainer = (n: ProcessNode, maxAgeMs = 0): boolean => {
    const now = Date.now();
    if (maxAgeMs > 0 && n.containerChecked && now - n.containerReadMs < maxAgeMs) return true;
    const cg = host.proc.cgroup(n.pid);
    if (cg === undefined) return false;
    const c = containerFromCgroup(cg);
    if (c !== undefined) n.container = c;
    n.containerChecked = true;
    // Only a read made for a fork (maxAgeMs > 0) stands for the next ones: a
    // process read at its exec may move itself right after (a shell writing
    // its own pid to cgroup.procs) and then fork.
    if (maxAgeMs > 0) n.containerReadMs = now;
    return true;
  };

  const onSyscall = (f: FieldMap): void => {
    const pid = num(f.get('pid'));
    if (pid === undefined) return;
    const creds = credsOf(f);
    const node = tree.observe(pid, {
      ppid: num(f.get('ppid')),
      exe: text(f.get('exe')),
      comm: text(f.get('comm')),
      auid: num(f.get('auid')),
      ses: num(f.get('ses')),
      ...(creds === undefined ? {} : { creds }),
    });
    const arch = f.get('arch');
    const nr = f.get('syscall');
    const name = arch === undefined || nr === undefined ? undefined : host.syscallName(arch, nr);
    if (name === undefined || f.get('success') !== 'yes') return;
    if (FORKS.has(name)) {
      const child = num(f.get('exit'));
      if (child === undefined || child <= 0) return;
      // The parent may have moved to another cgroup since we last looked (a
      // second ago at most); the child starts in its.
      if (options.containers) readContainer(node, 1000);
      tree.fork(pid, child);
    } else if (EXECS.has(name) && options.containers) {
      // A runtime forks, moves the child into the container's cgroup, then
      // execs: read it now, before a short-lived program is gone. If it is
      // gone already, it was where its parent is (whose fork record may
      // still be on its way).
      if (!readContainer(node) && node.ppid > 0) {
        const parent = tree.get(node.ppid);
        if (parent !== undefined && readContainer(parent, 1000) && node.container === undefined) node.container = parent.container;
      }
    } else if (EXITS.has(name)) {
      tree.exit(pid);
    }
  };

  const onUser = (r: AuditRecord): void => {
    const m = parseContidMessage(r.body);
    if (m === undefined) return;
    // The registry (a root-only file) is the authority; the message orders the
    // assignment in the stream: events before it do not carry it.
    registry = host.registry();
    const a = registry.assignments.findLast((x) => x.pid === m.opid);
    if (a !== undefined && a.contid === m.contid) assign(a.pid, a.start, a.contid);
  };

  const threadKind = (pid: number): 'sqpoll' | 'io-wq' | 'io-wq/sqpoll' => {
    const names = host.proc.threadNames(pid);
    const sq = names.some((n) => n.startsWith('iou-sqp-'));
    const wq = names.some((n) => n.startsWith('iou-wrk-'));
    return sq && !wq ? 'sqpoll' : wq && !sq ? 'io-wq' : 'io-wq/sqpoll';
  };

  const processView = (n: ProcessNode): object => ({
    pid: n.pid,
    ppid: n.ppid,
    ...(n.exe === undefined ? {} : { exe: n.exe }),
    ...(n.comm === undefined ? {} : { comm: n.comm }),
    ...(n.auid === undefined ? {} : { auid: n.auid }),
    ...(n.ses === undefined ? {} : { ses: n.ses }),
  });

  const namesOf = (r: AuditRecord): Record<string, string> | undefined => {
    const out: Record<string, string> = {};
    let any = false;
    for (const f of parseFields(r.body, r.type) as Field[]) {
      const kind = fieldKind(r.type, f.name, f.value);
      if (kind !== 'uid' && kind !== 'gid') continue;
      const id = num(f.value);
      if (id === undefined) continue;
      const name = id === 4294967295 ? 'unset' : kind === 'uid' ? host.names.userName(id) : host.names.groupName(id);
      if (name !== undefined && !(f.name in out)) {
        out[f.name] = name;
        any = true;
      }
    }
    return any ? out : undefined;
  };

  const bpfView = (id: number, op: string): object => {
    const l = bpfCache.get(id);
    const p: BpfProgram | undefined = l?.kind === 'found' ? l.program : undefined;
    return p === undefined ? { id, op, ...(l?.kind === 'gone' ? { gone: true } : {}) } : { op, ...p };
  };

  return {
    record(r) {
      switch (r.type) {
        case SYSCALL:
          if (options.processTree || options.containers || options.uring) onSyscall(fieldMap(r));
          break;
        case BPF: {
          if (!options.bpf || host.bpf === undefined) break;
          const m = /prog-id=(\d+) op=LOAD/.exec(r.body);
          if (m === null) break;
          const id = Number(m[1]);
          bpfCache.set(id, host.bpf.lookup(id));
          if (bpfCache.size > MAX_BPF_CACHE) bpfCache.delete(bpfCache.keys().next().value as number);
          break;
        }
        case URINGOP: {
          if (!options.uring) break;
          const pid = num(/ pid=(\d+)/.exec(r.body)?.[1]);
          if (pid !== undefined) {
            uringThreads.set(`${r.serial}`, threadKind(pid));
            if (uringThreads.size > 4096) uringThreads.delete(uringThreads.keys().next().value as string);
          }
          break;
        }
        case USER:
          onUser(r);
          break;
        default:
          break;
      }
    },

    event(e) {
      const syscall = e.records.find((r) => r.type === SYSCALL);
      const uring = e.records.filter((r) => r.type === URINGOP);
      const main = syscall ?? uring[0] ?? e.records.find((r) => / pid=\d+/.test(` ${r.body}`));
      const out: Record<string, unknown> = {};
      const mainFields = main === undefined ? undefined : fieldMap(main);
      const pid = num(mainFields?.get('pid'));
      const node = pid === undefined ? undefined : tree.get(pid);
      if (node !== undefined) {
        const ancestors = tree.ancestors(node.pid);
        if (options.processTree) {
          out.process = processView(node);
          out.ancestors = ancestors.map((a) => ({ pid: a.pid, ...(a.exe === undefined ? {} : { exe: a.exe }) }));
        }
        // A process we could not look at in time (it ran and exited before its
        // record arrived) is in its parent's container: cgroups are inherited at fork.
        if (options.containers && !node.containerChecked) readContainer(node);
        const lineage = [node, ...ancestors];
        const container: ContainerIdentity | undefined = lineage.find((n) => n.container !== undefined)?.container;
        if (options.containers && container !== undefined) out.container = container;
        const contid = contidFor(node);
        if (contid !== undefined) out.contid = contid;
      }
      if (options.names && main !== undefined) {
        const names = namesOf(main);
        if (names !== undefined) out.names = names;
      }
      if (options.bpf) {
        const progs = e.records.filter((r) => r.type === BPF).map((r) => /prog-id=(\d+) op=(\w+)/.exec(r.body)).filter((m) => m !== null);
        if (progs.length > 0) out.bpf = progs.map((m) => bpfView(Number(m[1]), m[2] as string));
      }
      if (options.uring && uring.length > 0) {
        const taskCreds = syscall === undefined ? node?.creds : credsOf(fieldMap(syscall));
        out.io_uring = uring.map((r) => {
          const f = fieldMap(r);
          const op = num(f.get('uring_op'));
          const opCreds = credsOf(f);
          const context = syscall !== undefined ? 'inline' : uringThreads.get(`${r.serial}`) ?? 'io-wq/sqpoll';
          return {
            op: op === undefined ? f.get('uring_op') : (uringOpName(op) ?? String(op)),
            context,
            credentials: opCreds === undefined || taskCreds === undefined ? 'unknown' : sameCreds(opCreds, taskCreds) ? 'task' : 'other',
            ...(opCreds !== undefined && taskCreds !== undefined && !sameCreds(opCreds, taskCreds) ? { op_uid: opCreds.uid, task_uid: taskCreds.uid } : {}),
            // Off the task, the record has no auid, ses, comm or exe: the ring owner's, from the process tree.
            ...(syscall === undefined && node !== undefined ? { owner: processView(node) } : {}),
          };
        });
      }
      return Object.keys(out).length === 0 ? undefined : out;
    },
  };
}
