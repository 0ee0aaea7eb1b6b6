// What the kernel's filter sees when it decides about one audited thing (a
// syscall's exit, an io_uring op, a user message), rebuilt from the records
// that were logged: credentials, ids, arch and arguments, result, the paths
// (PATH records) and the socket address family. Values the log does not hold
// are undefined; values taken from elsewhere (an async op's ring owner) are
// named in `inferred` so explanations can say so.
import type { AuditRecord } from '../format/index.js';
import { decodeStringValue, parseFields } from '../format/index.js';

export interface PathName {
  readonly name: string | undefined;
  readonly inode: number | undefined;
  readonly devMajor: number | undefined;
  readonly devMinor: number | undefined;
  readonly mode: number | undefined;
  readonly ouid: number | undefined;
  readonly ogid: number | undefined;
}

export interface FilterSubject {
  /** Syscall number (exit list) or io_uring op (io_uring list). */
  readonly op: number | undefined;
  readonly arch: number | undefined;
  /** Syscall arguments a0..a3 (raw 64-bit values). */
  readonly args: ReadonlyArray<bigint | undefined>;
  readonly pid: number | undefined;
  readonly ppid: number | undefined;
  readonly uid: number | undefined;
  readonly euid: number | undefined;
  readonly suid: number | undefined;
  readonly fsuid: number | undefined;
  readonly gid: number | undefined;
  readonly egid: number | undefined;
  readonly sgid: number | undefined;
  readonly fsgid: number | undefined;
  readonly auid: number | undefined;
  readonly ses: number | undefined;
  readonly pers: number | undefined;
  readonly exe: string | undefined;
  readonly subj: string | undefined;
  readonly exit: number | undefined;
  readonly success: boolean | undefined;
  /** undefined: which names the filter saw is not known. */
  readonly names: readonly PathName[] | undefined;
  readonly cwd: string | undefined;
  readonly saddrFamily: number | undefined;
  readonly msgType: number | undefined;
  readonly inferred: ReadonlySet<string>;
}

export type Fields = ReadonlyMap<string, string>;

export function fieldsOf(record: AuditRecord): Fields {
  const m = new Map<string, string>();
  for (const f of parseFields(record.body, record.type)) if (!m.has(f.name)) m.set(f.name, f.value);
  return m;
}

export function num(f: Fields, name: string): number | undefined {
  const v = f.get(name);
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function hex(f: Fields, name: string): bigint | undefined {
  const v = f.get(name);
  return v !== undefined && /^[0-9a-fA-F]{1,16}$/.test(v) ? BigInt(`0x${v}`) : undefined;
}

export function text(f: Fields, name: string): string | undefined {
  const v = f.get(name);
  return v === undefined || v === '(null)' || v === '?' ? undefined : decodeStringValue(v);
}

export function pathNames(records: readonly AuditRecord[]): PathName[] {
  const out: PathName[] = [];
  for (const r of records) {
    if (r.type !== 1302) continue;
    const f = fieldsOf(r);
    const dev = /^([0-9a-f]+):([0-9a-f]+)$/.exec(f.get('dev') ?? '');
    const mode = f.get('mode');
    out.push({
      name: text(f, 'name'),
      inode: num(f, 'inode'),
      devMajor: dev === null ? undefined : parseInt(dev[1] as string, 16),
      devMinor: dev === null ? undefined : parseInt(dev[2] as string, 16),
      mode: mode !== undefined && /^[0-7]+$/.test(mode) ? parseInt(mode, 8) : undefined,
      ouid: num(f, 'ouid'),
      ogid: num(f, 'ogid'),
    });
  }
  return out;
}

export function cwdOf(records: readonly AuditRecord[]): string | undefined {
  const r = records.find((x) => x.type === 1307);
  return r === undefined ? undefined : text(fieldsOf(r), 'cwd');
}

export function saddrFamilyOf(records: readonly AuditRecord[]): number | undefined {
  const r = records.find((x) => x.type === 1306);
  const h = r === undefined ? undefined : fieldsOf(r).get('saddr');
  if (h === undefined || !/^[0-9A-Fa-f]{4}/.test(h)) return undefined;
  return parseInt(h.slice(2, 4) + h.slice(0, 2), 16); // sa_family, little-endian
}

/** Credentials and ids as a SYSCALL or URINGOP record logs them. */
export function credsOf(f: Fields): Pick<FilterSubject, 'pid' | 'ppid' | 'uid' | 'euid' | 'suid' | 'fsuid' | 'gid' | 'egid' | 'sgid' | 'fsgid'> {
  return {
    pid: num(f, 'pid'), ppid: num(f, 'ppid'), uid: num(f, 'uid'), euid: num(f, 'euid'), suid: num(f, 'suid'), fsuid: num(f, 'fsuid'),
    gid: num(f, 'gid'), egid: num(f, 'egid'), sgid: num(f, 'sgid'), fsgid: num(f, 'fsgid'),
  };
}
