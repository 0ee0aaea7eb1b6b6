// Where the event store lives when no --db is given: the system store for
// root (/var/lib/auspex/events.duckdb, beside the collector's other state),
// a per-user one otherwise (XDG data home). Pure: the caller passes uid and
// environment.
import { join } from 'node:path';

export const STORE_FILE_NAME = 'events.duckdb';
export const SYSTEM_STORE_DIR = '/var/lib/auspex';

export interface StorePathEnv {
  readonly uid: number;
  readonly home: string | undefined;
  readonly xdgDataHome: string | undefined;
}

/** The default store file for this user. */
export function defaultStorePath(env: StorePathEnv): string {
  if (env.uid === 0) return join(SYSTEM_STORE_DIR, STORE_FILE_NAME);
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.xdgDataHome !== undefined && env.xdgDataHome.startsWith('/') ? env.xdgDataHome : undefined;
  const base = xdg ?? join(env.home ?? '/', '.local', 'share');
  return join(base, 'auspex', STORE_FILE_NAME);
}
