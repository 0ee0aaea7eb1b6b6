// The report views: io_uring (ops by executable and user, by op, failures,
// credentials that differ from the ring owner's), BPF (program lifetimes as
// bars on a time axis), containers, and the store's summary. Each reads its
// report's JSON from the API; every name in them is log text, shown as text.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { apiGet } from './api';
import type { BpfReport, ContainerReport, Ranked, SummaryReport, UringReport } from './api';
import { count, localTime, orDash, uid } from './format';
import { href } from './router';

function useReport<T>(kind: string): { data: T | undefined; error: string | undefined } {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    apiGet<T>(`reports/${kind}`).then(setData).catch((e: unknown) => setError((e as Error).message));
  }, [kind]);
  return { data, error };
}

function Loading({ error, children }: { readonly error: string | undefined; readonly children: ComponentChildren }) {
  if (error !== undefined) return <p class="error" role="alert">{error}</p>;
  return <>{children}</>;
}

function Table({ head, rows, testid }: { readonly head: readonly string[]; readonly rows: readonly (readonly ComponentChildren[])[]; readonly testid?: string }) {
  return (
    <table class="report" data-testid={testid}>
      <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
    </table>
  );
}

/** A word the search bar's shell-like splitter reads back as exactly `s`. */
function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

function search(q: string, label: ComponentChildren) {
  return <a href={href('/events', { q })}>{label}</a>;
}

export function UringPage() {
  const { data, error } = useReport<UringReport>('uring');
  return (
    <section class="page" data-testid="uring-page">
      <h2>io_uring</h2>
      <Loading error={error}>
        {data === undefined ? <p class="muted">loading…</p> : (
          <>
            <p class="totals" data-testid="uring-totals">
              {count(data.totals.ops)} ops · {count(data.totals.succeeded)} succeeded · {count(data.totals.failed)} failed ·{' '}
              {count(data.totals.inline)} inline · {count(data.totals.async)} io-wq/SQPOLL · {count(data.totals.credentials_differ)} with other credentials
              {' · '}{search('-m URINGOP', 'show the events')}
            </p>
            <h3>by executable and user</h3>
            <Table testid="uring-by-exe" head={['executable', 'uid', 'ops', 'failed', 'inline', 'async', 'creds differ']}
              rows={data.by_exe_user.map((a) => [orDash(a.exe), uid(a.uid), count(a.ops), count(a.failed), count(a.inline), count(a.async), count(a.credentials_differ)])} />
            <h3>by operation</h3>
            <Table testid="uring-by-op" head={['op', 'name', 'ops', 'succeeded', 'failed', 'inline', 'async']}
              rows={data.by_op.map((o) => [o.op, orDash(o.name), count(o.ops), count(o.succeeded), count(o.failed), count(o.inline), count(o.async)])} />
            <h3>credentials other than the ring owner's</h3>
            {data.credential_changes.length === 0 ? <p class="muted">None.</p> : (
              <Table testid="uring-creds" head={['time', 'event', 'op', 'context', 'pid', 'op uid/gid', 'owner uid/gid', 'executable']}
                rows={data.credential_changes.map((c) => [localTime(c.time), c.serial, orDash(c.name ?? c.op), c.context, orDash(c.pid),
                  `${uid(c.op_uid)}/${uid(c.op_gid)}`, `${uid(c.owner_uid)}/${uid(c.owner_gid)}`, orDash(c.exe)])} />
            )}
            <p class="note">{data.note}</p>
            <details>
              <summary>{data.invisible_ops.length} ops audit never logs (audit_skip)</summary>
              <p class="mono">{data.invisible_ops.map((o) => o.name).join(' ')}</p>
            </details>
          </>
        )}
      </Loading>
    </section>
  );
}

export function BpfPage() {
  const { data, error } = useReport<BpfReport>('bpf');
  return (
    <section class="page" data-testid="bpf-page">
      <h2>BPF programs</h2>
      <Loading error={error}>
        {data === undefined ? <p class="muted">loading…</p> : <BpfLifetimes data={data} />}
      </Loading>
    </section>
  );
}

