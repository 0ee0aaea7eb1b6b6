// The process tree as the collector knows it: seeded from /proc at start,
// updated from the records themselves (a SYSCALL record tells a process's
// exe, comm, ids and parent; a successful clone/fork/vfork/clone3 adds the
// child with its parent's exe, ids, container and container ID; execve
// changes exe and comm; exit and exit_group remove it), and a process first
// seen in a record is looked up in /proc then. Bounded: past maxProcesses the
// longest-unseen entries go.
import type { ContainerIdentity } from './container-id.js';
import { containerFromCgroup } from './container-id.js';
import type { ProcSource } from './proc-source.js';
import { parseIds, parseStat } from './proc-source.js';

export interface Creds {
  readonly uid: number;
  readonly euid: number;
  readonly suid: number;
  readonly fsuid: number;
  readonly gid: number;
  readonly egid: number;
  readonly sgid: number;
  readonly fsgid: number;
}

export interface ProcessNode {
  readonly pid: number;
  ppid: number;
  /** Start time in clock ticks after boot, when read from /proc (tells pid reuse apart). */
  start: number | undefined;
  exe: string | undefined;
  comm: string | undefined;
  auid: number | undefined;
  ses: number | undefined;
  creds: Creds | undefined;
  container: ContainerIdentity | undefined;
  /** Whether the process's cgroup was read (or inherited at a fork we saw). */
  containerChecked: boolean;
  /** When the cgroup was last read for a fork (ms): a busy parent is not read again for each fork. */
  containerReadMs: number;
  /** Audit container ID given by `auspex container set` (or inherited at fork). */
  contid: string | undefined;
  /** Whether `contid` is settled (seen forked or assigned); else it is worked out on first use. */
  contidKnown: boolean;
  /** Tick of the last time a record or lookup touched it (for eviction). */
  touched: number;
}

export interface ProcessTreeOptions {
  readonly maxProcesses: number;
  readonly containers: boolean;
}

export class ProcessTree {
  readonly #proc: ProcSource;
  readonly #options: ProcessTreeOptions;
  readonly #nodes = new Map<number, ProcessNode>();
  #clock = 0;

  constructor(proc: ProcSource, options: ProcessTreeOptions) {
    this.#proc = proc;
    this.#options = options;
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** Every process now running. */
  seed(): void {
    for (const pid of this.#proc.pids()) this.#load(pid);
  }

  /** The process, from what records said or else from /proc; undefined when it is gone and unknown. */
  get(pid: number): ProcessNode | undefined {
    const n = this.#nodes.get(pid) ?? this.#load(pid);
    if (n !== undefined) n.touched = ++this.#clock;
    return n;
  }

  /**
   * What a record says of a process (its own fields win over older
   * knowledge). A process not known yet is taken from the record alone: a
   * record names exe, comm, ids and parent, so /proc is not read for it.
   */
  observe(pid: number, facts: { readonly [K in Exclude<keyof ProcessNode, 'pid' | 'touched' | 'contidKnown' | 'containerChecked' | 'containerReadMs'>]?: ProcessNode[K] | undefined }): ProcessNode {
    let n = this.#nodes.get(pid);
    if (n === undefined) n = this.#add(this.#blank(pid));
    for (const [k, v] of Object.entries(facts)) if (v !== undefined) (n as unknown as Record<string, unknown>)[k] = v;
    n.touched = ++this.#clock;
    return n;
  }

  /** A successful fork: the child starts as a copy of its parent (a pid seen before is a new process now). */
  fork(parentPid: number, childPid: number): void {
    const parent = this.get(parentPid);
    const child = this.#blank(childPid);
    child.ppid = parentPid;
    if (parent !== undefined) {
      child.exe = parent.exe;
      child.comm = parent.comm;
      child.auid = parent.auid;
      child.ses = parent.ses;
      child.creds = parent.creds;
      child.container = parent.container;
      child.containerChecked = parent.containerChecked;
      child.contid = parent.contid;
      child.contidKnown = parent.contidKnown;
    }
    this.#nodes.delete(childPid);
    this.#add(child);
  }

  exit(pid: number): void {
    this.#nodes.delete(pid);
  }

  /** Parent, grandparent ... up to the first process (at most `max`). */
  ancestors(pid: number, max = 32): ProcessNode[] {
    const out: ProcessNode[] = [];
    const seen = new Set<number>([pid]);
    let ppid = this.get(pid)?.ppid ?? 0;
    while (ppid > 0 && out.length < max && !seen.has(ppid)) {
      seen.add(ppid);
      const p = this.get(ppid);
      if (p === undefined) break;
      out.push(p);
      ppid = p.ppid;
    }
    return out;
  }

  #blank(pid: number): ProcessNode {
    return { pid, ppid: 0, start: undefined, exe: undefined, comm: undefined, auid: undefined, ses: undefined, creds: undefined, container: undefined, containerChecked: false, containerReadMs: 0, contid: undefined, contidKnown: false, touched: ++this.#clock };
  }

  #add(n: ProcessNode): ProcessNode {
    this.#nodes.set(n.pid, n);
    if (this.#nodes.size > this.#options.maxProcesses) this.#evict();
    return n;
  }

  /** Drops the least recently touched quarter. */
  #evict(): void {
    const byAge = [...this.#nodes.values()].sort((a, b) => a.touched - b.touched);
    for (const n of byAge.slice(0, Math.ceil(byAge.length / 4))) this.#nodes.delete(n.pid);
  }

  #load(pid: number): ProcessNode | undefined {
    const statText = this.#proc.stat(pid);
    const stat = statText === undefined ? undefined : parseStat(statText);
    if (stat === undefined) return undefined;
    const status = this.#proc.status(pid);
    const uids = status === undefined ? undefined : parseIds(status, 'Uid');
    const gids = status === undefined ? undefined : parseIds(status, 'Gid');
    const num = (t: string | undefined): number | undefined => (t === undefined || t.trim() === '' ? undefined : Number(t.trim()));
    const cgroup = this.#options.containers ? this.#proc.cgroup(pid) : undefined;
    const n: ProcessNode = {
      pid,
      ppid: stat.ppid,
      start: stat.start,
      exe: this.#proc.exe(pid),
      comm: stat.comm,
      auid: num(this.#proc.loginuid(pid)),
      ses: num(this.#proc.sessionid(pid)),
      creds: uids === undefined || gids === undefined ? undefined : {
        uid: uids[0], euid: uids[1], suid: uids[2], fsuid: uids[3], gid: gids[0], egid: gids[1], sgid: gids[2], fsgid: gids[3],
      },
      container: cgroup === undefined ? undefined : containerFromCgroup(cgroup),
      containerChecked: cgroup !== undefined,
      containerReadMs: 0,
      contid: undefined,
      contidKnown: false,
      touched: ++this.#clock,
    };
    return this.#add(n);
  }
}
