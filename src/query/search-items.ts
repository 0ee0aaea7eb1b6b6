// What ausearch 3.0.9 pulls out of an event's records to test the criteria
// against (its search_items), and which of those fields a query needs (its
// `event_* != unset` tests). Defaults are ausearch's: absent ids read as -1/-2.
import type { SearchCriteria } from './options.js';
import type { UserDb } from './user-db.js';

export const UID_UNSET = 0xffffffff; // (uid_t)-1
export const LOGINUID_UNSET = 0xfffffffe; // (uid_t)-2: ausearch's "no auid seen"
export const SESSION_UNSET = 0xfffffffe; // (uint32_t)-2

/** What an AVC record says it did with the access (its avc_result). */
export type AvcResult = 'unset' | 'denied' | 'granted';

/**
 * An SELinux context pair as ausearch collects them (its anode); AVC and
 * USER_AVC records also fill the decision, permissions and class (aureport -a).
 */
export interface ContextNode {
  subject: string | null;
  object: string | null;
  result?: AvcResult;
  perm?: string | null;
  tclass?: string | null;
}

export class SearchItems {
  ppid = -1;
  pid = -1;
  uid = UID_UNSET;
  euid = UID_UNSET;
  loginuid = LOGINUID_UNSET;
  gid = UID_UNSET;
  egid = UID_UNSET;
  /** -1 unset, 0 failed, 1 success; other values can come from `res=N`. */
  success = -1;
  arch = 0;
  syscall = 0;
  sessionId = SESSION_UNSET;
  exit = 0n;
  exitIsSet = false;
  hostname: string | null = null;
  filenames: string[] | null = null;
  /**
   * Per file name (same index), the PATH record's text after its first
   * `type=` past the name (nametype= and what follows), as ausearch keeps it:
   * aureport -f skips names whose text is exactly "PARENT".
   */
  filenameTypes: (string | undefined)[] | null = null;
  cwd: string | null = null;
  exe: string | null = null;
  keys: string[] | null = null;
  terminal: string | null = null;
  comm: string | null = null;
  contexts: ContextNode[] | null = null;
  uuid: string | null = null;
  vmName: string | null = null;
  /** acct= of the last user-space record that has one (aureport -au, -l, -m). */
  acct: string | null = null;
  /** uid/euid/auid as names, looked up only for name criteria (-ui root). */
  uidName: string | null = null;
  euidName: string | null = null;
  loginuidName: string | null = null;

  /** Back to the state before any record was read (one object serves event after event). */
  reset(): void {
    this.ppid = -1;
    this.pid = -1;
    this.uid = UID_UNSET;
    this.euid = UID_UNSET;
    this.loginuid = LOGINUID_UNSET;
    this.gid = UID_UNSET;
    this.egid = UID_UNSET;
    this.success = -1;
    this.arch = 0;
    this.syscall = 0;
    this.sessionId = SESSION_UNSET;
    this.exit = 0n;
    this.exitIsSet = false;
    this.hostname = null;
    this.filenames = null;
    this.filenameTypes = null;
    this.cwd = null;
    this.exe = null;
    this.keys = null;
    this.terminal = null;
    this.comm = null;
    this.contexts = null;
    this.uuid = null;
    this.vmName = null;
    this.acct = null;
    this.uidName = null;
    this.euidName = null;
    this.loginuidName = null;
  }

  addFilename(name: string): void {
    (this.filenames ??= []).push(name);
  }

  /** Notes the type text of the file name added last. */
  setLastFilenameType(type: string): void {
    const names = this.filenames;
    if (names === null || names.length === 0) return;
    (this.filenameTypes ??= [])[names.length - 1] = type;
  }

  addKey(key: string): void {
    (this.keys ??= []).push(key);
  }

  addContext(node: ContextNode): void {
    (this.contexts ??= []).push(node);
  }
}

/**
 * Which fields the record parsers must extract: one flag per ausearch test
 * `event_x != unset` (a name criterion counts as set even when its number is
 * the unset value, as ausearch tests `event_uid != -1 || event_tuid`).
 */
export interface Wants {
  readonly ppid: boolean;
  readonly pid: boolean;
  readonly uid: boolean;
  /** event_uid != -1 alone: the daemon record parser ignores uid names. */
  readonly uidNumber: boolean;
  readonly euid: boolean;
  readonly loginuid: boolean;
  readonly gid: boolean;
  readonly egid: boolean;
  readonly terminal: boolean;
  readonly session: boolean;
  readonly comm: boolean;
  readonly exe: boolean;
  readonly subject: boolean;
  readonly object: boolean;
  readonly success: boolean;
  readonly exit: boolean;
  readonly key: boolean;
  readonly file: boolean;
  readonly hostname: boolean;
  readonly vmName: boolean;
  readonly uuid: boolean;
  /** ausearch reads arch= only for -i/csv/text output or when a machine is set. */
  readonly arch: boolean;
  /** Whether uid names must be looked up at all. */
  readonly names: boolean;
  /** false: acct= values are not kept (only aureport prints them); absent means kept. */
  readonly acct?: boolean;
}

