// The machine's files the commands read for their hosts (passwd, group,
// /proc/uptime, sysfs listings): a file that is missing or unreadable is
// undefined, never a throw.
import { readFileSync, readdirSync } from 'node:fs';
import type { UserDb } from '../query/index.js';
import { userDbFromFiles } from '../query/index.js';

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

export function listDir(path: string): readonly string[] | undefined {
  try {
    return readdirSync(path);
  } catch {
    return undefined;
  }
}

/** This machine's users and groups (for criteria and reports), read when first asked for. */
export function hostUsers(): UserDb {
  let db: UserDb | undefined;
  const load = (): UserDb => (db ??= userDbFromFiles(readText('/etc/passwd') ?? '', readText('/etc/group') ?? ''));
  return { uidOf: (n) => load().uidOf(n), gidOf: (n) => load().gidOf(n), userName: (u) => load().userName(u) };
}

/** Seconds since boot (/proc/uptime), for -ts boot; the message ausearch prints when it cannot read it. */
export function readUptime(): number | { error: string } {
  const text = readText('/proc/uptime');
  const secs = text === undefined ? Number.NaN : Number(text.split(' ')[0]);
  return Number.isFinite(secs) ? secs : { error: 'No such file or directory' };
}
