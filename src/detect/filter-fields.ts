// One rule's fields against a FilterSubject, as kernel/auditsc.c's
// audit_filter_rules compares them (audit_comparator on u32 values, gid
// fields also matching supplementary groups, exe by path, dir by tree, watch
// and inode per path name), with a third answer: unknown, when the log does
// not hold what the kernel compared. Each answer says why, for explanations.
import { AUDIT_COMPARE as C, AUDIT_FIELD as F, AUDIT_OPERATOR as O } from '../rules/index.js';
import type { RuleField } from '../rules/index.js';
import type { FilterSubject, PathName } from './filter-subject.js';

export type Tri = 'yes' | 'no' | 'unknown';

export interface FieldAnswer {
  readonly result: Tri;
  readonly why: string;
}

const FIELD_NAMES = new Map<number, string>(Object.entries(F).map(([k, v]) => [v, k.toLowerCase()]));
FIELD_NAMES.set(F.LOGINUID, 'auid').set(F.SESSIONID, 'ses').set(F.ARG0, 'a0').set(F.ARG1, 'a1').set(F.ARG2, 'a2').set(F.ARG3, 'a3').set(F.FILTERKEY, 'key');
FIELD_NAMES.set(F.WATCH, 'path').set(F.FIELD_COMPARE, 'compare');

const OPS = new Map<number, string>([[O.EQUAL, '='], [O.NOT_EQUAL, '!='], [O.LESS_THAN, '<'], [O.GREATER_THAN, '>'], [O.LESS_THAN_OR_EQUAL, '<='], [O.GREATER_THAN_OR_EQUAL, '>='], [O.BIT_MASK, '&'], [O.BIT_TEST, '&=']]);

export function fieldLabel(field: number): string {
  return FIELD_NAMES.get(field) ?? `field${field}`;
}

export function opLabel(op: number): string {
  return OPS.get(op) ?? `op${op}`;
}

/** audit_comparator on u32 values. */
export function compareU32(left: number, op: number, right: number): boolean {
  const l = left >>> 0;
  const r = right >>> 0;
  switch (op) {
    case O.EQUAL: return l === r;
    case O.NOT_EQUAL: return l !== r;
    case O.LESS_THAN: return l < r;
    case O.GREATER_THAN: return l > r;
    case O.LESS_THAN_OR_EQUAL: return l <= r;
    case O.GREATER_THAN_OR_EQUAL: return l >= r;
    case O.BIT_MASK: return (l & r) !== 0;
    case O.BIT_TEST: return ((l & r) >>> 0) === r;
    default: return false;
  }
}

const yes = (why: string): FieldAnswer => ({ result: 'yes', why });
const no = (why: string): FieldAnswer => ({ result: 'no', why });
const unknown = (why: string): FieldAnswer => ({ result: 'unknown', why });

function numeric(name: string, value: number | undefined, f: RuleField & { kind: 'int' }, inferred: boolean, missing: string): FieldAnswer {
  if (value === undefined) return unknown(`${name} is not in the log (${missing})`);
  const ok = compareU32(value, f.op, f.value);
  const src = inferred ? ' (taken from the ring owner)' : '';
  return ok ? yes(`${name}=${value}${src} ${opLabel(f.op)} ${f.value >>> 0}`) : no(`${name}=${value}${src} is not ${opLabel(f.op)} ${f.value >>> 0}`);
}

/** A path as the kernel resolved it, when the log tells: absolute, or relative to the cwd. */
function absolute(p: PathName, cwd: string | undefined): string | undefined {
  if (p.name === undefined) return undefined;
  if (p.name.startsWith('/')) return p.name;
  return cwd === undefined ? undefined : `${cwd.replace(/\/$/, '')}/${p.name}`;
}

