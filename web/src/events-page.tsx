// The events view: the search bar (criteria as `auspex search` takes them, and
// free text), the timeline of what matches (drag to zoom into a time range),
// and the matching events newest first in a virtualised table that loads
// further pages as it scrolls. Its state lives in the address.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiGet } from './api';
import type { EventSummary, HistogramResult, SearchResult } from './api';
import { count, localTime, orDash, uid } from './format';
import { href, navigate } from './router';
import type { Route } from './router';
import type { Theme } from './theme';
import { Timeline } from './timeline';
import { VirtualTable } from './virtual-table';
import type { Column } from './virtual-table';

const COLUMNS: readonly Column<EventSummary>[] = [
  { title: 'time', width: '14em', cell: (e) => localTime(e.time) },
  { title: 'id', width: '7em', cell: (e) => e.id.split(':')[1] },
  { title: 'type', width: '8em', cell: (e) => e.type },
  { title: 'key', width: 'minmax(8em, 1fr)', cell: (e) => e.keys.join(', ') },
  { title: 'syscall', width: '12em', cell: (e) => (e.uring_op_name !== null ? `${orDash(e.syscall)} / ${e.uring_op_name}` : orDash(e.syscall)) },
  { title: 'ok', width: '3em', cell: (e) => (e.success === null ? '–' : e.success ? 'yes' : 'no') },
  { title: 'pid', width: '5em', cell: (e) => orDash(e.pid) },
  { title: 'auid', width: '5em', cell: (e) => uid(e.auid) },
  { title: 'comm', width: '8em', cell: (e) => orDash(e.comm) },
  { title: 'exe', width: 'minmax(10em, 2fr)', cell: (e) => orDash(e.exe) },
];

interface Props {
  readonly route: Route;
  readonly theme: Theme;
  readonly liveCount: number;
  readonly onSeenLive: () => void;
}

export function EventsPage({ route, theme, liveCount, onSeenLive }: Props) {
  const p = route.params;
  const q = p.get('q') ?? '';
  const text = p.get('text') ?? '';
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const by = p.get('by') ?? 'type';
  const [qInput, setQ] = useState(q);
  const [textInput, setText] = useState(text);
  const [hist, setHist] = useState<HistogramResult | undefined>();
  const [rows, setRows] = useState<EventSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(false);
  const next = useRef<string | null>(null);
  const busy = useRef(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setQ(q);
    setText(text);
  }, [q, text]);

  const params = { q, text, from, to };
  useEffect(() => {
    const ac = new AbortController();
    setError(undefined);
    setLoading(true);
    busy.current = true;
    next.current = null;
    Promise.all([
      apiGet<HistogramResult>('histogram', { ...params, by, buckets: 120 }, ac.signal),
      apiGet<SearchResult>('search', { ...params, limit: 200 }, ac.signal),
    ]).then(([h, s]) => {
      setHist(h);
      setRows(s.events);
      setTotal(s.total);
      next.current = s.next;
    }).catch((e: unknown) => {
      if (e instanceof ApiError) setError(e);
      else if ((e as Error).name !== 'AbortError') setError(new ApiError(0, (e as Error).message, undefined));
    }).finally(() => {
      busy.current = false;
      setLoading(false);
    });
    return () => ac.abort();
  }, [q, text, from, to, by, reload]);

  const more = (): void => {
    const cursor = next.current;
    if (cursor === null || busy.current) return;
    busy.current = true;
    apiGet<SearchResult>('search', { ...params, limit: 200, cursor }).then((s) => {
      setRows((r) => [...r, ...s.events]);
      next.current = s.next;
    }).catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, (e as Error).message, undefined)))
      .finally(() => {
        busy.current = false;
      });
  };

  // A search that reads the record lines is not counted; its histogram is (same criteria, same range).
  const shownTotal = total ?? (hist !== undefined && hist.exact ? hist.total : null);
  const go = (changes: Record<string, string | undefined>): void => navigate('/events', { q, text, from, to, by, ...changes });

  return (
    <section class="page">
      <form
        class="searchbar"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: qInput.trim(), text: textInput.trim() });
        }}
      >
        <label>
          criteria
          <input name="q" data-testid="criteria" value={qInput} placeholder="-k exec -ui 1000 -sv no -ts today (auspex search options)"
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
        </label>
        <label>
          text
          <input name="text" data-testid="text" value={textInput} placeholder="free text in the records"
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
        </label>
        <button type="submit" data-testid="search">Search</button>
      </form>
      {error !== undefined && <p class="error" role="alert" data-testid="error">{error.message}</p>}
      <div class="toolbar">
        <span data-testid="total">{shownTotal === null ? `${count(rows.length)}+ events` : `${count(shownTotal)} events`}</span>
        {(from !== '' || to !== '') && (
          <span>
            {' '}from {localTime(Number(from) || null)} to {localTime(Number(to) || null)}{' '}
            <button type="button" onClick={() => go({ from: undefined, to: undefined })}>show all time</button>
          </span>
        )}
        <span class="spacer" />
        <label>
          split by{' '}
          <select value={by} onChange={(e) => go({ by: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="type">record type</option>
            <option value="key">key</option>
            <option value="none">nothing</option>
          </select>
        </label>
        {liveCount > 0 && (
          <button type="button" class="live" data-testid="live" onClick={() => {
            onSeenLive();
            setReload((n) => n + 1);
          }}>{count(liveCount)} new events: show</button>
        )}
        {loading && <span class="muted">loading…</span>}
      </div>
      {hist !== undefined && hist.total > 0 && (
        <Timeline data={hist} theme={theme} onZoom={(f, t) => go({ from: String(f), to: String(t) })} />
      )}
      {hist !== undefined && !hist.exact && <p class="muted">Too many candidates to check each: the timeline counts what the store's columns select.</p>}
      <VirtualTable
        rows={rows}
        columns={COLUMNS}
        rowKey={(e) => e.seq}
        rowClass={(e) => (e.success === false ? 'failed' : '')}
        onOpen={(e) => {
          window.location.hash = href(`/event/${e.seq}`).slice(1);
        }}
        onNearEnd={more}
      />
      {!loading && rows.length === 0 && error === undefined && <p class="muted">No events match.</p>}
    </section>
  );
}
