// The shapes of auspex serve's JSON that the page reads, declared once: the
// server builds them and web/src/api.ts imports these types (type-only, no
// code of the server goes into the page). Types only, no imports.

/** Columns a stored summary row and the API's event summary share, under the same names. */
export interface EventColumns {
  readonly seq: number;
  readonly node: string | null;
  readonly type: string;
  readonly types: readonly string[];
  readonly syscall: string | null;
  readonly success: boolean | null;
  readonly exit: number | null;
  readonly pid: number | null;
  readonly ppid: number | null;
  readonly uid: number | null;
  readonly auid: number | null;
  readonly euid: number | null;
  readonly ses: number | null;
  readonly tty: string | null;
  readonly comm: string | null;
  readonly exe: string | null;
  readonly uring_op: number | null;
  readonly container: string | null;
  readonly bpf_prog_id: number | null;
}

export interface EventSummary extends EventColumns {
  /** The audit event id as ausearch prints it: `sec.milli:serial`. */
  readonly id: string;
  readonly time: string;
  /** Rule keys (the kernel joins several with \x01). */
  readonly keys: readonly string[];
  readonly uring_op_name: string | null;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number | null;
  readonly exe: string | null;
  readonly comm: string | null;
  readonly uid: number | null;
  readonly auid: number | null;
  /** Events of this process in the window, and the first and last of them (ISO). */
  readonly events: number;
  readonly first: string | null;
  readonly last: string | null;
  /** An event of the process to open (the one nearest the asking event's time). */
  readonly seq: number | null;
}

export interface ProcessTreeView {
  readonly self: ProcessInfo | null;
  /** Parent first. */
  readonly ancestors: ProcessInfo[];
  readonly children: ProcessInfo[];
  readonly windowMs: number;
}