function anyName(s: FilterSubject, name: PathName | undefined, what: string, test: (p: PathName) => boolean | undefined): FieldAnswer {
  const names = name !== undefined ? [name] : s.names;
  if (names === undefined) return unknown(`which paths the filter saw for ${what} is not known (several ops share the event's PATH records)`);
  let sawUnknown = false;
  for (const p of names) {
    const r = test(p);
    if (r === true) return yes(`${what}: path ${p.name ?? '(null)'} matches`);
    if (r === undefined) sawUnknown = true;
  }
  return sawUnknown ? unknown(`${what}: not every path's value is in the log`) : no(`${what}: no path matches`);
}

const S_IFMT = 0o170000;

function compareField(s: FilterSubject, f: RuleField & { kind: 'int' }): FieldAnswer {
  const which = f.value;
  const pair = (a: number | undefined, b: number | undefined, label: string): FieldAnswer => {
    if (a === undefined || b === undefined) return unknown(`${label}: not in the log`);
    return compareU32(a, f.op, b) ? yes(`${label}: ${a} ${opLabel(f.op)} ${b}`) : no(`${label}: ${a} is not ${opLabel(f.op)} ${b}`);
  };
  const obj = (a: number | undefined, key: 'ouid' | 'ogid', label: string): FieldAnswer =>
    anyName(s, undefined, label, (p) => (a === undefined || p[key] === undefined ? undefined : compareU32(a, f.op, p[key])));
  switch (which) {
    case C.UID_TO_OBJ_UID: return obj(s.uid, 'ouid', 'uid vs obj_uid');
    case C.GID_TO_OBJ_GID: return obj(s.gid, 'ogid', 'gid vs obj_gid');
    case C.EUID_TO_OBJ_UID: return obj(s.euid, 'ouid', 'euid vs obj_uid');
    case C.EGID_TO_OBJ_GID: return obj(s.egid, 'ogid', 'egid vs obj_gid');
    case C.AUID_TO_OBJ_UID: return obj(s.auid, 'ouid', 'auid vs obj_uid');
    case C.SUID_TO_OBJ_UID: return obj(s.suid, 'ouid', 'suid vs obj_uid');
    case C.SGID_TO_OBJ_GID: return obj(s.sgid, 'ogid', 'sgid vs obj_gid');
    case C.FSUID_TO_OBJ_UID: return obj(s.fsuid, 'ouid', 'fsuid vs obj_uid');
    case C.FSGID_TO_OBJ_GID: return obj(s.fsgid, 'ogid', 'fsgid vs obj_gid');
    case C.UID_TO_AUID: return pair(s.uid, s.auid, 'uid vs auid');
    case C.UID_TO_EUID: return pair(s.uid, s.euid, 'uid vs euid');
    case C.UID_TO_FSUID: return pair(s.uid, s.fsuid, 'uid vs fsuid');
    case C.UID_TO_SUID: return pair(s.uid, s.suid, 'uid vs suid');
    case C.AUID_TO_FSUID: return pair(s.auid, s.fsuid, 'auid vs fsuid');
    case C.AUID_TO_SUID: return pair(s.auid, s.suid, 'auid vs suid');
    case C.AUID_TO_EUID: return pair(s.auid, s.euid, 'auid vs euid');
    case C.EUID_TO_SUID: return pair(s.euid, s.suid, 'euid vs suid');
    case C.EUID_TO_FSUID: return pair(s.euid, s.fsuid, 'euid vs fsuid');
    case C.SUID_TO_FSUID: return pair(s.suid, s.fsuid, 'suid vs fsuid');
    case C.GID_TO_EGID: return pair(s.gid, s.egid, 'gid vs egid');
    case C.GID_TO_FSGID: return pair(s.gid, s.fsgid, 'gid vs fsgid');
    case C.GID_TO_SGID: return pair(s.gid, s.sgid, 'gid vs sgid');
    case C.EGID_TO_FSGID: return pair(s.egid, s.fsgid, 'egid vs fsgid');
    case C.EGID_TO_SGID: return pair(s.egid, s.sgid, 'egid vs sgid');
    case C.SGID_TO_FSGID: return pair(s.sgid, s.fsgid, 'sgid vs fsgid');
    default: return unknown(`comparison ${which} is not known`);
  }
}

