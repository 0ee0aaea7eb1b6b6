// Audit container IDs with the rules of the kernel proposal (seed 004,
// audit_set_containerid_perm), for kernels that lack /proc/PID/audit_containerid
// (mainline today): no one sets their own ID, the unset value (2^64-1) cannot
// be set, setting needs CAP_AUDIT_CONTROL, and an ID can be set once, unless
// the one a process has was inherited from its parent (then once more).
// Assignments live in a registry file (root only) keyed by pid and start
// time, so a reused pid never inherits. Inheritance happens at fork, as in
// the kernel: a process has its own ID if one was set, else the ID its
// parent had when it was forked (children forked before their parent got an
// ID keep what they had). Times are clock ticks after boot (/proc/PID/stat's
// unit). The decision is pure; files are read by callers.
import type { ProcSource } from './proc-source.js';
import { parseStat } from './proc-source.js';

/** (u64)-1: "unset", which also means "the host" (proposal's AUDIT_CID_UNSET). */
export const CONTID_UNSET = '18446744073709551615';

export interface Assignment {
  readonly pid: number;
  /** /proc/PID/stat start time when it was set: the assignment names that process, not a later one with its pid. */
  readonly start: number;
  readonly contid: string;
  /** When it was set, in clock ticks after boot: children forked later inherit it. */
  readonly at: number;
}

export interface Registry {
  readonly version: 1;
  readonly assignments: readonly Assignment[];
}

export const EMPTY_REGISTRY: Registry = { version: 1, assignments: [] };

export function parseRegistry(text: string | undefined): Registry {
  if (text === undefined) return EMPTY_REGISTRY;
  try {
    const v = JSON.parse(text) as Partial<Registry>;
    if (v.version !== 1 || !Array.isArray(v.assignments)) return EMPTY_REGISTRY;
    return { version: 1, assignments: v.assignments.filter((a) => typeof a.pid === 'number' && typeof a.start === 'number' && typeof a.contid === 'string' && typeof a.at === 'number') };
  } catch {
    return EMPTY_REGISTRY;
  }
}

/** A u64 in decimal, as the kernel's kstrtou64 takes it; undefined when not one. */
export function parseContid(text: string): string | undefined {
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n > 0xffffffffffffffffn ? undefined : n.toString();
}

interface Proc {
  readonly ppid: number;
  readonly start: number;
}

function procOf(proc: ProcSource, pid: number): Proc | undefined {
  const t = proc.stat(pid);
  return t === undefined ? undefined : parseStat(t);
}

/** The process's own assignment (pid and start time both match), if any. */
export function ownAssignment(reg: Registry, pid: number, start: number): Assignment | undefined {
  for (let i = reg.assignments.length - 1; i >= 0; i--) {
    const a = reg.assignments[i] as Assignment;
    if (a.pid === pid && a.start === start) return a;
  }
  return undefined;
}

/** The ID process `pid` had at time `t`: its own if set by then, else its parent's when it was forked. */
export function contidAt(reg: Registry, proc: ProcSource, pid: number, t: number): string {
  const seen = new Set<number>();
  for (let p = pid, at = t; p > 0 && !seen.has(p); ) {
    seen.add(p);
    const info = procOf(proc, p);
    if (info === undefined) break;
    const own = ownAssignment(reg, p, info.start);
    if (own !== undefined && own.at <= at) return own.contid;
    p = info.ppid;
    at = info.start;
  }
  return CONTID_UNSET;
}

/** The ID a process has now. */
export function contidOf(reg: Registry, proc: ProcSource, pid: number): string {
  return contidAt(reg, proc, pid, Number.POSITIVE_INFINITY);
}

export type SetDecision =
  | { readonly ok: true; readonly old: string; readonly assignment: Assignment }
  | { readonly ok: false; readonly old: string; readonly errno: 'EPERM' | 'EINVAL' | 'ESRCH'; readonly reason: string };

/** audit_set_containerid_perm, over the registry. */
export function decideSet(reg: Registry, proc: ProcSource, callerPid: number, capAuditControl: boolean, targetPid: number, contidText: string, nowTicks: number): SetDecision {
  const target = procOf(proc, targetPid);
  if (target === undefined) return { ok: false, old: CONTID_UNSET, errno: 'ESRCH', reason: `no process ${targetPid}` };
  const old = contidOf(reg, proc, targetPid);
  if (callerPid === targetPid) return { ok: false, old, errno: 'EPERM', reason: 'a process may not set its own container ID' };
  const contid = parseContid(contidText);
  if (contid === undefined || contid === CONTID_UNSET) return { ok: false, old, errno: 'EINVAL', reason: `'${contidText}' is not a container ID (a number below 2^64-1; it cannot be unset)` };
  if (!capAuditControl) return { ok: false, old, errno: 'EPERM', reason: 'setting a container ID needs CAP_AUDIT_CONTROL' };
  if (old !== CONTID_UNSET) {
    const parentId = target.ppid > 0 ? contidOf(reg, proc, target.ppid) : CONTID_UNSET;
    if (old !== parentId) return { ok: false, old, errno: 'EPERM', reason: `process ${targetPid} already has container ID ${old} of its own` };
  }
  return { ok: true, old, assignment: { pid: targetPid, start: target.start, contid, at: nowTicks } };
}

/** Now in /proc/PID/stat's unit (USER_HZ ticks after boot), from /proc/uptime. */
export function bootTicks(uptime: string | undefined): number {
  const seconds = Number((uptime ?? '').split(' ')[0]);
  return Number.isFinite(seconds) ? Math.floor(seconds * 100) : 0;
}

/** The user message that records a decision in the kernel's trail (the proposal's CONTAINER_OP fields). */
export function contidMessage(targetPid: number, d: SetDecision, contid: string): string {
  return `op=set opid=${targetPid} old-contid=${d.old} contid=${d.ok ? d.assignment.contid : (parseContid(contid) ?? CONTID_UNSET)} res=${d.ok ? 1 : 0}`;
}

/** Reads `op=set opid= ... contid= res=1` out of a USER record's body; undefined for anything else. */
export function parseContidMessage(body: string): { readonly opid: number; readonly contid: string } | undefined {
  const m = /msg='op=set opid=(\d+) old-contid=(\d+) contid=(\d+) res=1'/.exec(body);
  return m === null ? undefined : { opid: Number(m[1]), contid: m[3] as string };
}

/** CAP_AUDIT_CONTROL (30) in a /proc/PID/status CapEff line. */
export function hasAuditControl(status: string | undefined): boolean {
  const m = /^CapEff:\s+([0-9a-f]+)/m.exec(status ?? '');
  return m !== null && (BigInt(`0x${m[1]}`) & (1n << 30n)) !== 0n;
}
