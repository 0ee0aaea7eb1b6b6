// One event: its summary, then every record with the line as logged beside
// its fields as logged, as `ausearch -i` reads them, and any ENRICHED values;
// below, the process tree around it. Every value is attacker-written text and
// is rendered as text only.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet } from './api';
import type { EventDetail, JsonRecord, ProcessInfo, ProcessTreeView } from './api';
import { count, localTime, orDash, uid } from './format';
import { href } from './router';

function RecordView({ record, index }: { readonly record: JsonRecord; readonly index: number }) {
  const names = Object.keys(record.fields);
  return (
    <article class="record" data-testid="record" data-type={record.type}>
      <h3>
        {index + 1}. {record.type} <span class="muted">({record.type_num}) {record.source.file}:{record.source.line}</span>
      </h3>
      <div class="side-by-side">
        <div>
          <h4>raw</h4>
          <pre class="raw" data-testid="raw">{record.raw}</pre>
        </div>
        <div>
          <h4>interpreted</h4>
          <table class="fields" data-testid="fields">
            <thead>
              <tr><th>field</th><th>as logged</th><th>interpreted</th>{record.enriched !== undefined && <th>enriched</th>}</tr>
            </thead>
            <tbody>
              {names.map((n) => {
                const logged = record.fields[n] ?? '';
                const interp = record.interpreted?.[n] ?? logged;
                return (
                  <tr key={n} data-field={n}>
                    <td>{n}</td>
                    <td class="mono">{logged}</td>
                    <td class={`mono ${interp !== logged ? 'changed' : ''}`} data-testid="interpreted">{interp}</td>
                    {record.enriched !== undefined && <td class="mono">{record.enriched[n.toUpperCase()] ?? record.enriched[n] ?? ''}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </article>
  );
}

function ProcessLine({ p, role }: { readonly p: ProcessInfo; readonly role: string }) {
  const label = `${p.pid} ${orDash(p.comm)} ${p.exe ?? ''}`;
  return (
    <span class={`proc ${role}`} data-testid={`proc-${role}`}>
      {p.seq !== null ? <a href={href(`/event/${p.seq}`)}>{label}</a> : <span>{label} <span class="muted">(no event in the store)</span></span>}
      <span class="muted"> uid {uid(p.uid)} auid {uid(p.auid)} · {count(p.events)} events{p.first !== null ? ` · ${localTime(p.first)} – ${localTime(p.last)}` : ''}</span>
    </span>
  );
}

function ProcessTreeView({ seq }: { readonly seq: number }) {
  const [tree, setTree] = useState<ProcessTreeView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setTree(undefined);
    apiGet<ProcessTreeView>(`events/${seq}/process-tree`).then(setTree).catch((e: unknown) => setError((e as Error).message));
  }, [seq]);
  if (error !== undefined) return <p class="error">{error}</p>;
  if (tree === undefined) return <p class="muted">loading…</p>;
  const chain = [...tree.ancestors].reverse();
  return (
    <div class="tree" data-testid="process-tree">
      <ul>
        {chain.map((p, i) => <li key={`a${p.pid}`} style={{ paddingLeft: `${i * 1.2}em` }}><ProcessLine p={p} role="ancestor" /></li>)}
        {tree.self !== null && <li style={{ paddingLeft: `${chain.length * 1.2}em` }}><ProcessLine p={tree.self} role="self" /></li>}
        {tree.children.map((p) => <li key={`c${p.pid}`} style={{ paddingLeft: `${(chain.length + 1) * 1.2}em` }}><ProcessLine p={p} role="child" /></li>)}
      </ul>
      <p class="muted">From the events in the store within {Math.round(tree.windowMs / 3600000)} h of this one (pids are reused).</p>
    </div>
  );
}

export function EventPage({ seq }: { readonly seq: number }) {
  const [detail, setDetail] = useState<EventDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    apiGet<EventDetail>(`events/${seq}`).then(setDetail).catch((e: unknown) => setError(e instanceof ApiError ? e.message : (e as Error).message));
  }, [seq]);
  if (error !== undefined) return <section class="page"><p class="error" role="alert">{error}</p></section>;
  if (detail === undefined) return <section class="page"><p class="muted">loading…</p></section>;
  const s = detail.summary;
  return (
    <section class="page" data-testid="event-page">
      <p><a href="#/events" onClick={(e) => {
        if (window.history.length > 1) {
          e.preventDefault();
          window.history.back();
        }
      }}>← events</a></p>
      <h2 data-testid="event-id">event {s.id}</h2>
      <dl class="summary">
        <dt>time</dt><dd>{localTime(s.time)} <span class="muted">({s.time})</span></dd>
        <dt>type</dt><dd>{s.types.join(' ')}</dd>
        <dt>key</dt><dd>{s.keys.length === 0 ? '–' : s.keys.join(', ')}</dd>
        <dt>syscall</dt><dd>{orDash(s.syscall)}{s.uring_op_name !== null ? ` · io_uring ${s.uring_op_name}` : ''} · {s.success === null ? '' : s.success ? 'success' : 'failed'}{s.exit !== null ? ` (exit ${s.exit})` : ''}</dd>
        <dt>process</dt><dd>pid {orDash(s.pid)} ppid {orDash(s.ppid)} · {orDash(s.comm)} · {orDash(s.exe)}</dd>
        <dt>user</dt><dd>uid {uid(s.uid)} euid {uid(s.euid)} auid {uid(s.auid)} ses {uid(s.ses)}</dd>
        <dt>source</dt><dd>{orDash(detail.source)}</dd>
      </dl>
      {detail.event?.execve !== undefined && (
        <div>
          <h3>command line</h3>
          <ol class="argv" data-testid="argv">{detail.event.execve.argv.map((a, i) => <li key={i}><code>{a}</code></li>)}</ol>
        </div>
      )}
      <h2>records</h2>
      {detail.event?.records.map((r, i) => <RecordView key={i} record={r} index={i} />)}
      <h2>process tree</h2>
      <ProcessTreeView seq={seq} />
    </section>
  );
}
