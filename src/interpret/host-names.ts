// Names that belong to the machine doing the reading, as ausearch takes them:
// users and groups (getpwuid/getgrgid: first entry with that id in
// /etc/passwd, /etc/group), IP protocols (getprotobynumber: first entry in
// /etc/protocols) and network interfaces (if_indextoname, /sys/class/net). Parsing is pure; the files arrive through an injected
// reader, read lazily on first need. Only the files are consulted, not other
// NSS sources (LDAP, systemd-userdb).
import { parseIdLine } from '../format/index.js';

export interface UserDb {
  userName(uid: number): string | undefined;
  groupName(gid: number): string | undefined;
}

export interface ProtocolDb {
  protocolName(proto: number): string | undefined;
}

/** Network interfaces by index (if_indextoname), for IPv6 link-local scopes. */
export interface InterfaceDb {
  interfaceName(index: number): string | undefined;
}

/** Reads a whole text file, or returns undefined when it cannot. */
export type ReadTextFile = (path: string) => string | undefined;

/** Names by id of a passwd or group file's lines (format/'s parseIdLine), first wins. */
export function parseIdFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const e = parseIdLine(line);
    if (e !== undefined && !out.has(e.id)) out.set(e.id, e.name);
  }
  return out;
}

/** Protocol name by number from /etc/protocols text (`name number aliases # comment`). */
export function parseProtocols(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const raw of text.split('\n')) {
    const line = raw.split('#')[0] ?? '';
    const f = line.trim().split(/\s+/);
    const name = f[0];
    const num = f[1];
    if (name === undefined || name === '' || num === undefined || !/^\d+$/.test(num)) continue;
    const n = Number(num);
    if (!out.has(n)) out.set(n, name);
  }
  return out;
}

/** Users and groups from passwd/group files, read on first lookup. */
export function createFileUserDb(read: ReadTextFile, passwd = '/etc/passwd', group = '/etc/group'): UserDb {
  let users: Map<number, string> | undefined;
  let groups: Map<number, string> | undefined;
  return {
    userName(uid) {
      users ??= parseIdFile(read(passwd) ?? '');
      return users.get(uid);
    },
    groupName(gid) {
      groups ??= parseIdFile(read(group) ?? '');
      return groups.get(gid);
    },
  };
}

/** Protocols from an /etc/protocols file, read on first lookup. */
export function createFileProtocolDb(read: ReadTextFile, path = '/etc/protocols'): ProtocolDb {
  let protos: Map<number, string> | undefined;
  return {
    protocolName(n) {
      protos ??= parseProtocols(read(path) ?? '');
      return protos.get(n);
    },
  };
}

/** Interfaces as /sys/class/net lists them (each one's ifindex file), read on first lookup. */
export function createSysfsInterfaceDb(read: ReadTextFile, listDir: (path: string) => readonly string[] | undefined, dir = '/sys/class/net'): InterfaceDb {
  let byIndex: Map<number, string> | undefined;
  return {
    interfaceName(index) {
      if (byIndex === undefined) {
        byIndex = new Map();
        for (const name of listDir(dir) ?? []) {
          const n = Number((read(`${dir}/${name}/ifindex`) ?? '').trim());
          if (Number.isInteger(n) && n > 0 && !byIndex.has(n)) byIndex.set(n, name);
        }
      }
      return byIndex.get(index);
    },
  };
}

/** A database that knows no names (every id prints as unknown(N)). */
export const NO_USERS: UserDb = { userName: () => undefined, groupName: () => undefined };
export const NO_PROTOCOLS: ProtocolDb = { protocolName: () => undefined };
export const NO_INTERFACES: InterfaceDb = { interfaceName: () => undefined };