/**
 * Whether the record parsers may print while they extract: with -hn or -f
 * ausearch parses SOCKADDR records and says "sockaddr len too short" (and the
 * like) on stderr for a short one (ausearch-parse.c parse_sockaddr), so every
 * event must be parsed, and before the cheap tests, for stderr to be ausearch's.
 */
export function parsersMayPrint(w: Wants): boolean {
  return w.hostname || w.file;
}

export function wantsOf(c: SearchCriteria, archForOutput: boolean): Wants {
  const uidNumber = c.uid !== undefined && c.uid !== UID_UNSET;
  const names = c.uidName !== undefined || c.euidName !== undefined || c.loginuidName !== undefined;
  return {
    ppid: c.ppid !== undefined && c.ppid !== -1,
    pid: c.pid !== undefined && c.pid !== -1,
    uid: uidNumber || c.uidName !== undefined,
    uidNumber,
    euid: (c.euid !== undefined && c.euid !== UID_UNSET) || c.euidName !== undefined,
    loginuid: (c.loginuid !== undefined && c.loginuid !== LOGINUID_UNSET) || c.loginuidName !== undefined,
    gid: c.gid !== undefined && c.gid !== UID_UNSET,
    egid: c.egid !== undefined && c.egid !== UID_UNSET,
    terminal: c.terminal !== undefined,
    session: c.sessionId !== undefined && c.sessionId !== SESSION_UNSET,
    comm: c.comm !== undefined,
    exe: c.exe !== undefined,
    subject: c.subject !== undefined,
    object: c.object !== undefined,
    success: c.success !== undefined,
    exit: c.exit !== undefined,
    key: c.key !== undefined,
    file: c.file !== undefined,
    hostname: c.hostname !== undefined,
    vmName: c.vmName !== undefined,
    uuid: c.uuid !== undefined,
    arch: archForOutput || c.machine !== undefined,
    names,
    acct: false,
  };
}

/**
 * ausearch's lookup_uid: the name the event's first record recorded (ENRICHED
 * logs, only when ausearch loaded them for this event), else root/unset, else
 * the local user database.
 */
export class UidNames {
  readonly #users: UserDb;
  #interp: string | undefined;
  #parsed: Map<string, string> | undefined;

  constructor(users: UserDb) {
    this.#users = users;
  }

  /** Sets the ENRICHED tail ausearch would load for the current event (or none). */
  reset(interp: string | undefined): void {
    this.#interp = interp;
    this.#parsed = undefined;
  }

  lookup(field: 'uid' | 'euid' | 'auid', uid: number): string | null {
    if (this.#interp !== undefined) {
      this.#parsed ??= loadInterpretations(this.#interp);
      const v = this.#parsed.get(field);
      if (v !== undefined) return printEscapedValue(v);
    }
    if (uid === 0) return 'root';
    if (uid === UID_UNSET) return 'unset';
    return this.#users.userName(uid) ?? null;
  }
}

/**
 * auparse's interpretation list of an ENRICHED tail: space-separated
 * NAME=value, names lowercased, first one wins; values as written (an id's
 * value is read through printEscapedValue, other values are used as they are).
 */
export function loadInterpretations(tail: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of tail.split(' ')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const name = item.slice(0, eq).replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (!out.has(name)) out.set(name, item.slice(eq + 1));
  }
  return out;
}

/** auparse's print_escaped: a value unquoted, or hex-decoded. */
export function printEscapedValue(val: string): string {
  if (val.startsWith('"')) {
    const close = val.indexOf('"', 1);
    return close < 0 ? ' ' : val.slice(1, close);
  }
  const from = val.startsWith('00') ? 2 : 0;
  let end = from;
  if (val.charCodeAt(from) === 40 /* ( */) {
    const close = val.indexOf(')', from);
    if (close >= 0) return val.slice(from, close + 1);
    return val;
  }
  while (end < val.length && /[0-9A-Fa-f]/.test(val.charAt(end))) end++;
  if (end - from < 2) return val;
  let out = '';
  for (let i = from; i < end; i += 2) {
    const byte = parseInt(val.slice(i, Math.min(i + 2, end)).padEnd(2, '0'), 16);
    if (byte === 0) break;
    out += String.fromCharCode(byte);
  }
  return out;
}
