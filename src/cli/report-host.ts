// What `auspex report` takes from the machine it runs on: the clock, time zone
// and uptime for -ts/-te, and the users for -i names (passwd read only when a
// name is asked for). Lighter than search's host: reports need no protocol or
// interface names.
import { readFileSync } from 'node:fs';
import type { TimeEnv, UserDb } from '../query/index.js';
import { systemTimeZone, userDbFromFiles } from '../query/index.js';

export interface ReportHost {
  readonly time: TimeEnv;
  readonly users: UserDb;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

export function reportHost(): ReportHost {
  let db: UserDb | undefined;
  const load = (): UserDb => (db ??= userDbFromFiles(readText('/etc/passwd') ?? '', readText('/etc/group') ?? ''));
  return {
    time: {
      nowSec: Math.floor(Date.now() / 1000),
      timeZone: systemTimeZone(),
      uptime: () => {
        const text = readText('/proc/uptime');
        const secs = text === undefined ? Number.NaN : Number(text.split(' ')[0]);
        return Number.isFinite(secs) ? secs : { error: 'No such file or directory' };
      },
    },
    users: { uidOf: (n) => load().uidOf(n), gidOf: (n) => load().gidOf(n), userName: (u) => load().userName(u) },
  };
}
