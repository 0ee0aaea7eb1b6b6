// Lint of a rule set (`ctl --lint`): rules the kernel would refuse or never
// let decide, found from the rules alone. Unreachable: an earlier rule of the
// same list and phase matches every event this one could (its syscalls are a
// superset and its fields a subset), so first-match-wins never reaches this
// one. Can never match: contradictory fields, io_uring rules naming only ops
// the kernel never audits (audit_skip), arch / a0..a3 on the io_uring list
// (0 for ops from io-wq and SQPOLL: only inline ops can match), syscall
// numbers the rule's arch does not have. Duplicates the kernel refuses.
import { machineOfArch, syscallName } from '../query/index.js';
import { AUDIT_FIELD as F, AUDIT_LIST as L, AUDIT_OPERATOR as O, IO_URING_OPS, maskIsAll, maskNumbers } from '../rules/index.js';
import type { RuleField, RuleSpec } from '../rules/index.js';
import type { Machine } from '../query/index.js';
import { fieldLabel } from './filter-fields.js';

import type { RuleEntry, RuleSet } from './rule-set.js';

export type LintSeverity = 'error' | 'warning';

export interface LintFinding {
  readonly severity: LintSeverity;
  readonly code: 'unreachable' | 'never-matches' | 'only-inline' | 'not-in-arch' | 'duplicate' | 'parse';
  /** `FILE:LINE` or `kernel`. */
  readonly source: string;
  readonly rule: string;
  readonly message: string;
}

const AUDITED = new Set(IO_URING_OPS.filter((o) => o.audited).map((o) => o.op));
const KNOWN_OPS = new Set(IO_URING_OPS.map((o) => o.op));

function filterFields(rule: RuleSpec): RuleField[] {
  return rule.fields.filter((f) => f.field !== F.FILTERKEY);
}

function sameField(a: RuleField, b: RuleField): boolean {
  if (a.field !== b.field || a.op !== b.op || a.kind !== b.kind) return false;
  return a.kind === 'int' ? a.value >>> 0 === (b as RuleField & { kind: 'int' }).value >>> 0 : a.text === (b as RuleField & { kind: 'text' }).text;
}

function isInodeRule(rule: RuleSpec): boolean {
  return rule.fields.some((f) => f.field === F.WATCH || f.field === F.INODE);
}

function maskCovers(outer: readonly number[], inner: readonly number[]): boolean {
  return inner.every((w, i) => ((w & ~(outer[i] ?? 0)) >>> 0) === 0);
}

/** Fields that can never hold together: one field with two different `=` values. */
function contradiction(rule: RuleSpec): string | undefined {
  const eq = new Map<number, RuleField>();
  for (const f of rule.fields) {
    if (f.op !== O.EQUAL || f.field === F.FILTERKEY || f.field === F.GID || f.field === F.EGID) continue;
    const prev = eq.get(f.field);
    if (prev !== undefined && !sameField(prev, f)) return `${fieldLabel(f.field)} cannot equal two different values`;
    eq.set(f.field, f);
  }
  const success = rule.fields.find((f) => f.field === F.SUCCESS && f.op === O.EQUAL);
  const exit = rule.fields.find((f) => f.field === F.EXIT && f.op === O.EQUAL);
  if (success?.kind === 'int' && exit?.kind === 'int') {
    const failing = (exit.value | 0) < 0;
    if ((success.value !== 0) === failing) return `success=${success.value} contradicts exit=${exit.value | 0}`;
  }
  return undefined;
}

function archMachine(rule: RuleSpec, host: string): Machine | undefined {
  const arch = rule.fields.find((f) => f.field === F.ARCH && f.op === O.EQUAL);
  if (arch?.kind === 'int') return machineOfArch(arch.value >>> 0);
  return host as Machine;
}

export function lintRuleSet(set: RuleSet, machine: string): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (e: RuleEntry, severity: LintSeverity, code: LintFinding['code'], message: string): void => {
    out.push({ severity, code, source: e.source, rule: e.text, message });
  };
  for (const [list, entries] of [...set.lists].sort((a, b) => a[0] - b[0])) {
    entries.forEach((e, i) => {
      const rule = e.rule;
      const c = contradiction(rule);
      if (c !== undefined) add(e, 'warning', 'never-matches', `can never match: ${c}`);
      if (list === L.URING_EXIT) {
        const ops = maskNumbers(rule.mask);
        if (!maskIsAll(rule.mask) && ops.length > 0 && ops.every((op) => !AUDITED.has(op))) {
          add(e, 'warning', 'never-matches', `can never match: ${ops.map((op) => IO_URING_OPS.find((o) => o.op === op)?.name ?? op).join(', ')} ${ops.length === 1 ? 'is' : 'are'} audit_skip (the kernel never audits them)`);
        }
        const unknown = maskIsAll(rule.mask) ? [] : ops.filter((op) => !KNOWN_OPS.has(op));
        if (unknown.length > 0) add(e, 'warning', 'not-in-arch', `io_uring op(s) ${unknown.join(', ')} do not exist on Linux 6.18`);
        const argLike = rule.fields.filter((f) => f.field === F.ARCH || (f.field >= F.ARG0 && f.field <= F.ARG3));
        if (argLike.length > 0) {
          add(e, 'warning', 'only-inline', `${argLike.map((f) => fieldLabel(f.field)).join(', ')} on the io_uring list: ops run by io-wq workers or the SQPOLL thread have arch and a0..a3 = 0, so this matches only ops run inline in io_uring_enter (with its arch and arguments)`);
        }
      }
      if (list === L.EXIT && !maskIsAll(rule.mask)) {
        const m = archMachine(rule, machine);
        if (m !== undefined) {
          const missing = maskNumbers(rule.mask).filter((n) => n < 2048 && syscallName(n, m) === undefined);
          if (missing.length > 0) add(e, 'warning', 'not-in-arch', `syscall number(s) ${missing.join(', ')} are not ${m} syscalls: those bits never match`);
        }
      }
      // Shadowing by an earlier rule of the same list and filter phase.
      for (let k = 0; k < i; k++) {
        const prev = entries[k] as RuleEntry;
        if (isInodeRule(prev.rule) !== isInodeRule(rule)) continue;
        const prevFields = filterFields(prev.rule);
        const covers = list === L.EXCLUDE || list === L.USER || list === L.TASK || maskCovers(prev.rule.mask, rule.mask);
        if (covers && prevFields.every((pf) => filterFields(rule).some((rf) => sameField(pf, rf)))) {
          add(e, 'warning', 'unreachable', `unreachable: rule ${prev.position} (${prev.source}) comes first and matches everything this one does (first match wins)`);
          break;
        }
      }
    });
  }
  for (const r of set.refused) out.push({ severity: 'error', code: 'duplicate', source: r.source, rule: '', message: r.reason });
  return out;
}

export function formatFinding(f: LintFinding): string {
  return `${f.source}: ${f.severity}: ${f.message}\n${f.rule === '' ? '' : `    ${f.rule}\n`}`;
}


