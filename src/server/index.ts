// server/: `auspex serve` — the HTTP API over the event store and the web UI
// (web/dist), one process owning the store while it runs. The I/O shell of
// the UI: sockets, the token file and the followed log live here.
export { startServer, defaultWebRoot } from './serve.js';
export type { RunningServer, ServeOptions } from './serve.js';
export { StoreSession } from './store-session.js';
export type { StoreSessionOptions } from './store-session.js';
export { DEFAULT_LISTEN, isLoopback, parseListen } from './listen-address.js';
export type { ListenAddress } from './listen-address.js';
export { defaultTokenPath, newToken, writeTokenFile } from './access-token.js';
export { ServerError } from './server-error.js';
export type { ServerErrorCode } from './server-error.js';
export type { FilterEnv } from './search-filter.js';
// The JSON shapes the page reads (web/src/api.ts imports the file itself: the page cannot load this index).
export type { EventColumns, EventSummary, ProcessInfo, ProcessTreeView } from './api-types.js';
