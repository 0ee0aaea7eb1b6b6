// One `-F field<op>value` or `-C a<op>b` turned into a rule field, with the
// checks and value conversions of libaudit's audit_rule_fieldpair_data (3.0.9)
// and the io_uring list of 4.x: names → numbers, per-list restrictions, and the
// same error for the same mistake.
import { AUDIT_FEATURE_BITMAP as FEAT, AUDIT_FIELD as F, AUDIT_LIMIT, AUDIT_LIST as L, AUDIT_OPERATOR as OP } from './audit-constants.gen.js';
import { cToU32, isDigit } from './c-number.js';
import {
  OPERATOR_SEARCH_ORDER, compareValue, errnoNumber, fieldNumber, fileTypeNumber, fsTypeNumber,
  machineForElf, machineInfo, msgTypeNumber,
} from './lookups.js';
import type { MachineInfo } from './names.table.js';
import type { FieldErrorCode } from './rule-errors.js';
import type { RuleField } from './rule-spec.js';

/** What a field conversion needs from the host: user and group names, the machine, kernel features. */
export interface RuleHost {
  /** This machine as `uname -m` names it (resolves `-S name` and `arch=b64`). */
  readonly machine: string;
  lookupUser(name: string): number | undefined;
  lookupGroup(name: string): number | undefined;
  /** Whether a watch path is an existing directory (auditctl stat()s it). */
  isDirectory(path: string): boolean;
  /** AUDIT_FEATURE_BITMAP_* the kernel reports (status feature_bitmap). */
  readonly features: number;
}

/** The parts of the rule under construction a field conversion reads and updates. */
export interface FieldState {
  syscallAdded: boolean;
  permAdded: boolean;
  exeAdded: boolean;
  filterFsAdded: boolean;
  /** AUDIT_ARCH_* chosen by `-F arch=` (0 until then, or set by -S from the machine). */
  elf: number;
  fieldCount: number;
}

export type FieldResult =
  | { readonly ok: true; readonly field: RuleField }
  | { readonly ok: false; readonly code: FieldErrorCode; readonly opt: string }
  /** An error auditctl reports in a sentence of its own (unknown user/group). */
  | { readonly ok: false; readonly code: 'E_CTL_USER'; readonly message: string };

const PATH_MAX = 4096;
const AF_MAX = 46;

const isLsmField = (f: number): boolean => f >= F.SUBJ_USER && f <= F.OBJ_LEV_HIGH && f !== F.PPID;

/** Splits `name<op>value` at the first operator in auditctl's search order. */
function splitPair(pair: string, symbols: ReadonlyArray<readonly [string, number]>): { name: string; op: number; value: string } | undefined {
  for (const [symbol, op] of symbols) {
    const at = pair.indexOf(symbol);
    if (at >= 0) return { name: pair.slice(0, at), op, value: pair.slice(at + symbol.length) };
  }
  return undefined;
}

/** The machine `arch=TEXT` names, as libaudit's audit_determine_machine. */
export function resolveArch(text: string, host: RuleHost): MachineInfo | undefined {
  const lower = text.toLowerCase();
  const here = machineInfo(host.machine);
  if (lower === 'b64') return here !== undefined && (here.elf & 0x80000000) !== 0 ? here : undefined;
  if (lower === 'b32') {
    if (here === undefined) return undefined;
    if ((here.elf & 0x80000000) === 0) return here;
    return here.compat32 === undefined ? undefined : machineInfo(here.compat32);
  }
  const named = machineInfo(text);
  if (named !== undefined) return named;
  if (!/^[0-9a-fA-F]/.test(text)) return undefined;
  return machineForElf(cToU32(text, false, 16));
}

function uidValue(v: string, host: RuleHost): number | string {
  if (isDigit(v[0])) return cToU32(v, false);
  if (v.length >= 2 && v[0] === '-' && isDigit(v[1])) return cToU32(v, true);
  if (v === 'unset') return 0xffffffff;
  const uid = host.lookupUser(v);
  return uid === undefined ? `Unknown user: ${v}` : uid;
}

