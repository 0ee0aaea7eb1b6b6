// The io_uring report: every URINGOP record counted per executable and user
// and per operation, with its outcome, whether it ran inline (inside the
// io_uring_enter syscall: its event has a SYSCALL record) or from an io-wq
// worker or SQPOLL thread (an event of its own), and whether it ran with
// credentials other than the ring owner's (a registered personality): the
// URINGOP uid/gid against its event's SYSCALL, or, for io-wq/SQPOLL ops, the
// last SYSCALL seen from the same process. Ops the kernel marks audit_skip
// never produce a URINGOP record; the model lists them so that nobody reads
// the counts as complete.
import type { AuditEvent } from '../events/index.js';
import { IO_URING_OPS } from '../rules/index.js';
import { fieldsOf, numberField, syscallRecordOf, taskOf, textField } from './record-fields.js';
import type { Task } from './record-fields.js';

export type UringContext = 'inline' | 'async';

/** How many ops, how they ended and where they ran (every row of the report counts these). */
export interface UringOpCounts {
  readonly ops: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly inline: number;
  readonly async: number;
}

/** Who ran an op: executable and the uid the op ran as. */
export interface UringActorRow extends UringOpCounts {
  readonly exe: string | undefined;
  readonly uid: number | undefined;
  readonly credentialsDiffer: number;
}

export interface UringOpRow extends UringOpCounts {
  readonly op: number;
  readonly name: string | undefined;
}

export interface UringCredentialChange {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly op: number;
  readonly name: string | undefined;
  readonly context: UringContext;
  readonly pid: number | undefined;
  readonly opUid: number | undefined;
  readonly opGid: number | undefined;
  readonly ownerUid: number | undefined;
  readonly ownerGid: number | undefined;
  readonly exe: string | undefined;
}

export interface UringTotals extends UringOpCounts {
  readonly credentialsDiffer: number;
  /** io-wq/SQPOLL ops of a process no SYSCALL was seen from: owner unknown. */
  readonly ownerUnknown: number;
}

export interface UringModel {
  readonly totals: UringTotals;
  /** Most ops first, then by executable and uid. */
  readonly byActor: readonly UringActorRow[];
  /** By op number. */
  readonly byOp: readonly UringOpRow[];
  /** The first MAX_CHANGES_KEPT ops whose credentials differ, in event order. */
  readonly credentialChanges: readonly UringCredentialChange[];
  /** Ops audit cannot see (audit_skip in io_uring/opdef.c). */
  readonly invisibleOps: ReadonlyArray<{ readonly op: number; readonly name: string }>;
}

export const MAX_CHANGES_KEPT = 1000;
/** Processes whose last credentials are remembered for their io-wq/SQPOLL ops. */
const MAX_OWNERS = 65536;

const OP_NAMES = new Map(IO_URING_OPS.map((o) => [o.op, o.name]));

export function uringOpName(op: number): string | undefined {
  return OP_NAMES.get(op);
}

interface Counts {
  ops: number;
  succeeded: number;
  failed: number;
  inline: number;
  async: number;
  credentialsDiffer: number;
}

const zero = (): Counts => ({ ops: 0, succeeded: 0, failed: 0, inline: 0, async: 0, credentialsDiffer: 0 });

/** One counted op with its attribution, for consumers that group ops their own way (detect/'s profiles). */
export interface UringOpSeen {
  readonly event: AuditEvent;
  readonly op: number;
  readonly context: UringContext;
  readonly success: string | undefined;
  readonly exit: number | undefined;
  readonly pid: number | undefined;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  /** The ring owner: the event's SYSCALL task (inline), else the last one seen from the pid. */
  readonly owner: Task | undefined;
  readonly credentialsDiffer: boolean;
}

export interface UringAggregatorOptions {
  /** --failed / --success: count only ops with this outcome. */
  readonly outcome: 'both' | 'failed' | 'success';
  /** Called for every op counted, after its attribution. */
  readonly onOp?: (op: UringOpSeen) => void;
}

