// User and group names resolved at collection time: /etc/passwd and
// /etc/group, re-read when they change (checked at most once a second), so a
// user added while the collector runs is named and a name reused later does
// not rename old events (each event is named when it is collected).
import { readFileSync, statSync } from 'node:fs';
import type { UserDb } from '../interpret/index.js';
import { parseIdFile } from '../interpret/index.js';

interface Table {
  map: Map<number, string>;
  mtimeMs: number;
  checkedMs: number;
}

function load(path: string, t: Table | undefined, nowMs: number): Table {
  if (t !== undefined && nowMs - t.checkedMs < 1000) return t;
  let mtimeMs = -1;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    // unreadable: no names
  }
  if (t !== undefined && t.mtimeMs === mtimeMs) {
    t.checkedMs = nowMs;
    return t;
  }
  let text = '';
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    // none
  }
  return { map: parseIdFile(text), mtimeMs, checkedMs: nowMs };
}

export function createLiveNames(passwd = '/etc/passwd', group = '/etc/group', nowMs: () => number = Date.now): UserDb {
  let users: Table | undefined;
  let groups: Table | undefined;
  return {
    userName(uid) {
      users = load(passwd, users, nowMs());
      return users.map.get(uid);
    },
    groupName(gid) {
      groups = load(group, groups, nowMs());
      return groups.map.get(gid);
    },
  };
}
