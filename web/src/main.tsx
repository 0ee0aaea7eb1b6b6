// The page: takes the token from the address, then shows the view the hash
// names under a header with the store's status, the navigation, the live
// indicator (new events while the server follows the collector's log) and
// the dark/light switch.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { adoptToken, apiGet, apiStream } from './api';
import type { Status } from './api';
import { EventPage } from './event-page';
import { EventsPage } from './events-page';
import { count, localTime } from './format';
import { BpfPage, ContainerPage, SummaryPage, UringPage } from './report-pages';
import { useRoute } from './router';
import { useTheme } from './theme';
import './styles.css';

const NAV: ReadonlyArray<readonly [string, string]> = [
  ['/events', 'events'], ['/summary', 'summary'], ['/uring', 'io_uring'], ['/bpf', 'BPF'], ['/containers', 'containers'],
];

function useLive(): [number, () => void, boolean] {
  const [fresh, setFresh] = useState(0);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const ac = new AbortController();
    const connect = (): void => {
      apiStream('stream', (name, data) => {
        if (name === 'hello') setConnected((JSON.parse(data) as { following: string | null }).following !== null);
        if (name === 'events') setFresh((n) => n + (JSON.parse(data) as unknown[]).length);
      }, ac.signal).catch(() => {
        if (!ac.signal.aborted) setTimeout(connect, 5000);
      });
    };
    connect();
    return () => ac.abort();
  }, []);
  return [fresh, () => setFresh(0), connected];
}

function App() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  const [status, setStatus] = useState<Status | undefined>();
  const [statusError, setStatusError] = useState<string | undefined>();
  const [fresh, seen, live] = useLive();

  useEffect(() => {
    apiGet<Status>('status').then(setStatus).catch((e: unknown) => setStatusError((e as Error).message));
  }, [fresh === 0]);

  const path = route.path === '/' ? '/events' : route.path;
  const eventMatch = /^\/event\/(\d+)$/.exec(path);
  let view;
  if (eventMatch !== null) view = <EventPage seq={Number(eventMatch[1])} />;
  else if (path === '/uring') view = <UringPage />;
  else if (path === '/bpf') view = <BpfPage />;
  else if (path === '/containers') view = <ContainerPage />;
  else if (path === '/summary') view = <SummaryPage />;
  else if (path === '/events') view = <EventsPage route={route} theme={theme} liveCount={fresh} onSeenLive={seen} />;
  else view = <section class="page"><p class="error">No page {path}.</p></section>;

  return (
    <>
      <header>
        <h1><a href="#/events">auspex</a></h1>
        <nav>
          {NAV.map(([p, label]) => (
            <a key={p} href={`#${p}`} class={path === p || (p === '/events' && eventMatch !== null) ? 'active' : ''} data-testid={`nav-${p.slice(1)}`}>{label}</a>
          ))}
        </nav>
        <span class="spacer" />
        <span class="status" data-testid="status">
          {statusError !== undefined ? statusError
            : status === undefined ? '' : `${count(status.events)} events · ${localTime(status.first)} – ${localTime(status.last)}`}
          {live && <span class="live-dot" title="following the collector's log"> ● live</span>}
        </span>
        <button type="button" class="theme" onClick={toggleTheme} data-testid="theme" aria-label="switch dark and light">
          {theme === 'dark' ? 'light' : 'dark'}
        </button>
      </header>
      <main>{view}</main>
    </>
  );
}

const root = document.getElementById('app') as HTMLElement;
if (!adoptToken()) {
  render(
    <main class="page">
      <h1>auspex</h1>
      <p class="error" role="alert">No access token. Open the address <code>auspex serve</code> (or <code>npm start</code>) printed: it ends in <code>?token=…</code>.</p>
    </main>,
    root,
  );
} else render(<App />, root);