export class UringAggregator {
  readonly #outcome: UringAggregatorOptions['outcome'];
  readonly #onOp: UringAggregatorOptions['onOp'];
  readonly #owners = new Map<number, Task>();
  readonly #actors = new Map<string, { exe: string | undefined; uid: number | undefined; c: Counts }>();
  readonly #ops = new Map<number, Counts>();
  readonly #changes: UringCredentialChange[] = [];
  readonly #totals = { ...zero(), ownerUnknown: 0 };

  constructor(options: UringAggregatorOptions) {
    this.#outcome = options.outcome;
    this.#onOp = options.onOp;
  }

  add(event: AuditEvent): void {
    const sysRecord = syscallRecordOf(event);
    const sys = sysRecord === undefined ? undefined : taskOf(fieldsOf(sysRecord));
    if (sys?.pid !== undefined) this.#remember(sys.pid, sys);
    for (const r of event.records) {
      if (r.type !== 1336) continue;
      const f = fieldsOf(r);
      const op = numberField(f, 'uring_op');
      if (op === undefined) continue; // 1336 is also the container-ID series' CONTAINER_ID
      const success = textField(f, 'success');
      if (this.#outcome === 'failed' && success !== 'no') continue;
      if (this.#outcome === 'success' && success !== 'yes') continue;
      const pid = numberField(f, 'pid');
      const uid = numberField(f, 'uid');
      const gid = numberField(f, 'gid');
      const context: UringContext = sys === undefined ? 'async' : 'inline';
      const owner = sys ?? (pid === undefined ? undefined : this.#owners.get(pid));
      const differ = owner !== undefined && (owner.uid !== uid || owner.gid !== gid);
      const exe = owner?.exe;
      const counts = [this.#totals, this.#actor(exe, uid), this.#op(op)];
      for (const c of counts) {
        c.ops++;
        if (success === 'yes') c.succeeded++;
        else if (success === 'no') c.failed++;
        if (context === 'inline') c.inline++;
        else c.async++;
        if (differ) c.credentialsDiffer++;
      }
      if (owner === undefined) this.#totals.ownerUnknown++;
      this.#onOp?.({ event, op, context, success, exit: numberField(f, 'exit'), pid, uid, gid, owner, credentialsDiffer: differ });
      if (differ && owner !== undefined && this.#changes.length < MAX_CHANGES_KEPT) {
        this.#changes.push({
          sec: event.sec, milli: event.milli, serial: event.serial, op, name: uringOpName(op), context, pid,
          opUid: uid, opGid: gid, ownerUid: owner.uid, ownerGid: owner.gid, exe,
        });
      }
    }
  }

  model(): UringModel {
    const byActor = [...this.#actors.values()]
      .map(({ exe, uid, c }) => ({ exe, uid, ...c }))
      .sort((a, b) => b.ops - a.ops || compareText(a.exe, b.exe) || (a.uid ?? -1) - (b.uid ?? -1));
    const byOp = [...this.#ops]
      .sort((a, b) => a[0] - b[0])
      .map(([op, c]) => ({ op, name: uringOpName(op), ops: c.ops, succeeded: c.succeeded, failed: c.failed, inline: c.inline, async: c.async }));
    return {
      totals: { ...this.#totals },
      byActor,
      byOp,
      credentialChanges: [...this.#changes],
      invisibleOps: IO_URING_OPS.filter((o) => !o.audited).map((o) => ({ op: o.op, name: o.name })),
    };
  }

  #remember(pid: number, task: Task): void {
    this.#owners.delete(pid);
    this.#owners.set(pid, task);
    if (this.#owners.size > MAX_OWNERS) {
      const oldest = this.#owners.keys().next();
      if (oldest.done !== true) this.#owners.delete(oldest.value);
    }
  }

  #actor(exe: string | undefined, uid: number | undefined): Counts {
    const key = `${uid ?? ''}\u0000${exe ?? ''}\u0000${exe === undefined ? 0 : 1}`;
    let a = this.#actors.get(key);
    if (a === undefined) {
      a = { exe, uid, c: zero() };
      this.#actors.set(key, a);
    }
    return a.c;
  }

  #op(op: number): Counts {
    let c = this.#ops.get(op);
    if (c === undefined) {
      c = zero();
      this.#ops.set(op, c);
    }
    return c;
  }
}

function compareText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}
