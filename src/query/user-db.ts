// The user and group lookups search needs (getpwnam, getgrnam, getpwuid), passed
// in so that query/ stays pure: the CLI hands in the machine's database, tests
// hand in a real passwd/group snapshot.
import { parseIdLine } from '../format/index.js';

export interface UserDb {
  /** getpwnam: the uid of a user name, or undefined when there is no such user. */
  uidOf(name: string): number | undefined;
  /** getgrnam: the gid of a group name. */
  gidOf(name: string): number | undefined;
  /** getpwuid: the name of a uid. */
  userName(uid: number): string | undefined;
}

/** A UserDb over the text of passwd and group files (name:x:id:... lines). */
export function userDbFromFiles(passwd: string, group: string): UserDb {
  const uids = new Map<string, number>();
  const names = new Map<number, string>();
  const gids = new Map<string, number>();
  for (const line of passwd.split('\n')) {
    const e = parseIdLine(line);
    if (e === undefined) continue;
    if (!uids.has(e.name)) uids.set(e.name, e.id);
    if (!names.has(e.id)) names.set(e.id, e.name);
  }
  for (const line of group.split('\n')) {
    const e = parseIdLine(line);
    if (e !== undefined && !gids.has(e.name)) gids.set(e.name, e.id);
  }
  return {
    uidOf: (name) => uids.get(name),
    gidOf: (name) => gids.get(name),
    userName: (uid) => names.get(uid),
  };
}
