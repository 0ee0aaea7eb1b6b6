// JSON of the io_uring, BPF and container reports: one object per run,
// documented in docs/report.md. Text from the log (exe, comm, container ids)
// is decoded as UTF-8 (bytes that are not become U+FFFD) and written as ASCII
// JSON, so the output is valid whatever the log holds.
import { asciiJson, utf8Text } from '../output/index.js';
import type { BpfModel, BpfMoment } from './bpf-report.js';
import type { ContainerModel } from './container-report.js';
import type { Task } from './record-fields.js';
import type { UringModel } from './uring-report.js';

const text = (v: string | undefined): string | null => (v === undefined ? null : utf8Text(v));
const n = (v: number | undefined): number | null => v ?? null;

function iso(sec: number, milli: number): string {
  return new Date(sec * 1000 + milli).toISOString();
}

function task(t: Task | undefined): Record<string, unknown> | null {
  if (t === undefined) return null;
  return { pid: n(t.pid), uid: n(t.uid), gid: n(t.gid), euid: n(t.euid), auid: n(t.auid), exe: text(t.exe), comm: text(t.comm) };
}

export function uringJson(m: UringModel): string {
  return `${asciiJson({
    report: 'uring',
    totals: {
      ops: m.totals.ops, succeeded: m.totals.succeeded, failed: m.totals.failed, inline: m.totals.inline, async: m.totals.async,
      credentials_differ: m.totals.credentialsDiffer, owner_unknown: m.totals.ownerUnknown,
    },
    by_exe_user: m.byActor.map((a) => ({
      exe: text(a.exe), uid: n(a.uid), ops: a.ops, succeeded: a.succeeded, failed: a.failed,
      inline: a.inline, async: a.async, credentials_differ: a.credentialsDiffer,
    })),
    by_op: m.byOp.map((o) => ({ op: o.op, name: o.name ?? null, ops: o.ops, succeeded: o.succeeded, failed: o.failed, inline: o.inline, async: o.async })),
    credential_changes: m.credentialChanges.map((c) => ({
      time: iso(c.sec, c.milli), serial: c.serial, op: c.op, name: c.name ?? null, context: c.context, pid: n(c.pid),
      op_uid: n(c.opUid), op_gid: n(c.opGid), owner_uid: n(c.ownerUid), owner_gid: n(c.ownerGid), exe: text(c.exe),
    })),
    invisible_ops: m.invisibleOps,
    note: 'Counts cover URINGOP records only: ops marked audit_skip in the kernel (invisible_ops) and ops no audit rule matched are never logged.',
  })}\n`;
}

function moment(m: BpfMoment | undefined): Record<string, unknown> | null {
  if (m === undefined) return null;
  return { time: iso(m.sec, m.milli), serial: m.serial, task: task(m.task) };
}

export function bpfJson(m: BpfModel): string {
  return `${asciiJson({
    report: 'bpf',
    loads: m.loads,
    unloads: m.unloads,
    still_loaded: m.stillLoaded,
    programs: m.programs.map((p) => ({
      id: p.id,
      load: moment(p.load),
      unload: moment(p.unload),
      state: p.unload !== undefined ? 'unloaded' : p.load !== undefined ? 'still-loaded' : 'unknown',
      loaded_before_log: p.load === undefined,
    })),
  })}\n`;
}

export function containerJson(m: ContainerModel): string {
  return `${asciiJson({
    report: 'container',
    events: m.events,
    containers: m.containers.map((c) => ({ id: utf8Text(c.id), events: c.events, first: iso(c.first.sec, c.first.milli), last: iso(c.last.sec, c.last.milli) })),
    assignments: m.assignments.map((a) => ({
      time: iso(a.sec, a.milli), serial: a.serial, op: text(a.op), opid: n(a.opid), old_contid: text(a.oldContid),
      contid: text(a.contid), result: text(a.result), by: task(a.by),
    })),
    assignments_total: m.assignmentsTotal,
    note: 'Container identities come only from contid= fields the log holds; mainline kernels log none, so their events count as "none".',
  })}\n`;
}
