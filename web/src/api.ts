// Calls to auspex serve's API with the token this tab was opened with (taken
// from the address once, then kept in sessionStorage and sent as a header,
// so it leaves the address bar and history). Types mirror the server's JSON;
// those the server declares are its own (type-only: no server code is bundled).
import type { EventSummary } from '../../src/server/api-types.js';

export type { EventSummary, ProcessInfo, ProcessTreeView } from '../../src/server/api-types.js';

const TOKEN_KEY = 'auspex-token';

/** Takes ?token= from the address (and removes it from there); returns whether a token is known. */
export function adoptToken(): boolean {
  const url = new URL(window.location.href);
  const t = url.searchParams.get('token');
  if (t !== null && t !== '') {
    sessionStorage.setItem(TOKEN_KEY, t);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly parameter: string | undefined;

  constructor(status: number, message: string, parameter: string | undefined) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }
}

function headers(): Record<string, string> {
  return { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}`, Accept: 'application/json' };
}

export async function apiGet<T>(path: string, params: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const q = qs.toString();
  const res = await fetch(`api/${path}${q === '' ? '' : `?${q}`}`, { headers: headers(), ...(signal === undefined ? {} : { signal }) });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    let parameter: string | undefined;
    try {
      const body = (await res.json()) as { error?: { message?: string; parameter?: string } };
      message = body.error?.message ?? message;
      parameter = body.error?.parameter;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message, parameter);
  }
  return (await res.json()) as T;
}

/**
 * Server-sent events read with fetch (EventSource cannot send the token
 * header). Calls onEvent(name, data) per message until the signal aborts.
 */
export async function apiStream(path: string, onEvent: (name: string, data: string) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(`api/${path}`, { headers: { ...headers(), Accept: 'text/event-stream' }, signal });
  if (!res.ok || res.body === null) throw new ApiError(res.status, `stream: ${res.status}`, undefined);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent(name, data.join('\n'));
    }
  }
}

export interface SearchResult {
  readonly events: EventSummary[];
  readonly next: string | null;
  readonly total: number | null;
  readonly checked_by_predicate: boolean;
}

export interface HistogramResult {
  readonly from_ms: number;
  readonly to_ms: number;
  readonly bucket_ms: number;
  readonly times: number[];
  readonly series: Array<{ readonly name: string; readonly counts: number[]; readonly total: number }>;
  readonly total: number;
  readonly exact: boolean;
}

export interface JsonRecord {
  readonly type: string;
  readonly type_num: number;
  readonly raw: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly interpreted?: Readonly<Record<string, string>>;
  readonly enriched?: Readonly<Record<string, string>>;
  readonly source: { readonly file: string; readonly line: number };
}

export interface EventDetail {
  readonly summary: EventSummary;
  readonly event: {
    readonly id: string;
    readonly time: string;
    readonly records: JsonRecord[];
    readonly execve?: { readonly argc: number | null; readonly argv: string[] };
  } | null;
  readonly source: string | null;
}

export interface Status {
  readonly version: string;
  readonly following: string | null;
  readonly events: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly sources: Array<{ readonly name: string; readonly ingested: string | null }>;
}

export interface TaskJson {
  readonly pid: number | null;
  readonly uid: number | null;
  readonly gid: number | null;
  readonly euid: number | null;
  readonly auid: number | null;
  readonly exe: string | null;
  readonly comm: string | null;
}

export interface UringReport {
  readonly totals: Record<string, number>;
  readonly by_exe_user: Array<{ exe: string | null; uid: number | null; ops: number; succeeded: number; failed: number; inline: number; async: number; credentials_differ: number }>;
  readonly by_op: Array<{ op: number; name: string | null; ops: number; succeeded: number; failed: number; inline: number; async: number }>;
  readonly credential_changes: Array<{ time: string; serial: number; op: number; name: string | null; context: string; pid: number | null; op_uid: number | null; op_gid: number | null; owner_uid: number | null; owner_gid: number | null; exe: string | null }>;
  readonly invisible_ops: Array<{ op: number; name: string }>;
  readonly note: string;
}

export interface BpfMomentJson {
  readonly time: string;
  readonly serial: number;
  readonly task: TaskJson | null;
}

export interface BpfReport {
  readonly loads: number;
  readonly unloads: number;
  readonly still_loaded: number;
  readonly programs: Array<{ id: number; load: BpfMomentJson | null; unload: BpfMomentJson | null; state: string; loaded_before_log: boolean }>;
}

export interface ContainerReport {
  readonly events: number;
  readonly containers: Array<{ id: string; events: number; first: string; last: string }>;
  readonly assignments: Array<{ time: string; serial: number; op: string | null; opid: number | null; old_contid: string | null; contid: string | null; result: string | null; by: TaskJson | null }>;
  readonly assignments_total: number;
  readonly note: string;
}

export interface SummaryReport {
  readonly events: number;
  readonly failed: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly note: string;
  readonly distinct: Readonly<Record<string, number>>;
  readonly by_type: Ranked[];
  readonly by_key: Ranked[];
  readonly by_exe: Ranked[];
  readonly by_auid: Ranked[];
  readonly by_syscall: Ranked[];
  /** `aureport --summary`'s text for the whole store (null with a time range, or where the store cannot answer it exactly). */
  readonly aureport_summary: string | null;
}

export interface Ranked {
  readonly name: string | number | null;
  readonly events: number;
  readonly failed: number;
}
