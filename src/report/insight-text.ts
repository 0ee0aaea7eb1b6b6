// Text of the io_uring, BPF and container reports, in aureport's manner: a
// titled block, numbered lines of space-separated columns, `?` for unknown.
// Untrusted text (exe, container ids) is escaped as --escape says.
import type { Presenter } from './presenter.js';
import type { BpfModel, BpfMoment } from './bpf-report.js';
import type { ContainerModel } from './container-report.js';
import { NO_CONTAINER } from './container-report.js';
import type { UringModel } from './uring-report.js';

const RULE = '='.repeat(70);
const heading = (name: string): string => `\n${name}\n${RULE}\n`;
const q = (v: number | string | undefined): string => (v === undefined ? '?' : String(v));

function user(uid: number | undefined, p: Presenter): string {
  if (uid === undefined) return '?';
  if (!p.interpret) return String(uid);
  if (uid >>> 0 === 0xffffffff) return 'unset';
  return p.safe(p.userName(uid) ?? `unknown(${uid})`);
}

function stamp(sec: number, milli: number, p: Presenter): string {
  return `${p.date(sec)}.${String(milli).padStart(3, '0')}`;
}

export function formatUringText(m: UringModel, p: Presenter): string {
  const t = m.totals;
  let out = heading('io_uring Report');
  out += `URINGOP records: ${t.ops} ops (${t.succeeded} succeeded, ${t.failed} failed); ${t.inline} inline, ${t.async} from io-wq/SQPOLL\n`;
  out += `Ops with credentials other than the ring owner's: ${t.credentialsDiffer}; io-wq/SQPOLL ops whose owner was not seen: ${t.ownerUnknown}\n`;
  out += heading('Ops by executable and user');
  out += '# ops ok failed inline io-wq/sqpoll creds-differ uid exe\n';
  m.byActor.forEach((a, i) => {
    out += `${i + 1}. ${a.ops} ${a.succeeded} ${a.failed} ${a.inline} ${a.async} ${a.credentialsDiffer} ${user(a.uid, p)} ${a.exe === undefined ? '?' : p.safe(a.exe)}\n`;
  });
  out += heading('Ops by operation');
  out += '# op name ops ok failed inline io-wq/sqpoll\n';
  m.byOp.forEach((o, i) => {
    out += `${i + 1}. ${o.op} ${q(o.name)} ${o.ops} ${o.succeeded} ${o.failed} ${o.inline} ${o.async}\n`;
  });
  out += heading("Ops with credentials other than the ring owner's");
  out += '# date time event op context pid op-uid op-gid owner-uid owner-gid exe\n';
  if (m.credentialChanges.length === 0) out += '<none>\n';
  m.credentialChanges.forEach((c, i) => {
    out += `${i + 1}. ${p.date(c.sec)} ${c.serial} ${q(c.name ?? c.op)} ${c.context === 'inline' ? 'inline' : 'io-wq/sqpoll'} ${q(c.pid)} ` +
      `${user(c.opUid, p)} ${q(c.opGid)} ${user(c.ownerUid, p)} ${q(c.ownerGid)} ${c.exe === undefined ? '?' : p.safe(c.exe)}\n`;
  });
  if (t.credentialsDiffer > m.credentialChanges.length) out += `(${t.credentialsDiffer - m.credentialChanges.length} more not listed)\n`;
  out += '\nNot counted: audit cannot see these io_uring ops (audit_skip in the kernel: they never\n' +
    'produce a URINGOP record; an SQPOLL thread logs one nop when it starts):\n';
  out += wrap(m.invisibleOps.map((o) => o.name), 78);
  out += 'Nor any op that no audit rule matched (io_uring filter list, or a syscall rule for inline ops).\n\n';
  return out;
}

function wrap(words: readonly string[], width: number): string {
  let out = '';
  let line = '';
  for (const w of words) {
    if (line.length > 0 && line.length + 1 + w.length > width) {
      out += `${line}\n`;
      line = '';
    }
    line += line.length === 0 ? w : ` ${w}`;
  }
  return line.length > 0 ? `${out}${line}\n` : out;
}

function moment(m: BpfMoment | undefined, p: Presenter): string {
  return m === undefined ? '? ?' : `${stamp(m.sec, m.milli, p)} ${m.serial}`;
}

export function formatBpfText(m: BpfModel, p: Presenter): string {
  let out = heading('BPF Program Report');
  out += `Programs: ${m.loads} loaded, ${m.unloads} unloaded, ${m.stillLoaded} still loaded at the end of the log\n`;
  out += '# prog-id load-date load-time load-event loader-uid loader-auid loader-pid loader-exe unload-date unload-time unload-event state\n';
  if (m.programs.length === 0) out += '<no events of interest were found>\n';
  m.programs.forEach((prog, i) => {
    const task = prog.load?.task;
    const state = prog.unload !== undefined ? 'unloaded' : prog.load !== undefined ? 'still-loaded' : '?';
    const unload = prog.unload === undefined ? '- - -' : moment(prog.unload, p);
    const load = prog.load === undefined ? '? ? ? (loaded before the log)' : moment(prog.load, p);
    out += `${i + 1}. ${prog.id} ${load}${prog.load === undefined ? '' : ` ${user(task?.uid, p)} ${user(task?.auid, p)} ${q(task?.pid)} ${task?.exe === undefined ? '?' : p.safe(task.exe)}`}` +
      ` ${unload} ${state}\n`;
  });
  return `${out}\n`;
}

export function formatContainerText(m: ContainerModel, p: Presenter): string {
  const named = m.containers.filter((c) => c.id !== NO_CONTAINER).length;
  let out = heading('Container Report');
  out += `Events: ${m.events}; container identities: ${named}\n`;
  if (named === 0) {
    out += 'No event in this log names a container: mainline Linux logs no container identity\n' +
      '(only kernels with the audit container-ID patches add contid= records).\n';
  }
  out += '# events first-date first-time last-date last-time container\n';
  m.containers.forEach((c, i) => {
    out += `${i + 1}. ${c.events} ${stamp(c.first.sec, c.first.milli, p)} ${stamp(c.last.sec, c.last.milli, p)} ${p.safe(c.id)}\n`;
  });
  out += heading('Container identity assignments (CONTAINER_OP)');
  out += '# date time event op pid old-contid contid result by-pid by-uid by-exe\n';
  if (m.assignments.length === 0) out += '<none>\n';
  m.assignments.forEach((a, i) => {
    out += `${i + 1}. ${p.date(a.sec)} ${a.serial} ${p.safe(q(a.op))} ${q(a.opid)} ${p.safe(q(a.oldContid))} ${p.safe(q(a.contid))} ` +
      `${p.safe(q(a.result))} ${q(a.by.pid)} ${user(a.by.uid, p)} ${a.by.exe === undefined ? '?' : p.safe(a.by.exe)}\n`;
  });
  if (m.assignmentsTotal > m.assignments.length) out += `(${m.assignmentsTotal - m.assignments.length} more not listed)\n`;
  return `${out}\n`;
}