function BpfLifetimes({ data }: { readonly data: BpfReport }) {
  const times = data.programs.flatMap((p) => [p.load?.time, p.unload?.time]).filter((t): t is string => t !== undefined).map((t) => Date.parse(t));
  const lo = times.length === 0 ? 0 : Math.min(...times);
  const hi = times.length === 0 ? 1 : Math.max(...times);
  const span = Math.max(1, hi - lo);
  const pos = (iso: string | undefined, fallback: number): number => (iso === undefined ? fallback : ((Date.parse(iso) - lo) / span) * 100);
  return (
    <>
      <p class="totals" data-testid="bpf-totals">
        {count(data.loads)} loads · {count(data.unloads)} unloads · {count(data.still_loaded)} still loaded · {search('-m BPF', 'show the events')}
      </p>
      <div class="lifetimes" data-testid="bpf-lifetimes">
        <div class="axis"><span>{localTime(lo)}</span><span>{localTime(hi)}</span></div>
        {data.programs.map((p, i) => {
          const start = pos(p.load?.time, 0);
          const end = pos(p.unload?.time, 100);
          const who = p.load?.task ?? p.unload?.task ?? null;
          return (
            <div class="lifetime" key={`${p.id}-${i}`} data-testid="bpf-program" data-state={p.state}>
              <span class="label">prog {p.id} <span class="muted">{orDash(who?.comm)} uid {uid(who?.uid ?? null)}</span></span>
              <span class="track">
                <span class={`bar ${p.state}`} style={{ left: `${start}%`, width: `${Math.max(0.8, end - start)}%` }}
                  title={`${p.load === null ? 'loaded before the log' : localTime(p.load.time)} – ${p.unload === null ? 'still loaded' : localTime(p.unload.time)}`} />
              </span>
            </div>
          );
        })}
      </div>
      <Table testid="bpf-table" head={['id', 'loaded', 'by', 'unloaded', 'state']}
        rows={data.programs.map((p) => [p.id, p.load === null ? 'before the log' : localTime(p.load.time),
          p.load?.task === undefined || p.load.task === null ? '–' : `${orDash(p.load.task.exe)} (pid ${orDash(p.load.task.pid)}, uid ${uid(p.load.task.uid)})`,
          p.unload === null ? '–' : localTime(p.unload.time), p.state])} />
    </>
  );
}

export function ContainerPage() {
  const { data, error } = useReport<ContainerReport>('container');
  return (
    <section class="page" data-testid="container-page">
      <h2>containers</h2>
      <Loading error={error}>
        {data === undefined ? <p class="muted">loading…</p> : (
          <>
            <Table testid="containers" head={['container', 'events', 'first', 'last']}
              rows={data.containers.map((c) => [c.id, count(c.events), localTime(c.first), localTime(c.last)])} />
            <h3>audit container ID assignments ({count(data.assignments_total)})</h3>
            {data.assignments.length === 0 ? <p class="muted">None.</p> : (
              <Table head={['time', 'event', 'op', 'process', 'old', 'new', 'result', 'by']}
                rows={data.assignments.map((a) => [localTime(a.time), a.serial, orDash(a.op), orDash(a.opid), orDash(a.old_contid), orDash(a.contid), orDash(a.result), orDash(a.by?.exe)])} />
            )}
            <p class="note">{data.note}</p>
          </>
        )}
      </Loading>
    </section>
  );
}

function RankedTable({ title, rows, q }: { readonly title: string; readonly rows: readonly Ranked[]; readonly q?: (name: string) => string }) {
  return (
    <div>
      <h3>{title}</h3>
      <Table head={['', 'events', 'failed']} rows={rows.map((r) => [
        q !== undefined && r.name !== null ? search(q(String(r.name)), String(r.name)) : orDash(r.name), count(r.events), count(r.failed)])} />
    </div>
  );
}

export function SummaryPage() {
  const { data, error } = useReport<SummaryReport>('summary');
  return (
    <section class="page" data-testid="summary-page">
      <h2>summary</h2>
      <Loading error={error}>
        {data === undefined ? <p class="muted">loading…</p> : (
          <>
            <p class="totals">{count(data.events)} events · {count(data.failed)} failed · {localTime(data.first)} – {localTime(data.last)}</p>
            <p class="muted">{Object.entries(data.distinct).map(([k, v]) => `${count(v)} ${k}`).join(' · ')}</p>
            <div class="grid">
              <RankedTable title="record types" rows={data.by_type} q={(n) => `-m ${n}`} />
              <RankedTable title="keys" rows={data.by_key} q={(n) => `-k ${shellQuote(n)}`} />
              <RankedTable title="executables" rows={data.by_exe} q={(n) => `-x ${shellQuote(n)}`} />
              <RankedTable title="login uids" rows={data.by_auid} q={(n) => `-ul ${n}`} />
              <RankedTable title="syscalls" rows={data.by_syscall} q={(n) => `-sc ${n}`} />
            </div>
            <p class="note">{data.note}</p>
            {data.aureport_summary === null ? null : (
              <div data-testid="aureport-summary">
                <h3>aureport --summary</h3>
                <pre class="report-text">{data.aureport_summary}</pre>
              </div>
            )}
          </>
        )}
      </Loading>
    </section>
  );
}
