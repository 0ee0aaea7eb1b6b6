// What `auspex search` takes from the machine it runs on: its users and
// groups (ausearch resolves names with the reader's passwd/group), IP
// protocol names, `uname -m`, the clock, time zone and uptime for -ts/-te.
import { machine } from 'node:os';
import type { SearchArgsEnv, UserDb as QueryUserDb } from '../query/index.js';
import { systemTimeZone } from '../query/index.js';
import type { InterfaceDb, ProtocolDb, UserDb as NameDb } from '../interpret/index.js';
import { createFileProtocolDb, createFileUserDb, createSysfsInterfaceDb } from '../interpret/index.js';
import { hostUsers, listDir, readText, readUptime } from './host-files.js';

export interface SearchHost {
  readonly args: SearchArgsEnv;
  readonly users: QueryUserDb;
  readonly names: NameDb;
  readonly protocols: ProtocolDb;
  /** Network interfaces by index (IPv6 link-local scopes print their name). */
  readonly interfaces: InterfaceDb;
  readonly machine: string;
}

export function searchHost(): SearchHost {
  // passwd/group are read only when a criterion asks for a name.
  const users = hostUsers();
  const m = machine();
  return {
    args: {
      users,
      machine: m,
      nowSec: Math.floor(Date.now() / 1000),
      timeZone: systemTimeZone(),
      uptime: readUptime,
    },
    users,
    names: createFileUserDb(readText),
    protocols: createFileProtocolDb(readText),
    interfaces: createSysfsInterfaceDb(readText, listDir),
    machine: m,
  };
}
