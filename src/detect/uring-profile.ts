// io_uring profiles: per program (executable, owner uid, container) the ops it
// ran, how often, in which context (inline in io_uring_enter, or async from an
// io-wq worker or the SQPOLL thread), under which credentials when they were
// not the ring owner's (a registered personality), with how many failures;
// plus the io_uring_register opcodes and io_uring_setup calls its SYSCALL
// records show. Op attribution is report/'s UringAggregator (owner from the
// event's SYSCALL, or the pid's last one for async ops). A profile inferred
// from URINGOP records never holds the ops the kernel marks audit_skip: the
// profile lists them so that nobody reads it as complete.
import type { AuditEvent } from '../events/index.js';
import { parseFields } from '../format/index.js';
import { machineOfArch, syscallName } from '../query/index.js';
import { UringAggregator } from '../report/index.js';
import type { Task, UringOpSeen } from '../report/index.js';
import { IO_URING_OPS } from '../rules/index.js';
import { IO_URING_REGISTER_OPS } from './io-uring-register.gen.js';

export const NO_CONTAINER = 'none';
export const PROFILE_VERSION = 1;

export interface ProfileCredentials {
  readonly uid: number | null;
  readonly gid: number | null;
  readonly ops: number;
}

export interface ProfileOp {
  readonly op: number;
  readonly name: string;
  readonly count: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly inline: number;
  /** From an io-wq worker or the SQPOLL thread (an event of its own). */
  readonly async: number;
  /** Ran with credentials other than the ring owner's: (uid, gid) pairs seen. */
  readonly credentials: readonly ProfileCredentials[];
}

export interface ProfileProgram {
  /** null: ops of a process no SYSCALL record was seen from (owner unknown). */
  readonly exe: string | null;
  readonly uid: number | null;
  readonly container: string;
  readonly ops: readonly ProfileOp[];
  readonly registerOps: ReadonlyArray<{ readonly op: number; readonly name: string; readonly count: number }>;
  /** io_uring_setup calls seen. */
  readonly ringsSetUp: number;
  /** An SQPOLL thread was seen starting (it logs uring_op=0 once). */
  readonly sqpoll: boolean;
  readonly failed: number;
}

export interface UringProfile {
  readonly version: number;
  readonly events: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly programs: readonly ProfileProgram[];
  /** audit_skip ops: never in a profile made from audit records. */
  readonly invisibleOps: ReadonlyArray<{ readonly op: number; readonly name: string }>;
}

const OP_NAME = new Map(IO_URING_OPS.map((o) => [o.op, o.name]));
const REGISTER_NAME = new Map(IO_URING_REGISTER_OPS);
const SQPOLL_START_OP = 0;
const MAX_CONTAINERS_KEPT = 65536;

export function uringOpLabel(op: number): string {
  return OP_NAME.get(op) ?? `op${op}`;
}

export function registerOpLabel(op: number): string {
  return REGISTER_NAME.get(op) ?? `IORING_REGISTER_${op}`;
}

interface OpAcc {
  count: number;
  succeeded: number;
  failed: number;
  inline: number;
  async: number;
  creds: Map<string, ProfileCredentials & { ops: number }>;
}

interface ProgramAcc {
  exe: string | null;
  uid: number | null;
  container: string;
  ops: Map<number, OpAcc>;
  register: Map<number, number>;
  rings: number;
  sqpoll: boolean;
  failed: number;
}

/** The key a program is known by in a profile and in violation checks. */
export function programKey(exe: string | null, uid: number | null, container: string): string {
  return `${exe ?? ''}\u0000${uid ?? ''}\u0000${container}\u0000${exe === null ? 0 : 1}`;
}

export class UringProfileBuilder {
  readonly #aggregator: UringAggregator;
  readonly #programs = new Map<string, ProgramAcc>();
  readonly #containers = new Map<number, string>();
  #events = 0;
  #first: AuditEvent | undefined;
  #last: AuditEvent | undefined;

  constructor() {
    this.#aggregator = new UringAggregator({ outcome: 'both', onOp: (o) => this.#op(o) });
  }

  add(event: AuditEvent): void {
    this.#events++;
    this.#first ??= event;
    this.#last = event;
    this.#syscalls(event);
    this.#aggregator.add(event);
  }

  /** The container an event's process runs in, as far as the log says (contid= fields). */
  containerOf(pid: number | undefined): string {
    return pid === undefined ? NO_CONTAINER : (this.#containers.get(pid) ?? NO_CONTAINER);
  }

  #program(owner: Task | undefined, container: string): ProgramAcc {
    const exe = owner?.exe ?? null;
    const uid = owner?.uid ?? null;
    const key = programKey(exe, uid, container);
    let p = this.#programs.get(key);
    if (p === undefined) {
      p = { exe, uid, container, ops: new Map(), register: new Map(), rings: 0, sqpoll: false, failed: 0 };
      this.#programs.set(key, p);
    }
    return p;
  }