function gidValue(v: string, host: RuleHost): number | string {
  if (isDigit(v[0])) return cToU32(v, true);
  const gid = host.lookupGroup(v);
  return gid === undefined ? `Unknown group: ${v}` : gid;
}

function permValue(v: string): number | undefined {
  let val = 0;
  for (const c of v.toLowerCase()) {
    if (c === 'r') val |= 4;
    else if (c === 'w') val |= 2;
    else if (c === 'x') val |= 1;
    else if (c === 'a') val |= 8;
    else return undefined;
  }
  return val;
}

/** `-F pair` for a rule on `list` (AUDIT_FILTER_*, prepend bit cleared). The key field is handled by the caller. */
export function parseFieldPair(pair: string, list: number, state: FieldState, host: RuleHost): FieldResult {
  if (state.fieldCount >= AUDIT_LIMIT.MAX_FIELDS - 1) return { ok: false, code: 'E_RULE_TOO_MANY_FIELDS', opt: pair };
  const parts = splitPair(pair, OPERATOR_SEARCH_ORDER);
  if (parts === undefined) return { ok: false, code: 'E_RULE_OP_MISSING', opt: pair };
  const { name, op, value: v } = parts;
  // auditctl cuts its argument at the operator before reporting, so errors name the field only.
  const fail = (code: FieldErrorCode): FieldResult => ({ ok: false, code, opt: name });
  if (name === '') return fail('E_RULE_FIELD_NAME_MISSING');
  if (v === '') return fail('E_RULE_VALUE_MISSING');
  const field = fieldNumber(name);
  if (field === undefined) return fail('E_RULE_FIELD_UNKNOWN');
  const exitLike = list === L.EXIT || list === L.URING_EXIT;

  if (list === L.EXCLUDE) {
    if ((host.features & FEAT.EXCLUDE_EXTEND) === 0) {
      if (field !== F.MSGTYPE) return fail('E_RULE_FIELD_NO_SUPPORT');
    } else if (![F.PID, F.UID, F.GID, F.LOGINUID, F.MSGTYPE, F.SUBJ_USER, F.SUBJ_ROLE, F.SUBJ_TYPE, F.SUBJ_SEN, F.SUBJ_CLR, F.EXE].includes(field as never)) {
      return fail('E_RULE_EXCLUDE_FIELD');
    }
  }
  if (list === L.FS && (host.features & FEAT.FILTER_FS) === 0) return fail('E_RULE_FILTER_NO_SUPPORT');

  const int = (value: number): FieldResult => ({ ok: true, field: { kind: 'int', field, op, value: value >>> 0 } });
  switch (field) {
    case F.UID: case F.EUID: case F.SUID: case F.FSUID: case F.LOGINUID: case F.OBJ_UID: {
      const r = uidValue(v, host);
      return typeof r === 'string' ? { ok: false, code: 'E_CTL_USER', message: r } : int(r);
    }
    case F.GID: case F.EGID: case F.SGID: case F.FSGID: case F.OBJ_GID: {
      const r = gidValue(v, host);
      return typeof r === 'string' ? { ok: false, code: 'E_CTL_USER', message: r } : int(r);
    }
    case F.EXIT: {
      if (!exitLike) return fail('E_RULE_EXIT_ONLY');
      if (isDigit(v[0]) || (v.length >= 2 && v[0] === '-' && isDigit(v[1]))) return int(cToU32(v, true));
      const negative = v.startsWith('-');
      const n = errnoNumber(negative ? v.slice(1) : v);
      if (n === undefined || n === 0) return fail('E_RULE_ERRNO_UNKNOWN');
      return int(negative ? -n : n);
    }
    case F.MSGTYPE: {
      if (list !== L.EXCLUDE && list !== L.USER) return fail('E_RULE_MSGTYPE_LIST');
      if (isDigit(v[0])) return int(cToU32(v, true, 10));
      const n = msgTypeNumber(v);
      return n === undefined || n <= 0 ? fail('E_RULE_MSGTYPE_UNKNOWN') : int(n);
    }
    case F.OBJ_USER: case F.OBJ_ROLE: case F.OBJ_TYPE: case F.OBJ_LEV_LOW: case F.OBJ_LEV_HIGH:
    case F.WATCH: case F.DIR:
    case F.SUBJ_USER: case F.SUBJ_ROLE: case F.SUBJ_TYPE: case F.SUBJ_SEN: case F.SUBJ_CLR: case F.EXE: {
      if ((field === F.WATCH || field === F.DIR || (field >= F.OBJ_USER && field <= F.OBJ_LEV_HIGH)) && !exitLike) {
        return fail('E_RULE_EXIT_ONLY');
      }
      if (field === F.WATCH || field === F.DIR) state.permAdded = true;
      if (field === F.EXE) {
        if ((host.features & FEAT.EXECUTABLE_PATH) === 0) return fail('E_RULE_FIELD_NO_SUPPORT');
        if (op !== OP.EQUAL && op !== OP.NOT_EQUAL) return fail('E_RULE_OP_EQ_NE');
        state.exeAdded = true;
      }
      if (Buffer.byteLength(v) > PATH_MAX) return fail('E_RULE_STRING_TOO_LONG');
      return { ok: true, field: { kind: 'text', field, op, text: v } };
    }
    case F.ARCH: {
      if (state.syscallAdded) return fail('E_RULE_ARCH_MISPLACED');
      if (op !== OP.EQUAL && op !== OP.NOT_EQUAL) return fail('E_RULE_OP_EQ_NE');
      let elf: number;
      if (isDigit(v[0])) {
        elf = cToU32(v, false);
        if (machineForElf(elf) === undefined) return fail('E_RULE_ELF_UNKNOWN');
      } else {
        const m = resolveArch(v, host);
        if (m === undefined) return fail('E_RULE_ELF_UNKNOWN');
        elf = m.elf;
      }
      state.elf = elf;
      return int(elf);
    }
    case F.PERM: {
      // The kernel refuses perm on the io_uring list (EINVAL): say so as auditctl does for non-exit lists.
      if (list !== L.EXIT) return fail('E_RULE_EXIT_ONLY');
      if (op !== OP.EQUAL) return fail('E_RULE_OP_EQ');
      if (v.length > 4) return fail('E_RULE_STRING_TOO_LONG');
      const perm = permValue(v);
      if (perm === undefined) return fail('E_RULE_PERM_CHARS');
      state.permAdded = true;
      return int(perm);
    }
    case F.FILETYPE: {
      if (!exitLike) return fail('E_RULE_EXIT_ONLY');
      const t = fileTypeNumber(v);
      return t === undefined ? fail('E_RULE_FILETYPE_UNKNOWN') : int(t);
    }
    case F.FSTYPE: {
      if (list !== L.FS) return fail('E_RULE_FIELD_UNAVAILABLE');
      if (op !== OP.EQUAL && op !== OP.NOT_EQUAL) return fail('E_RULE_OP_EQ_NE');
      const magic = isDigit(v[0]) ? cToU32(v, false) : fsTypeNumber(v);
      if (magic === undefined || magic === 0xffffffff) return fail('E_RULE_FSTYPE_UNKNOWN');
      state.filterFsAdded = true;
      return int(magic);
    }
    case F.ARG0: case F.ARG1: case F.ARG2: case F.ARG3: {
      if (isDigit(v[0])) return int(cToU32(v, false));
      if (v.length >= 2 && v[0] === '-' && isDigit(v[1])) return int(cToU32(v, true));
      return fail('E_RULE_VALUE_NOT_NUMBER');
    }
    case F.SESSIONID: {
      if ((host.features & FEAT.SESSIONID_FILTER) === 0) return fail('E_RULE_FIELD_NO_SUPPORT');
      if (list !== L.EXCLUDE && list !== L.USER && !exitLike) return fail('E_RULE_FIELD_NO_FILTER');
      if (isDigit(v[0])) return int(cToU32(v, false));
      if (v.length >= 2 && v[0] === '-' && isDigit(v[1])) return int(cToU32(v, true));
      // auditctl 3.0.9 leaves any other word as 0.
      return int(v === 'unset' ? 0xffffffff : 0);
    }
    case F.SADDR_FAM: {
      const fam = cToU32(v, false);
      return fam >= AF_MAX ? fail('E_RULE_VALUE_TOO_BIG') : int(fam);
    }
    default: {
      if ((field >= F.DEVMAJOR && field <= F.INODE) || field === F.SUCCESS) {
        if (!exitLike) return fail('E_RULE_EXIT_ONLY');
      }
      if (field === F.INODE && op !== OP.EQUAL && op !== OP.NOT_EQUAL) return fail('E_RULE_OP_EQ_NE');
      if (field === F.PPID && !exitLike) return fail('E_RULE_EXIT_ONLY');
      if (!isDigit(v[0])) return fail('E_RULE_VALUE_NOT_NUMBER');
      return int(cToU32(v, field !== F.INODE));
    }
  }
}

