// Violations of an io_uring profile, event by event: an op the program is not
// known to run (or any op of a program the profile does not know), and an op
// that ran with credentials other than the ring owner's when the profile does
// not list those credentials for that op. Attribution is the profile's own
// (report/'s UringAggregator), so checks stream in event order: an async op
// is matched to the last SYSCALL seen from its process.
import type { AuditEvent } from '../events/index.js';
import { UringAggregator } from '../report/index.js';
import type { UringOpSeen } from '../report/index.js';
import { NO_CONTAINER, programKey, uringOpLabel } from './uring-profile.js';
import type { ProfileProgram, UringProfile } from './uring-profile.js';

export type UringViolationKind = 'op-outside-profile' | 'unknown-program' | 'credentials-differ';

export interface UringViolation {
  readonly kind: UringViolationKind;
  readonly event: AuditEvent;
  readonly op: number;
  readonly name: string;
  readonly context: 'inline' | 'async';
  readonly pid: number | undefined;
  readonly exe: string | null;
  readonly ownerUid: number | null;
  readonly opUid: number | null;
  readonly opGid: number | null;
}

export class UringViolationChecker {
  readonly #programs = new Map<string, ProfileProgram>();
  readonly #aggregator: UringAggregator;
  #pending: UringOpSeen[] = [];
  #total = 0;

  constructor(profile: UringProfile) {
    for (const p of profile.programs) this.#programs.set(programKey(p.exe, p.uid, p.container), p);
    this.#aggregator = new UringAggregator({ outcome: 'both', onOp: (o) => this.#pending.push(o) });
  }

  get violations(): number {
    return this.#total;
  }

  /** This event's violations (none for events without URINGOP records). */
  check(event: AuditEvent): UringViolation[] {
    this.#pending = [];
    this.#aggregator.add(event);
    const out: UringViolation[] = [];
    for (const o of this.#pending) {
      const exe = o.owner?.exe ?? null;
      const ownerUid = o.owner?.uid ?? null;
      // Containers are not named in mainline logs; a profile made there says "none".
      const program = this.#programs.get(programKey(exe, ownerUid, NO_CONTAINER)) ?? this.#findAnyContainer(exe, ownerUid);
      const base = {
        event, op: o.op, name: uringOpLabel(o.op), context: o.context, pid: o.pid, exe, ownerUid, opUid: o.uid ?? null, opGid: o.gid ?? null,
      };
      if (program === undefined) {
        out.push({ kind: 'unknown-program', ...base });
        continue;
      }
      const known = program.ops.find((p) => p.op === o.op);
      const sqpollStart = o.op === 0 && o.context === 'async' && program.sqpoll;
      if (known === undefined && !sqpollStart) out.push({ kind: 'op-outside-profile', ...base });
      if (o.credentialsDiffer && known?.credentials.some((c) => c.uid === (o.uid ?? null) && c.gid === (o.gid ?? null)) !== true) {
        out.push({ kind: 'credentials-differ', ...base });
      }
    }
    this.#total += out.length;
    return out;
  }

  #findAnyContainer(exe: string | null, uid: number | null): ProfileProgram | undefined {
    for (const p of this.#programs.values()) if (p.exe === exe && p.uid === uid) return p;
    return undefined;
  }
}

/** A violation as a JSON object. */
export function violationJson(v: UringViolation): Record<string, unknown> {
  const e = v.event;
  return {
    kind: v.kind,
    op: v.op,
    name: v.name,
    context: v.context,
    pid: v.pid ?? null,
    exe: v.exe,
    ownerUid: v.ownerUid,
    opUid: v.opUid,
    opGid: v.opGid,
    event: { node: e.node ?? null, time: new Date(e.sec * 1000 + e.milli).toISOString(), serial: e.serial, id: `${e.sec}.${String(e.milli).padStart(3, '0')}:${e.serial}` },
  };
}
