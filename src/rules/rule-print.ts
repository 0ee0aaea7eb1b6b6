// A rule in `auditctl -l` form: the watch shorthand (-w/-p/-k) when the rule is
// a plain watch, else -a action,list, arch first, then -S, then the fields in
// kernel order. Follows auditctl 3.0.9's listing; io_uring rules as 4.x prints
// them (-a always,io_uring -S openat). Printing a list carries the arch of one
// rule into the next rule's syscall names, exactly as auditctl does.
import { AUDIT_FIELD as F, AUDIT_LIST as L } from './audit-constants.gen.js';
import { asInt32 } from './c-number.js';
import {
  actionName, compareFieldNames, errnoName, fieldName, fsTypeName, listName, machineForElf, machineInfo,
  msgTypeName, operatorSymbol, syscallName, uringOpAudited, uringOpName,
} from './lookups.js';
import { isStringField } from './rule-codec.js';
import { maskHas, maskIsAll, MASK_WORDS } from './rule-spec.js';
import type { RuleField, RuleSpec } from './rule-spec.js';

export interface PrintOptions {
  /** This machine (`uname -m`): names syscalls of rules without an arch field. */
  readonly machine: string;
  /** `-l -i`: arch by machine name, unset auid/sessionid as `unset`. */
  readonly interpret?: boolean;
}

/** auditctl's `_audit_elf`: the arch of the last printed arch field, kept across rules. */
interface PrintState {
  elf: number;
}

const NO_SYSCALL_LISTS: ReadonlySet<number> = new Set([L.USER, L.TASK, L.EXCLUDE, L.FS]);

const sym = (op: number): string => operatorSymbol(op) ?? '(null)';

/** auditctl's is_watch: only path/dir/perm/key fields, a perm among them, and all syscalls. */
export function isWatchRule(rule: RuleSpec): boolean {
  let perm = false;
  for (const f of rule.fields) {
    if (f.field === F.PERM) perm = true;
    if (f.field !== F.PERM && f.field !== F.FILTERKEY && f.field !== F.DIR && f.field !== F.WATCH) return false;
  }
  const all = NO_SYSCALL_LISTS.has(rule.list) || maskIsAll(rule.mask);
  return perm && all;
}

function printArch(value: number, op: number, st: PrintState, interpret: boolean): string {
  st.elf = value;
  const m = machineForElf(value);
  if (m === undefined) return ` -F arch${sym(op)}0x${(value >>> 0).toString(16).toUpperCase()}`;
  if (interpret) return ` -F arch${sym(op)}${m.machine}`;
  return ` -F arch${sym(op)}${(value & 0x80000000) !== 0 ? 'b64' : 'b32'}`;
}

function printSyscalls(rule: RuleSpec, st: PrintState, opts: PrintOptions): string {
  if (NO_SYSCALL_LISTS.has(rule.list)) return '';
  if (maskIsAll(rule.mask)) return ' -S all';
  const names: string[] = [];
  for (let n = 0; n < MASK_WORDS * 32; n++) {
    if (!maskHas(rule.mask, n)) continue;
    let name: string | undefined;
    if (rule.list === L.URING_EXIT) {
      // 4.x names the ops its table holds: those the kernel audits.
      name = uringOpAudited(n) ? uringOpName(n) : undefined;
    } else {
      const m = st.elf !== 0 ? machineForElf(st.elf) : machineInfo(opts.machine);
      name = m === undefined ? undefined : syscallName(m, n);
    }
    names.push(name ?? String(n));
  }
  return names.length === 0 ? '' : ` -S ${names.join(',')}`;
}

function permText(value: number): string {
  return `${value & 4 ? 'r' : ''}${value & 2 ? 'w' : ''}${value & 1 ? 'x' : ''}${value & 8 ? 'a' : ''}`;
}

function printField(f: RuleField, watch: boolean, opts: PrintOptions): string {
  const name = fieldName(f.field);
  const op = sym(f.op);
  if (name === undefined) {
    const v = f.kind === 'int' ? asInt32(f.value) : Buffer.byteLength(f.text);
    return ` f${f.field}${op}${v}`;
  }
  if (f.kind === 'text') {
    switch (f.field) {
      case F.WATCH: return watch ? `-w ${f.text}` : ` -F path=${f.text}`;
      case F.DIR: return watch ? `-w ${f.text}` : ` -F dir=${f.text}`;
      case F.EXE: return ` -F exe=${f.text}`;
      case F.FILTERKEY:
        return f.text.split('\x01').filter((k) => k !== '').map((k) => (watch ? ` -k ${k}` : ` -F key=${k}`)).join('');
      default: return ` -F ${name}${op}${f.text}`;
    }
  }
  const v = f.value;
  switch (f.field) {
    case F.MSGTYPE: {
      const t = msgTypeName(v);
      return ` -F ${name}${op}${t ?? asInt32(v)}`;
    }
    case F.PERM: return watch ? ` -p ${permText(v)}` : ` -F perm=${permText(v)}`;
    case F.INODE: return ` -F ${name}${op}${v >>> 0}`;
    case F.FIELD_COMPARE: {
      const pair = compareFieldNames(v);
      return pair === undefined ? '' : ` -C ${pair[0]}${op}${pair[1]}`;
    }
    case F.ARG0: case F.ARG1: case F.ARG2: case F.ARG3:
      return ` -F ${name}${op}0x${(v >>> 0).toString(16).toUpperCase()}`;
    case F.EXIT: {
      const e = asInt32(v);
      const err = errnoName(Math.abs(e));
      return e < 0 && err !== undefined ? ` -F ${name}${op}-${err}` : ` -F ${name}${op}${e}`;
    }
    case F.FSTYPE: return ` -F ${name}${op}${fsTypeName(v) ?? asInt32(v)}`;
    case F.LOGINUID: case F.SESSIONID:
      return ` -F ${name}${op}${v === 0xffffffff && opts.interpret === true ? 'unset' : asInt32(v)}`;
    default: return ` -F ${name}${op}${asInt32(v)}`;
  }
}

function printWithState(rule: RuleSpec, st: PrintState, opts: PrintOptions): string {
  const watch = isWatchRule(rule);
  let out = '';
  if (!watch) {
    // The kernel never lists the prepend bit; a rule we are about to send with
    // it (a dry run) prints as the -A command that makes it.
    out += `${rule.prepend ? '-A' : '-a'} ${actionName(rule.action) ?? '(null)'},${listName(rule.list) ?? '(null)'}`;
    for (const f of rule.fields) {
      if (f.field === F.ARCH && f.kind === 'int') out += printArch(f.value, f.op, st, opts.interpret === true);
    }
    out += printSyscalls(rule, st, opts);
  }
  for (const f of rule.fields) {
    if (f.field === F.ARCH) continue;
    out += printField(f, watch, opts);
  }
  return out;
}

/** One rule as `auditctl -l` prints it when it is the only one listed. */
export function printRule(rule: RuleSpec, opts: PrintOptions): string {
  return printWithState(rule, { elf: 0 }, opts);
}

/** Rules in kernel order as `auditctl -l` prints them (one line each, no newline). */
export function printRules(rules: readonly RuleSpec[], opts: PrintOptions): string[] {
  const st: PrintState = { elf: 0 };
  return rules.map((r) => printWithState(r, st, opts));
}

/** `auditctl -l -k KEY`: rules whose key field contains KEY (a substring match, as auditctl). */
export function ruleMatchesKey(rule: RuleSpec, key: string): boolean {
  if (key === '') return true;
  return rule.fields.some((f) => f.kind === 'text' && f.field === F.FILTERKEY && f.text.includes(key));
}

export { isStringField };
