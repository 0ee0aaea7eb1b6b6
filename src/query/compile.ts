// Compiles search criteria into an event predicate that selects exactly the
// events ausearch 3.0.9's match() selects: all criteria ANDed, record fields
// extracted lazily (only the record types and fields some criterion needs).
import type { AuditEvent } from '../events/index.js';
import { SYSCALL_TYPE } from './extract.js';
import { EventItemsReader } from './extract-items.js';
import { machineOfArch } from './machines.table.js';
import { ausearchRecordType } from './msg-types.js';
import type { OutputFormat, SearchCriteria } from './options.js';
import { LOGINUID_UNSET, SESSION_UNSET, SearchItems, UID_UNSET, UidNames, parsersMayPrint, wantsOf } from './search-items.js';
import type { UserDb } from './user-db.js';

export interface CompileEnv {
  readonly users: UserDb;
  /**
   * The output format: ausearch reads SYSCALL arch= only for -i, csv and text
   * output, and then drops SYSCALL records without one.
   */
  readonly format: OutputFormat;
  /** What ausearch would print on stderr while matching (short sockaddr values). */
  readonly warn?: (text: string) => void;
  /**
   * --debug: receives what ausearch --debug prints on stderr while matching
   * (records of types it does not parse, events it skips as malformed).
   */
  readonly debug?: (text: string) => void;
}

export type EventPredicate = (event: AuditEvent) => boolean;

const EVENT_ID_UNSET = 0xffffffff;

export function compileCriteria(c: SearchCriteria, env: CompileEnv): EventPredicate {
  const w = wantsOf(c, env.format === 'interpret' || env.format === 'csv' || env.format === 'text');
  const names = new UidNames(env.users);
  const reader = new EventItemsReader(w, names, env);
  // One SearchItems serves every event: the predicate is done with it when it returns.
  const s = new SearchItems();
  const startSec = c.startSec ?? 0;
  const endSec = c.endSec ?? 0;
  const eventId = c.eventId ?? EVENT_ID_UNSET;
  const nodes = c.nodes;
  const types = c.messageTypes;
  const userMatch = compileUserMatch(c);
  const groupMatch = compileGroupMatch(c);
  const strmatch = c.wholeWord
    ? (needle: string, hay: string): boolean => hay === needle
    : (needle: string, hay: string): boolean => hay.includes(needle);
  // Without a criterion that can make a record parser print, the cheap tests
  // may run before extraction without changing what is printed.
  const cheapFirst = !parsersMayPrint(w);

  // ausearch's extract_search_items: false when a record makes it skip the event.
  function extract(event: AuditEvent): boolean {
    s.reset();
    if (w.names) {
      const records = event.records;
      const head = records[0];
      const loads = head !== undefined && (records.length === 1 || ausearchRecordType(head.typeName) === SYSCALL_TYPE);
      names.reset(loads && head !== undefined ? head.interp : undefined);
    } else names.reset(undefined);
    return reader.read(event, s) === 0;
  }

  function cheap(event: AuditEvent): boolean {
    if (nodes !== undefined && (event.node === undefined || !nodes.includes(event.node))) return false;
    if (types === undefined) return true;
    for (const r of event.records) if (types.includes(ausearchRecordType(r.typeName))) return true;
    return false;
  }

  return (event: AuditEvent): boolean => {
    if (startSec !== 0 && event.sec < startSec) return false;
    if (endSec !== 0 && event.sec > endSec) return false;
    if (eventId !== EVENT_ID_UNSET && eventId !== event.serial) return false;
    if (cheapFirst && !cheap(event)) return false;
    if (!extract(event)) return false;
    if (!cheapFirst && !cheap(event)) return false;
    if (!userMatch(s) || !groupMatch(s)) return false;
    if (c.ppid !== undefined && c.ppid !== -1 && c.ppid !== s.ppid) return false;
    if (c.pid !== undefined && c.pid !== -1 && c.pid !== s.pid) return false;
    if (c.machine !== undefined && c.machine !== machineOfArch(s.arch)) return false;
    if (c.syscall !== undefined && c.syscall !== -1 && c.syscall !== s.syscall) return false;
    if (c.sessionId !== undefined && c.sessionId !== SESSION_UNSET && c.sessionId !== s.sessionId) return false;
    if (c.exit !== undefined && (!s.exitIsSet || c.exit !== s.exit)) return false;
    if (c.success !== undefined && (c.success ? 1 : 0) !== s.success) return false;
    if (c.file !== undefined && !fileMatch(c.file, s, strmatch)) return false;
    if (c.hostname !== undefined && (s.hostname === null || !strmatch(c.hostname, s.hostname))) return false;
    if (c.terminal !== undefined && (s.terminal === null || !strmatch(c.terminal, s.terminal))) return false;
    if (c.exe !== undefined && (s.exe === null || !strmatch(c.exe, s.exe))) return false;
    if (c.comm !== undefined && (s.comm === null || !strmatch(c.comm, s.comm))) return false;
    if (c.key !== undefined) {
      const key = c.key;
      if (s.keys === null || !s.keys.some((k) => strmatch(key, k))) return false;
    }
    if (c.vmName !== undefined && (s.vmName === null || !strmatch(c.vmName, s.vmName))) return false;
    if (c.uuid !== undefined && (s.uuid === null || !strmatch(c.uuid, s.uuid))) return false;
    return contextMatch(c, s, strmatch);
  };
}

