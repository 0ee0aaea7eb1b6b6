// What `auspex search` takes from the machine it runs on: its users and
// groups (ausearch resolves names with the reader's passwd/group), IP
// protocol names, `uname -m`, the clock, time zone and uptime for -ts/-te.
import { readFileSync, readdirSync } from 'node:fs';
import { machine } from 'node:os';
import type { SearchArgsEnv, UserDb as QueryUserDb } from '../query/index.js';
import { systemTimeZone, userDbFromFiles } from '../query/index.js';
import type { InterfaceDb, ProtocolDb, UserDb as NameDb } from '../interpret/index.js';
import { createFileProtocolDb, createFileUserDb, createSysfsInterfaceDb } from '../interpret/index.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

export interface SearchHost {
  readonly args: SearchArgsEnv;
  readonly users: QueryUserDb;
  readonly names: NameDb;
  readonly protocols: ProtocolDb;
  /** Network interfaces by index (IPv6 link-local scopes print their name). */
  readonly interfaces: InterfaceDb;
  readonly machine: string;
}

function listDir(path: string): readonly string[] | undefined {
  try {
    return readdirSync(path);
  } catch {
    return undefined;
  }
}

export function searchHost(): SearchHost {
  let users: QueryUserDb | undefined;
  // Read passwd/group only when a criterion asks for a name.
  const lazyUsers: QueryUserDb = {
    uidOf: (n) => (users ??= userDbFromFiles(readText('/etc/passwd') ?? '', readText('/etc/group') ?? '')).uidOf(n),
    gidOf: (n) => (users ??= userDbFromFiles(readText('/etc/passwd') ?? '', readText('/etc/group') ?? '')).gidOf(n),
    userName: (u) => (users ??= userDbFromFiles(readText('/etc/passwd') ?? '', readText('/etc/group') ?? '')).userName(u),
  };
  const m = machine();
  return {
    args: {
      users: lazyUsers,
      machine: m,
      nowSec: Math.floor(Date.now() / 1000),
      timeZone: systemTimeZone(),
      uptime: () => {
        const text = readText('/proc/uptime');
        const secs = text === undefined ? Number.NaN : Number(text.split(' ')[0]);
        return Number.isFinite(secs) ? secs : { error: 'No such file or directory' };
      },
    },
    users: lazyUsers,
    names: createFileUserDb(readText),
    protocols: createFileProtocolDb(readText),
    interfaces: createSysfsInterfaceDb(readText, listDir),
    machine: m,
  };
}
