// The container report: events per container identity. The identity is read
// only where the log states it: a `contid=` field (the CONTAINER_ID record of
// the audit container-ID patch series, numbered 1336 there, which mainline
// gave to URINGOP: told apart by its fields). CONTAINER_OP records (1020,
// `op=set opid= old-contid= contid=`) are the act of assigning one and are
// listed on their own. Everything else is "none": mainline kernels log no
// container identity at all, and this report does not guess one.
import type { AuditEvent } from '../events/index.js';
import { fieldsOf, numberField, syscallRecordOf, taskOf, textField } from './record-fields.js';
import type { Task } from './record-fields.js';

export const NO_CONTAINER = 'none';

export interface ContainerRow {
  /** The contid= value as logged, or NO_CONTAINER. */
  readonly id: string;
  readonly events: number;
  readonly first: { readonly sec: number; readonly milli: number };
  readonly last: { readonly sec: number; readonly milli: number };
}

export interface ContainerAssignment {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly op: string | undefined;
  /** The process given the identity. */
  readonly opid: number | undefined;
  readonly oldContid: string | undefined;
  readonly contid: string | undefined;
  readonly result: string | undefined;
  /** Who assigned it (the event's SYSCALL, else the record's own task fields). */
  readonly by: Task;
}

export interface ContainerModel {
  readonly events: number;
  /** Most events first; ties in order of first appearance. */
  readonly containers: readonly ContainerRow[];
  /** In event order, the first MAX_ASSIGNMENTS_KEPT. */
  readonly assignments: readonly ContainerAssignment[];
  readonly assignmentsTotal: number;
}

export const MAX_ASSIGNMENTS_KEPT = 1000;
const CONTAINER_OP = 1020;
const CONTAINER_ID = 1336;

export class ContainerAggregator {
  readonly #rows = new Map<string, { events: number; first: { sec: number; milli: number }; last: { sec: number; milli: number } }>();
  readonly #assignments: ContainerAssignment[] = [];
  #assignmentsTotal = 0;
  #events = 0;

  add(event: AuditEvent): void {
    this.#events++;
    const ids: string[] = [];
    for (const r of event.records) {
      if (r.type === CONTAINER_OP) {
        this.#assignment(event, fieldsOf(r));
        continue;
      }
      if (!r.body.includes('contid=')) continue;
      const f = fieldsOf(r);
      if (r.type === CONTAINER_ID && f.has('uring_op')) continue;
      const id = f.get('contid');
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    if (ids.length === 0) ids.push(NO_CONTAINER);
    const stamp = { sec: event.sec, milli: event.milli };
    for (const id of ids) {
      const row = this.#rows.get(id);
      if (row === undefined) this.#rows.set(id, { events: 1, first: stamp, last: stamp });
      else {
        row.events++;
        row.last = stamp;
      }
    }
  }

  model(): ContainerModel {
    const containers = [...this.#rows].map(([id, r]) => ({ id, ...r })).sort((a, b) => b.events - a.events);
    return { events: this.#events, containers, assignments: [...this.#assignments], assignmentsTotal: this.#assignmentsTotal };
  }

  #assignment(event: AuditEvent, f: ReadonlyMap<string, string>): void {
    this.#assignmentsTotal++;
    if (this.#assignments.length >= MAX_ASSIGNMENTS_KEPT) return;
    const sys = syscallRecordOf(event);
    this.#assignments.push({
      sec: event.sec, milli: event.milli, serial: event.serial,
      op: textField(f, 'op'),
      opid: numberField(f, 'opid'),
      oldContid: f.get('old-contid'),
      contid: f.get('contid'),
      result: f.get('res'),
      by: taskOf(sys === undefined ? f : fieldsOf(sys)),
    });
  }
}