/** gid/egid: a match also when the group is among the supplementary groups, which the log does not hold. */
function groupField(name: string, value: number | undefined, f: RuleField & { kind: 'int' }): FieldAnswer {
  if (value === undefined) return unknown(`${name} is not in the log`);
  const primary = compareU32(value, O.EQUAL, f.value);
  if (f.op === O.EQUAL) return primary ? yes(`${name}=${value}`) : unknown(`${name}=${value}, but ${f.value >>> 0} may be a supplementary group (not logged)`);
  if (f.op === O.NOT_EQUAL) return primary ? no(`${name}=${value}`) : unknown(`${name}=${value}, but ${f.value >>> 0} may be a supplementary group (not logged)`);
  return numeric(name, value, f, false, '');
}

function perm(s: FilterSubject & SubjectExtras, mask: number, op: number): FieldAnswer {
  // audit_match_perm: exec for execve, the open flags' access mode for open/openat; the other
  // syscall classes (read/write/attr) come from kernel tables this replay does not have.
  const name = s.syscallName;
  let r: boolean | undefined;
  if (name === 'execve' || name === 'execveat') r = (mask & 1) !== 0;
  else if (name === 'open' || name === 'openat') {
    const flags = s.args[name === 'open' ? 1 : 2];
    if (flags !== undefined) r = (mask & ([4, 2, 6, 6][Number(flags & 3n)] as number)) !== 0;
  }
  if (r === undefined) return unknown(`perm for ${name ?? 'this syscall'} depends on the kernel's syscall classes`);
  if (op === O.NOT_EQUAL) r = !r;
  return r ? yes(`perm matches ${name}`) : no(`perm does not match ${name}`);
}

export interface SubjectExtras {
  /** The syscall's name, for perm. */
  readonly syscallName: string | undefined;
}