  #op(o: UringOpSeen): void {
    const p = this.#program(o.owner, this.containerOf(o.owner?.pid ?? o.pid));
    if (o.op === SQPOLL_START_OP && o.context === 'async') {
      // NOP is audit_skip: a URINGOP for it is the SQPOLL thread announcing itself, not an SQE.
      p.sqpoll = true;
      return;
    }
    let acc = p.ops.get(o.op);
    if (acc === undefined) {
      acc = { count: 0, succeeded: 0, failed: 0, inline: 0, async: 0, creds: new Map() };
      p.ops.set(o.op, acc);
    }
    acc.count++;
    if (o.success === 'yes') acc.succeeded++;
    else if (o.success === 'no') {
      acc.failed++;
      p.failed++;
    }
    if (o.context === 'inline') acc.inline++;
    else acc.async++;
    if (o.credentialsDiffer) {
      const k = `${o.uid ?? ''}:${o.gid ?? ''}`;
      const c = acc.creds.get(k);
      acc.creds.set(k, { uid: o.uid ?? null, gid: o.gid ?? null, ops: (c?.ops ?? 0) + 1 });
    }
  }

  /** io_uring_setup / io_uring_register SYSCALL records, and container ids. */
  #syscalls(event: AuditEvent): void {
    let contid: string | undefined;
    for (const r of event.records) {
      if (r.type !== 1336 && r.body.includes('contid=')) contid = /\bcontid=(\S+)/.exec(r.body)?.[1] ?? contid;
    }
    for (const r of event.records) {
      if (r.type !== 1300) continue;
      const f = new Map(parseFields(r.body, r.type).map((x) => [x.name, x.value]));
      const pid = Number(f.get('pid'));
      if (contid !== undefined && Number.isSafeInteger(pid)) {
        this.#containers.delete(pid);
        this.#containers.set(pid, contid);
        if (this.#containers.size > MAX_CONTAINERS_KEPT) {
          const oldest = this.#containers.keys().next();
          if (oldest.done !== true) this.#containers.delete(oldest.value);
        }
      }
      const machine = machineOfArch(parseInt(f.get('arch') ?? '', 16));
      const nr = Number(f.get('syscall'));
      const name = machine === undefined || !Number.isInteger(nr) ? undefined : syscallName(nr, machine);
      if (name !== 'io_uring_setup' && name !== 'io_uring_register') continue;
      const unquote = (v: string | undefined): string | undefined => (v === undefined || v === '(null)' ? undefined : v.startsWith('"') ? v.slice(1, -1) : Buffer.from(v, 'hex').toString('latin1'));
      const uid = Number(f.get('uid'));
      const owner: Task = {
        pid: Number.isSafeInteger(pid) ? pid : undefined,
        uid: Number.isSafeInteger(uid) ? uid : undefined,
        gid: undefined, euid: undefined, auid: undefined, comm: undefined,
        exe: unquote(f.get('exe')),
      };
      const p = this.#program(owner, this.containerOf(owner.pid));
      if (name === 'io_uring_setup') {
        if (f.get('success') === 'yes') p.rings++;
        continue;
      }
      const op = parseInt(f.get('a1') ?? '', 16);
      if (Number.isInteger(op)) p.register.set(op, (p.register.get(op) ?? 0) + 1);
    }
  }

  profile(): UringProfile {
    const stamp = (e: AuditEvent | undefined): string | null => (e === undefined ? null : new Date(e.sec * 1000 + e.milli).toISOString());
    const programs = [...this.#programs.values()]
      .map((p): ProfileProgram => ({
        exe: p.exe,
        uid: p.uid,
        container: p.container,
        ops: [...p.ops].sort((a, b) => a[0] - b[0]).map(([op, a]) => ({
          op, name: uringOpLabel(op), count: a.count, succeeded: a.succeeded, failed: a.failed, inline: a.inline, async: a.async,
          credentials: [...a.creds.values()].sort((x, y) => (x.uid ?? -1) - (y.uid ?? -1) || (x.gid ?? -1) - (y.gid ?? -1)),
        })),
        registerOps: [...p.register].sort((a, b) => a[0] - b[0]).map(([op, count]) => ({ op, name: registerOpLabel(op), count })),
        ringsSetUp: p.rings,
        sqpoll: p.sqpoll,
        failed: p.failed,
      }))
      .sort((a, b) => compare(a.exe, b.exe) || (a.uid ?? -1) - (b.uid ?? -1) || compare(a.container, b.container));
    return {
      version: PROFILE_VERSION,
      events: this.#events,
      first: stamp(this.#first),
      last: stamp(this.#last),
      programs,
      invisibleOps: IO_URING_OPS.filter((o) => !o.audited).map((o) => ({ op: o.op, name: o.name })),
    };
  }
}

function compare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
