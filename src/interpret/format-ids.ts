// uid/gid printing as auparse does it (-1 is "unset", 0 is "root" whatever
// the passwd file says, others by name or `unknown(N)` with N as a C int),
// with a bounded cache in front of the user database.
import { parseUnsigned, parsedInt } from './c-number.js';
import type { UserDb } from './host-names.js';
import { convError } from './format-values.js';

const CACHE_MAX = 4096;

export class IdNamer {
  readonly #users: UserDb;
  readonly #uids = new Map<number, string>();
  readonly #gids = new Map<number, string>();

  constructor(users: UserDb) {
    this.#users = users;
  }

  /** print_uid(val, base). */
  uid(val: string, base: number): string {
    if (!parseUnsigned(val, base)) return convError(val);
    return this.uidName(parsedInt());
  }

  /** print_gid(val, base). */
  gid(val: string, base: number): string {
    if (!parseUnsigned(val, base)) return convError(val);
    return this.gidName(parsedInt());
  }

  uidName(id: number): string {
    if (id === -1) return 'unset';
    if (id === 0) return 'root';
    let s = this.#uids.get(id);
    if (s === undefined) {
      s = this.#users.userName(id >>> 0) ?? `unknown(${id})`;
      if (this.#uids.size >= CACHE_MAX) this.#uids.clear();
      this.#uids.set(id, s);
    }
    return s;
  }

  gidName(id: number): string {
    if (id === -1) return 'unset';
    if (id === 0) return 'root';
    let s = this.#gids.get(id);
    if (s === undefined) {
      s = this.#users.groupName(id >>> 0) ?? `unknown(${id})`;
      if (this.#gids.size >= CACHE_MAX) this.#gids.clear();
      this.#gids.set(id, s);
    }
    return s;
  }
}