// Names, when any was given, replace the numeric tests entirely (-ui root -ul
// 1001 ignores the 1001); -ua ORs uid, euid and auid.
function compileUserMatch(c: SearchCriteria): (s: SearchItems) => boolean {
  const anyName = c.uidName !== undefined || c.euidName !== undefined || c.loginuidName !== undefined;
  if (c.uidAll && c.uidName !== undefined) {
    return (s) => (s.uidName !== null && s.uidName === c.uidName) ||
      (s.euidName !== null && s.euidName === c.euidName) ||
      (s.loginuidName !== null && s.loginuidName === c.loginuidName);
  }
  if (c.uidAll) {
    const uid = c.uid ?? UID_UNSET;
    const euid = c.euid ?? UID_UNSET;
    const loginuid = c.loginuid ?? LOGINUID_UNSET;
    return (s) => uid === s.uid || euid === s.euid || loginuid === s.loginuid;
  }
  if (anyName) {
    return (s) => {
      if (c.uidName !== undefined && s.uidName !== c.uidName) return false;
      if (c.euidName !== undefined && s.euidName !== c.euidName) return false;
      if (c.loginuidName !== undefined && s.loginuidName !== c.loginuidName) return false;
      return true;
    };
  }
  const uid = c.uid !== undefined && c.uid !== UID_UNSET ? c.uid : undefined;
  const euid = c.euid !== undefined && c.euid !== UID_UNSET ? c.euid : undefined;
  const loginuid = c.loginuid !== undefined && c.loginuid !== LOGINUID_UNSET ? c.loginuid : undefined;
  return (s) => (uid === undefined || uid === s.uid) && (euid === undefined || euid === s.euid) &&
    (loginuid === undefined || loginuid === s.loginuid);
}

function compileGroupMatch(c: SearchCriteria): (s: SearchItems) => boolean {
  if (c.gidAll) {
    const gid = c.gid ?? UID_UNSET;
    const egid = c.egid ?? UID_UNSET;
    return (s) => gid === s.gid || egid === s.egid;
  }
  const gid = c.gid !== undefined && c.gid !== UID_UNSET ? c.gid : undefined;
  const egid = c.egid !== undefined && c.egid !== UID_UNSET ? c.egid : undefined;
  return (s) => (gid === undefined || gid === s.gid) && (egid === undefined || egid === s.egid);
}

// Any file name of the event, else its cwd, must contain the -f text.
function fileMatch(file: string, s: SearchItems, strmatch: (n: string, h: string) => boolean): boolean {
  if (s.filenames === null && s.cwd === null) return false;
  if (s.filenames !== null && s.filenames.some((f) => strmatch(file, f))) return true;
  return s.cwd !== null && strmatch(file, s.cwd);
}

// -se: subject or object may match; -su and -o alone must match (and with
// both, ausearch tests only the subject).
function contextMatch(c: SearchCriteria, s: SearchItems, strmatch: (n: string, h: string) => boolean): boolean {
  const subject = c.subject;
  const object = c.object;
  if (c.contextEither) {
    const ctxs = s.contexts ?? [];
    if (subject !== undefined && ctxs.some((n) => n.subject !== null && strmatch(subject, n.subject))) return true;
    if (object !== undefined && ctxs.some((n) => n.object !== null && strmatch(object, n.object))) return true;
    return false;
  }
  if (subject !== undefined) return s.contexts !== null && s.contexts.some((n) => n.subject !== null && strmatch(subject, n.subject));
  if (object !== undefined) return s.contexts !== null && s.contexts.some((n) => n.object !== null && strmatch(object, n.object));
  return true;
}
