// `auspex serve` as a library: the API and the web UI on one HTTP server over
// a store session. Hono, not fastify: two small packages with no dependencies
// of their own (an audit tool's server should bring little code with it),
// handlers on web-standard Request/Response that tests can call without a
// socket, and an SSE helper; parameter checking is our own (query-params.ts)
// so the 400 messages say exactly what is wrong.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { createAdaptorServer } from '@hono/node-server';
import type { RecordInterpreter } from '../output/index.js';
import type { ReportEnv } from '../report/index.js';
import { tokenChecker } from './access-token.js';
import { createApi } from './api.js';
import { LiveFeed } from './live-feed.js';
import type { ListenAddress } from './listen-address.js';
import { isLoopback, urlHost } from './listen-address.js';
import type { FilterEnv } from './search-filter.js';
import { ServerError } from './server-error.js';
import { SECURITY_HEADERS, staticFile } from './static-files.js';
import type { StoreSession } from './store-session.js';

export interface ServeOptions {
  readonly session: StoreSession;
  readonly listen: ListenAddress;
  readonly token: string;
  /** The built UI (web/dist). */
  readonly webRoot: string;
  readonly filter: FilterEnv;
  readonly interpret: RecordInterpreter;
  readonly report: Pick<ReportEnv, 'users' | 'timeZone'>;
  readonly version: string;
  /** A log to ingest as it grows (the collector's), with its poll interval. */
  readonly follow?: { readonly path: string; readonly pollMs: number };
  readonly keepAliveSec?: number;
  /** Problems while following (the server goes on). */
  readonly onError?: (e: Error) => void;
}

export interface RunningServer {
  /** The address to open, token included (`http://127.0.0.1:PORT/?token=...`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Where web/dist is, seen from this file in dist/src/server/. */
export function defaultWebRoot(): string {
  return join(fileURLToPath(new URL('../../../', import.meta.url)), 'web', 'dist');
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  if (!existsSync(join(o.webRoot, 'index.html'))) {
    throw new ServerError('E_SERVE_WEB', `the web UI is not built (${join(o.webRoot, 'index.html')} is missing): run npm run build:web`);
  }
  const live = new LiveFeed();
  const app = new Hono();
  let port = o.listen.port;
  const loopback = isLoopback(o.listen.host);
  // A page on another site could reach a loopback server through DNS
  // rebinding (its name resolving to 127.0.0.1): only our own names are served.
  const hostAllowed = (host: string | undefined): boolean =>
    !loopback || (host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, urlHost(o.listen.host, port)].includes(host.toLowerCase()));

  app.use('*', async (c, next) => {
    if (!hostAllowed(c.req.header('host'))) return c.text('unknown host name for this server\n', 421);
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    return undefined;
  });
  app.route('/api', createApi({
    query: o.session.query,
    rows: o.session,
    timeoutSec: o.session.timeoutSec,
    scan: o.session.scan,
    following: () => o.session.following,
    filter: o.filter,
    interpret: o.interpret,
    report: o.report,
    checkToken: tokenChecker(o.token),
    live,
    version: o.version,
    keepAliveSec: o.keepAliveSec ?? 15,
  }));
  app.get('*', (c) => {
    const f = staticFile(o.webRoot, new URL(c.req.url).pathname);
    if (f === undefined) return c.text('not found\n', 404);
    return c.body(new Uint8Array(f.body), 200, {
      'Content-Type': f.type,
      'Cache-Control': f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });

  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new ServerError('E_SERVE_LISTEN', `cannot listen on ${urlHost(o.listen.host, o.listen.port)}: ${e.code ?? e.message}`, { cause: e })));
    server.listen(o.listen.port, o.listen.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  if (o.follow !== undefined) {
    await o.session.follow({
      path: o.follow.path,
      pollMs: o.follow.pollMs,
      onEvents: (events) => live.publish(events),
      onError: (e) => o.onError?.(e),
    });
  }

  const base = `http://${urlHost(o.listen.host, port)}/`;
  return {
    url: `${base}?token=${encodeURIComponent(o.token)}`,
    host: o.listen.host,
    port,
    close: async () => {
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