/** One field of a rule; `name` is set in the inode phase (a rule on the inode hash lists, per path). */
export function evaluateField(subject: FilterSubject & SubjectExtras, f: RuleField, name: PathName | undefined): FieldAnswer {
  const s = subject;
  const label = fieldLabel(f.field);
  if (f.kind === 'text') {
    switch (f.field) {
      case F.FILTERKEY:
        return yes('key');
      case F.EXE: {
        if (s.exe === undefined) return unknown('exe is not in the log');
        const same = s.exe === f.text;
        const r = f.op === O.NOT_EQUAL ? !same : same;
        const src = s.inferred.has('exe') ? ' (the ring owner\'s)' : '';
        return r ? yes(`exe ${s.exe}${src} ${opLabel(f.op)} ${f.text}`) : no(`exe ${s.exe}${src} is not ${opLabel(f.op)} ${f.text}`);
      }
      case F.DIR: {
        const under = (p: PathName): boolean | undefined => {
          const a = absolute(p, s.cwd);
          return a === undefined ? undefined : a === f.text || a.startsWith(`${f.text.replace(/\/$/, '')}/`);
        };
        const r = anyName(s, undefined, `dir ${f.text}`, under);
        if (f.op !== O.NOT_EQUAL || r.result === 'unknown') return r;
        return r.result === 'yes' ? no(`a path is under ${f.text}`) : yes(`no path is under ${f.text}`);
      }
      case F.WATCH: {
        if (name === undefined) return no('path= is matched per path name by the inode filter');
        const a = absolute(name, s.cwd);
        if (a === undefined) return unknown('the path name is not in the log');
        const same = a === f.text;
        const r = f.op === O.NOT_EQUAL ? !same : same;
        return r ? yes(`path ${a} is the watched ${f.text}`) : no(`path ${a} is not the watched ${f.text}`);
      }
      default:
        if (s.subj === undefined) return unknown(`${label} needs the LSM label, not in the log`);
        return unknown(`${label} needs the LSM's own matching`);
    }
  }
  const inferred = (k: string): boolean => s.inferred.has(k);
  switch (f.field) {
    case F.PID: return numeric('pid', s.pid, f, false, '');
    case F.PPID: return numeric('ppid', s.ppid, f, false, '');
    case F.UID: return numeric('uid', s.uid, f, false, '');
    case F.EUID: return numeric('euid', s.euid, f, false, '');
    case F.SUID: return numeric('suid', s.suid, f, false, '');
    case F.FSUID: return numeric('fsuid', s.fsuid, f, false, '');
    case F.GID: return groupField('gid', s.gid, f);
    case F.EGID: return groupField('egid', s.egid, f);
    case F.SGID: return numeric('sgid', s.sgid, f, false, '');
    case F.FSGID: return numeric('fsgid', s.fsgid, f, false, '');
    case F.LOGINUID: return numeric('auid', s.auid, f, inferred('auid'), 'an io_uring op record has no auid');
    case F.LOGINUID_SET: return numeric('auid is set', s.auid === undefined ? undefined : s.auid === 4294967295 ? 0 : 1, f, inferred('auid'), 'no auid');
    case F.SESSIONID: return numeric('ses', s.ses, f, inferred('ses'), 'an io_uring op record has no ses');
    case F.PERS: return numeric('personality', s.pers, f, false, '');
    case F.ARCH: {
      if (s.arch === 0) return compareU32(0, f.op, f.value) ? yes('arch is 0 here') : no('arch is 0 in io-wq and SQPOLL context: an arch= field never matches there');
      return numeric('arch', s.arch, f, false, '');
    }
    case F.ARG0: case F.ARG1: case F.ARG2: case F.ARG3: {
      const i = f.field - F.ARG0;
      const a = s.args[i];
      if (s.arch === 0) return numeric(`a${i}`, 0, f, false, '');
      // The kernel compares the argument's low 32 bits (audit_comparator takes u32).
      return numeric(`a${i}`, a === undefined ? undefined : Number(a & 0xffffffffn), f, false, 'not logged');
    }
    case F.EXIT: return numeric('exit', s.exit, f, false, '');
    case F.SUCCESS: {
      if (s.success === undefined) return unknown('success is not in the log');
      // success=1 compares to AUDITSC_SUCCESS (1), success=0 to AUDITSC_FAILURE (2).
      const want = f.value !== 0;
      const eq = s.success === want;
      const r = f.op === O.NOT_EQUAL ? !eq : eq;
      return r ? yes(`success=${s.success ? 'yes' : 'no'}`) : no(`success=${s.success ? 'yes' : 'no'} is not ${opLabel(f.op)} ${f.value}`);
    }
    case F.INODE: return anyName(s, name, 'inode', (p) => (p.inode === undefined ? undefined : compareU32(p.inode, f.op, f.value)));
    case F.DEVMAJOR: return anyName(s, name, 'devmajor', (p) => (p.devMajor === undefined ? undefined : compareU32(p.devMajor, f.op, f.value)));
    case F.DEVMINOR: return anyName(s, name, 'devminor', (p) => (p.devMinor === undefined ? undefined : compareU32(p.devMinor, f.op, f.value)));
    case F.OBJ_UID: return anyName(s, name, 'obj_uid', (p) => (p.ouid === undefined ? undefined : compareU32(p.ouid, f.op, f.value)));
    case F.OBJ_GID: return anyName(s, name, 'obj_gid', (p) => (p.ogid === undefined ? undefined : compareU32(p.ogid, f.op, f.value)));
    case F.FILETYPE: {
      const r = anyName(s, undefined, 'filetype', (p) => (p.mode === undefined ? undefined : (p.mode & S_IFMT) === (f.value >>> 0)));
      if (f.op !== O.NOT_EQUAL || r.result === 'unknown') return r;
      return r.result === 'yes' ? no('filetype matches a path') : yes('filetype matches no path');
    }
    case F.PERM: return perm(s, f.value, f.op);
    case F.SADDR_FAM: return s.saddrFamily === undefined ? no('no socket address in this syscall') : numeric('saddr_fam', s.saddrFamily, f, false, '');
    case F.MSGTYPE: return numeric('msgtype', s.msgType, f, false, '');
    case F.FIELD_COMPARE: return compareField(s, f);
    default: return unknown(`${label} is not replayed`);
  }
}
