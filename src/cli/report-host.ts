// What `auspex report` takes from the machine it runs on: the clock, time zone
// and uptime for -ts/-te, and the users for -i names (passwd read only when a
// name is asked for). Lighter than search's host: reports need no protocol or
// interface names.
import type { TimeEnv, UserDb } from '../query/index.js';
import { systemTimeZone } from '../query/index.js';
import { hostUsers, readUptime } from './host-files.js';

export interface ReportHost {
  readonly time: TimeEnv;
  readonly users: UserDb;
}

export function reportHost(): ReportHost {
  return {
    time: { nowSec: Math.floor(Date.now() / 1000), timeZone: systemTimeZone(), uptime: readUptime },
    users: hostUsers(),
  };
}