/** `-C a<op>b`: an AUDIT_FIELD_COMPARE field, as audit_rule_interfield_comp_data. */
export function parseComparePair(pair: string, list: number, state: FieldState): FieldResult {
  if (state.fieldCount >= AUDIT_LIMIT.MAX_FIELDS - 1) return { ok: false, code: 'E_RULE_TOO_MANY_FIELDS', opt: pair };
  const parts = splitPair(pair, [['!=', OP.NOT_EQUAL], ['=', OP.EQUAL]]);
  if (parts === undefined) return { ok: false, code: 'E_RULE_COMPARE_OP', opt: pair };
  const { name, op, value } = parts;
  if (name === '') return { ok: false, code: 'E_RULE_COMPARE_FIELD_MISSING', opt: name };
  if (value === '') return { ok: false, code: 'E_RULE_COMPARE_VALUE_MISSING', opt: name };
  const a = fieldNumber(name);
  if (a === undefined) return { ok: false, code: 'E_RULE_COMPARE_FIELD_UNKNOWN', opt: name };
  const b = fieldNumber(value);
  if (b === undefined) return { ok: false, code: 'E_RULE_COMPARE_VALUE_UNKNOWN', opt: name };
  if (list !== L.EXIT && list !== L.URING_EXIT) return { ok: false, code: 'E_RULE_EXIT_ONLY', opt: name };
  const cmp = compareValue(a, b);
  if (cmp === undefined) return { ok: false, code: 'E_RULE_COMPARE_INCOMPATIBLE', opt: name };
  return { ok: true, field: { kind: 'int', field: F.FIELD_COMPARE, op, value: cmp } };
}

/** The key field auditctl appends last: every -k and `-F key=` joined with 0x01. */
export function keyField(keys: string, list: number, state: FieldState): FieldResult {
  const opt = 'key';
  if (list === L.EXCLUDE) return { ok: false, code: 'E_RULE_EXCLUDE_FIELD', opt };
  if (!(state.syscallAdded || state.permAdded || state.exeAdded || state.filterFsAdded)) {
    return { ok: false, code: 'E_RULE_KEY_DEPENDS', opt };
  }
  if (Buffer.byteLength(keys) > AUDIT_LIMIT.MAX_KEY_LEN) return { ok: false, code: 'E_RULE_STRING_TOO_LONG', opt };
  return { ok: true, field: { kind: 'text', field: F.FILTERKEY, op: OP.EQUAL, text: keys } };
}

export { isLsmField };
