// The BPF report: programs loaded and unloaded (BPF records, `prog-id=N
// op=LOAD|UNLOAD`), who loaded them (the SYSCALL record of the LOAD event:
// bpf(BPF_PROG_LOAD)), when, when they were unloaded, and which were still
// loaded when the log ends. An UNLOAD often stands alone (the kernel frees a
// program outside any syscall) or comes with the close() that dropped the last
// reference. An id unloaded without a LOAD in the log was loaded before it began.
import type { AuditEvent } from '../events/index.js';
import { fieldsOf, numberField, syscallRecordOf, taskOf, textField } from './record-fields.js';
import type { Task } from './record-fields.js';

export interface BpfMoment {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  /** The task of the event's SYSCALL record, when it has one. */
  readonly task: Task | undefined;
}

export interface BpfProgram {
  readonly id: number;
  /** undefined: loaded before the log begins. */
  readonly load: BpfMoment | undefined;
  /** undefined: not unloaded in the log. */
  readonly unload: BpfMoment | undefined;
}

export interface BpfModel {
  /** In the order their first record appears. */
  readonly programs: readonly BpfProgram[];
  readonly loads: number;
  readonly unloads: number;
  /** Loaded in the log and not unloaded by its end. */
  readonly stillLoaded: number;
}

interface Entry {
  id: number;
  load: BpfMoment | undefined;
  unload: BpfMoment | undefined;
}

export class BpfAggregator {
  readonly #programs: Entry[] = [];
  /** The latest entry of each id (ids can be reused after their program is freed). */
  readonly #open = new Map<number, Entry>();
  #loads = 0;
  #unloads = 0;

  add(event: AuditEvent): void {
    let task: Task | undefined | null = null; // null: not read yet
    for (const r of event.records) {
      if (r.type !== 1334) continue;
      const f = fieldsOf(r);
      const id = numberField(f, 'prog-id');
      const op = textField(f, 'op');
      if (id === undefined || (op !== 'LOAD' && op !== 'UNLOAD')) continue;
      if (task === null) {
        const sys = syscallRecordOf(event);
        task = sys === undefined ? undefined : taskOf(fieldsOf(sys));
      }
      const moment: BpfMoment = { sec: event.sec, milli: event.milli, serial: event.serial, task };
      const current = this.#open.get(id);
      if (op === 'LOAD') {
        this.#loads++;
        const entry: Entry = { id, load: moment, unload: undefined };
        this.#programs.push(entry);
        this.#open.set(id, entry);
      } else {
        this.#unloads++;
        if (current !== undefined && current.unload === undefined) current.unload = moment;
        else {
          const entry: Entry = { id, load: undefined, unload: moment };
          this.#programs.push(entry);
          this.#open.set(id, entry);
        }
      }
    }
  }

  model(): BpfModel {
    const programs = this.#programs.map((e) => ({ id: e.id, load: e.load, unload: e.unload }));
    const stillLoaded = programs.filter((p) => p.load !== undefined && p.unload === undefined).length;
    return { programs, loads: this.#loads, unloads: this.#unloads, stillLoaded };
  }
}
