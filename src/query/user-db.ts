// The user and group lookups search needs (getpwnam, getgrnam, getpwuid), passed
// in so that query/ stays pure: the CLI hands in the machine's database, tests
// hand in a real passwd/group snapshot.
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
  for (const [name, id] of entries(passwd)) {
    if (!uids.has(name)) uids.set(name, id);
    if (!names.has(id)) names.set(id, name);
  }
  for (const [name, id] of entries(group)) if (!gids.has(name)) gids.set(name, id);
  return {
    uidOf: (name) => uids.get(name),
    gidOf: (name) => gids.get(name),
    userName: (uid) => names.get(uid),
  };
}

function* entries(text: string): Generator<[string, number]> {
  for (const line of text.split('\n')) {
    const parts = line.split(':');
    const name = parts[0];
    const id = parts[2];
    if (name === undefined || name === '' || name.startsWith('#') || id === undefined || !/^\d+$/.test(id)) continue;
    yield [name, Number(id)];
  }
}
