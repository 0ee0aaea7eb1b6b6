// `ctl --explain`: the kernel's filtering replayed on one logged event under a
// rule set (kernel/auditsc.c, Linux 6.18). Per record the kernel decided on —
// each inline io_uring op (its URINGOP comes before the SYSCALL), the syscall's
// exit, an io-wq/SQPOLL op (an event of its own), a user message — it walks
// the lists in order: task list at fork; for an inline op first the exit list
// (io_uring_enter's number and arguments, the op's credentials and result),
// then, unless that recorded it, the io_uring list; then the exit list's
// watch/inode rules per path; at the syscall's exit the exit list again.
// First match wins and sets the key; after a match only rules of higher
// priority can match later in the same syscall; a record logged inside the
// syscall by other kernel code (BPF, CONFIG_CHANGE...) makes its SYSCALL
// record be logged even when no rule matches. In io-wq and SQPOLL context the
// arch and arguments are 0. What the log cannot tell is "unknown".
import type { AuditEvent } from '../events/index.js';
import type { AuditRecord } from '../format/index.js';
import { decodeStringValue } from '../format/index.js';
import { machineOfArch, syscallName } from '../query/index.js';
import { AUDIT_ACTION as A, AUDIT_FIELD as F, AUDIT_LIST as L, maskNumbers } from '../rules/index.js';
import type { RuleSpec } from '../rules/index.js';
import { evaluateField } from './filter-fields.js';
import type { SubjectExtras, Tri } from './filter-fields.js';
import { credsOf, cwdOf, fieldsOf, hex, num, pathNames, saddrFamilyOf, text } from './filter-subject.js';
import type { FilterSubject, PathName } from './filter-subject.js';
import { entriesOf, higherPrio } from './rule-set.js';
import type { RuleEntry, RuleSet } from './rule-set.js';

export type RuleOutcomeKind = 'matched' | 'no' | 'unknown' | 'not-in-mask' | 'lower-priority' | 'priority-unknown' | 'not-reached';

export interface RuleOutcome {
  readonly entry: RuleEntry;
  readonly phase: string;
  readonly outcome: RuleOutcomeKind;
  readonly why: string;
}

export interface Stage {
  readonly title: string;
  readonly recordIndex: number;
  /** What the replay says the kernel did with this record. */
  readonly predicted: 'logged' | 'not-logged';
  readonly predictedKey: string | null;
  readonly decidedBy: RuleEntry | undefined;
  readonly actualKey: string | null;
  /** false: the replay disagrees with the log; undefined: it depends on what the log cannot tell. */
  readonly agrees: boolean | undefined;
  readonly rules: readonly RuleOutcome[];
  readonly notes: readonly string[];
}

export interface Explanation {
  readonly event: AuditEvent;
  readonly stages: readonly Stage[];
  readonly agrees: boolean | undefined;
  readonly notes: readonly string[];
}

/** The ring owner of an async op: the last SYSCALL task seen from its pid. */
export interface OwnerInfo {
  readonly exe: string | undefined;
  readonly auid: number | undefined;
  readonly ses: number | undefined;
}

type Prio = { kind: 'none' } | { kind: 'forced' } | { kind: 'max' } | { kind: 'rule'; entry: RuleEntry };

interface State {
  prio: Prio;
  recording: boolean;
  key: string | null;
  uncertain: boolean;
}

type Subject = FilterSubject & SubjectExtras;

const KEY_SEP = '\u0001';
/** Records audit_log_exit() writes itself; any other record in a syscall's event was logged during it. */
const EXIT_RECORDS = new Set([1300, 1302, 1303, 1304, 1306, 1307, 1309, 1311, 1312, 1313, 1314, 1315, 1317, 1318, 1320, 1321, 1322, 1323, 1327, 1330, 1336, 1337]);

function ruleKey(rule: RuleSpec): string | null {
  const keys = rule.fields.filter((f) => f.kind === 'text' && f.field === F.FILTERKEY).map((f) => (f.kind === 'text' ? f.text : ''));
  return keys.length === 0 ? null : keys.join(KEY_SEP);
}

function recordKey(record: AuditRecord): string | null {
  const m = / key=(\S+)/.exec(record.body);
  if (m === null || m[1] === '(null)') return null;
  return decodeStringValue(m[1] as string);
}

function isInodeRule(rule: RuleSpec): boolean {
  return rule.fields.some((f) => f.field === F.WATCH || f.field === F.INODE);
}

function maskHas(rule: RuleSpec, n: number): boolean {
  return (((rule.mask[n >>> 5] ?? 0) >>> (n & 31)) & 1) === 1;
}

function prioGate(entry: RuleEntry, st: State): Tri {
  switch (st.prio.kind) {
    case 'none':
    case 'forced':
      return 'yes';
    case 'max':
      return 'no';
    case 'rule': {
      const h = higherPrio(entry, st.prio.entry);
      return h === undefined ? 'unknown' : h ? 'yes' : 'no';
    }
  }
}

interface PassResult {
  readonly outcomes: RuleOutcome[];
  readonly matched: RuleEntry | undefined;
}

/**
 * One walk of a list: the first rule whose mask has `op` (when given), whose
 * priority is above the context's and whose fields all match decides. Rules
 * with an unknown answer before it make the result uncertain.
 */
function walk(entries: readonly RuleEntry[], phase: string, subject: Subject, op: number | undefined, st: State, name?: PathName): PassResult {
  const outcomes: RuleOutcome[] = [];
  let matched: RuleEntry | undefined;
  for (const entry of entries) {
    if (matched !== undefined) {
      outcomes.push({ entry, phase, outcome: 'not-reached', why: `rule ${matched.position} matched first` });
      continue;
    }
    if (op !== undefined && !maskHas(entry.rule, op)) {
      outcomes.push({ entry, phase, outcome: 'not-in-mask', why: `${op} is not among its ${phase.includes('io_uring') ? 'ops' : 'syscalls'}` });
      continue;
    }
    const gate = prioGate(entry, st);
    if (gate === 'no') {
      outcomes.push({ entry, phase, outcome: 'lower-priority', why: st.prio.kind === 'max' ? 'a task-list rule already decided' : `not of higher priority than rule ${st.prio.kind === 'rule' ? `${st.prio.entry.position} of its list` : ''}, which matched earlier in this syscall` });
      continue;
    }
    const answers = entry.rule.fields.map((f) => evaluateField(subject, f, name));
    const failed = answers.find((a) => a.result === 'no');
    if (failed !== undefined) {
      outcomes.push({ entry, phase, outcome: 'no', why: failed.why });
      continue;
    }
    const open = answers.find((a) => a.result === 'unknown');
    if (open !== undefined || gate === 'unknown') {
      st.uncertain = true;
      outcomes.push({ entry, phase, outcome: gate === 'unknown' ? 'priority-unknown' : 'unknown', why: gate === 'unknown' ? 'its priority against the rule that matched before depends on the order the rules were added (not in the kernel\'s listing)' : (open?.why ?? '') });
      continue;
    }
    matched = entry;
    outcomes.push({ entry, phase, outcome: 'matched', why: answers.filter((a) => a.why !== 'key').map((a) => a.why).join('; ') || 'no fields' });
  }
  if (matched !== undefined) {
    st.prio = { kind: 'rule', entry: matched };
    const key = ruleKey(matched.rule);
    if (key !== null) st.key = key;
    st.recording = matched.rule.action !== A.NEVER;
  }
  return { outcomes, matched };
}

/** The inode filter: exit-list rules with a watch or inode field, per path name, until one matches. */
function walkInodes(set: RuleSet, subject: Subject, op: number, st: State): PassResult {
  const entries = entriesOf(set, L.EXIT).filter((e) => isInodeRule(e.rule));
  const outcomes: RuleOutcome[] = [];
  if (entries.length === 0) return { outcomes, matched: undefined };
  if (subject.names === undefined) {
    st.uncertain = true;
    for (const entry of entries) outcomes.push({ entry, phase: 'inode filter', outcome: 'unknown', why: 'which paths belong to this op is not known' });
    return { outcomes, matched: undefined };
  }
  for (const name of subject.names) {
    const r = walk(entries, `inode filter (${name.name ?? '(null)'})`, subject, op, st, name);
    outcomes.push(...r.outcomes);
    if (r.matched !== undefined) return { outcomes, matched: r.matched };
  }
  return { outcomes, matched: undefined };
}

function stage(title: string, index: number, st: State, decided: RuleEntry | undefined, actual: AuditRecord | undefined, rules: RuleOutcome[], notes: string[]): Stage {
  const predicted = st.recording ? 'logged' : 'not-logged';
  const actualKey = actual === undefined ? null : recordKey(actual);
  const agrees = st.uncertain ? undefined : actual === undefined ? predicted === 'not-logged' : predicted === 'logged' && st.key === actualKey;
  return { title, recordIndex: index, predicted, predictedKey: predicted === 'logged' ? st.key : null, decidedBy: decided, actualKey, agrees, rules, notes };
}

function syscallSubject(sys: AuditRecord, records: readonly AuditRecord[]): Subject {
  const f = fieldsOf(sys);
  const arch = hex(f, 'arch');
  const nr = num(f, 'syscall');
  const machine = arch === undefined ? undefined : machineOfArch(Number(arch));
  return {
    op: nr, arch: arch === undefined ? undefined : Number(arch), args: [hex(f, 'a0'), hex(f, 'a1'), hex(f, 'a2'), hex(f, 'a3')],
    ...credsOf(f), auid: num(f, 'auid'), ses: num(f, 'ses'), pers: num(f, 'per') ?? 0, exe: text(f, 'exe'), subj: text(f, 'subj'),
    exit: num(f, 'exit'), success: f.get('success') === undefined ? undefined : f.get('success') === 'yes',
    names: pathNames(records), cwd: cwdOf(records), saddrFamily: saddrFamilyOf(records), msgType: undefined, inferred: new Set(),
    syscallName: nr === undefined || machine === undefined ? undefined : syscallName(nr, machine),
  };
}

function taskStage(set: RuleSet, subject: Subject, st: State, rules: RuleOutcome[], notes: string[]): void {
  const entries = entriesOf(set, L.TASK);
  if (entries.length === 0) return;
  const r = walk(entries, 'task list', subject, undefined, st);
  rules.push(...r.outcomes);
  notes.push('task-list rules are decided when the process is created, with its credentials then; replayed here with the ones logged');
  if (r.matched !== undefined) st.prio = { kind: r.matched.rule.action === A.ALWAYS ? 'max' : 'none' };
}

function syscallEvent(event: AuditEvent, set: RuleSet, sysIndex: number): Stage[] {
  const records = event.records;
  const sys = records[sysIndex] as AuditRecord;
  const base = syscallSubject(sys, records);
  const st: State = { prio: { kind: 'none' }, recording: false, key: null, uncertain: false };
  const stages: Stage[] = [];
  const pre: RuleOutcome[] = [];
  const preNotes: string[] = [];
  taskStage(set, base, st, pre, preNotes);
  // The state carries over from op to op until the syscall exits (audit_reset_context).
  st.recording = st.prio.kind === 'max';
  const inline = records.map((r, i) => ({ r, i })).filter(({ r }) => r.type === 1336 && /(^| )uring_op=\d+/.test(r.body));
  for (const { r, i } of inline) {
    const f = fieldsOf(r);
    const op = num(f, 'uring_op') ?? -1;
    // The filter runs under the op's credentials (a personality overrides them) and sees the op's result.
    const subject: Subject = {
      ...base, ...credsOf(f), exit: num(f, 'exit'), success: f.get('success') === undefined ? undefined : f.get('success') === 'yes',
      names: inline.length === 1 ? base.names : undefined,
    };
    const rules = [...pre];
    const notes = [...preNotes];
    pre.length = 0;
    preNotes.length = 0;
    const exit = walk(entriesOf(set, L.EXIT).filter((e) => !isInodeRule(e.rule)), 'exit list (io_uring_enter, at the op)', subject, base.op, st);
    rules.push(...exit.outcomes);
    let decided = exit.matched;
    if (!st.recording) {
      const uring = walk(entriesOf(set, L.URING_EXIT), 'io_uring list', subject, op, st);
      rules.push(...uring.outcomes);
      decided = uring.matched ?? decided;
    } else notes.push('the exit list recorded it, so the io_uring list was not walked');
    if (!st.recording) {
      const ino = walkInodes(set, subject, base.op ?? -1, st);
      rules.push(...ino.outcomes);
      decided = ino.matched ?? decided;
    }
    stages.push(stage(`io_uring op ${op} run inline in io_uring_enter (record ${i + 1})`, i, st, decided, r, rules, notes));
  }
  // At the syscall's exit.
  const rules = [...pre];
  const notes = [...preNotes];
  const forcedBy = records.find((r) => !EXIT_RECORDS.has(r.type));
  if (forcedBy !== undefined && st.prio.kind === 'none') {
    st.prio = { kind: 'forced' };
    st.recording = true;
    notes.push(`a ${forcedBy.typeName} record was logged during the syscall: that makes the kernel log the syscall too, rule or not`);
  }
  const exit = walk(entriesOf(set, L.EXIT).filter((e) => !isInodeRule(e.rule)), 'exit list', base, base.op, st);
  rules.push(...exit.outcomes);
  let decided = exit.matched;
  const ino = walkInodes(set, base, base.op ?? -1, st);
  rules.push(...ino.outcomes);
  decided = ino.matched ?? decided;
  if (decided === undefined && st.recording && st.prio.kind === 'rule') decided = st.prio.entry;
  stages.push(stage(`syscall ${base.syscallName ?? base.op ?? '?'} at exit (record ${sysIndex + 1})`, sysIndex, st, decided, sys, rules, notes));
  return stages;
}

function asyncOpEvent(event: AuditEvent, set: RuleSet, index: number, owner: OwnerInfo | undefined): Stage {
  const records = event.records;
  const r = records[index] as AuditRecord;
  const f = fieldsOf(r);
  const op = num(f, 'uring_op') ?? -1;
  const inferred = new Set<string>();
  if (owner?.exe !== undefined) inferred.add('exe');
  if (owner?.auid !== undefined) inferred.add('auid');
  if (owner?.ses !== undefined) inferred.add('ses');
  const subject: Subject = {
    op, arch: 0, args: [0n, 0n, 0n, 0n], ...credsOf(f), auid: owner?.auid, ses: owner?.ses, pers: 0, exe: owner?.exe, subj: text(f, 'subj'),
    exit: num(f, 'exit'), success: f.get('success') === undefined ? undefined : f.get('success') === 'yes',
    names: pathNames(records), cwd: cwdOf(records), saddrFamily: undefined, msgType: undefined, inferred, syscallName: undefined,
  };
  const st: State = { prio: { kind: 'none' }, recording: false, key: null, uncertain: false };
  const rules: RuleOutcome[] = [];
  const notes: string[] = ['run by an io-wq worker or the SQPOLL thread: its own event, arch and a0..a3 are 0 for the filter'];
  if (op === 0) notes.push('uring_op=0 (nop) is audit_skip: this record is the SQPOLL thread announcing itself when it starts');
  if (owner === undefined) notes.push('no SYSCALL from this process earlier in the log: exe, auid and ses are unknown');
  taskStage(set, subject, st, rules, notes);
  st.recording = st.prio.kind === 'max';
  const uring = walk(entriesOf(set, L.URING_EXIT), 'io_uring list', subject, op, st);
  rules.push(...uring.outcomes);
  let decided = uring.matched;
  // In this context the inode filter tests the rules' syscall masks against ctx->major, which is 0.
  const ino = walkInodes(set, subject, 0, st);
  rules.push(...ino.outcomes);
  decided = ino.matched ?? decided;
  return stage(`io_uring op ${op} from io-wq/SQPOLL (record ${index + 1})`, index, st, decided, r, rules, notes);
}

function userEvent(event: AuditEvent, set: RuleSet, index: number): Stage {
  const r = event.records[index] as AuditRecord;
  const f = fieldsOf(r);
  const subject: Subject = {
    op: undefined, arch: undefined, args: [], ...credsOf(f), auid: num(f, 'auid'), ses: num(f, 'ses'), pers: undefined, exe: text(f, 'exe'),
    subj: text(f, 'subj'), exit: undefined, success: undefined, names: [], cwd: undefined, saddrFamily: undefined, msgType: r.type,
    inferred: new Set(), syscallName: undefined,
  };
  const st: State = { prio: { kind: 'none' }, recording: true, key: null, uncertain: false };
  const w = walk(entriesOf(set, L.USER), 'user list', subject, undefined, st);
  // The user list keeps a message unless a `never` rule matches (no rule: kept); it sets no key.
  st.recording = !(w.matched !== undefined && w.matched.rule.action === A.NEVER);
  st.key = recordKey(r);
  return stage(`user message ${r.typeName} (record ${index + 1})`, index, st, w.matched, r, w.outcomes, ['user-space messages pass the user list: a matching never rule drops them']);
}

/** Exclude-list rules that would have dropped a record type present in the event. */
function excludeStage(event: AuditEvent, set: RuleSet): Stage | undefined {
  const entries = entriesOf(set, L.EXCLUDE);
  if (entries.length === 0) return undefined;
  const sysIndex = event.records.findIndex((r) => r.type === 1300);
  const base = sysIndex >= 0 ? syscallSubject(event.records[sysIndex] as AuditRecord, event.records) : undefined;
  const outcomes: RuleOutcome[] = [];
  let dropped: { entry: RuleEntry; index: number } | undefined;
  const st: State = { prio: { kind: 'none' }, recording: true, key: null, uncertain: false };
  event.records.forEach((r, i) => {
    if (dropped !== undefined) return;
    const subject: Subject = base === undefined
      ? { ...userLike(r), msgType: r.type }
      : { ...base, msgType: r.type };
    // On the exclude list any matching rule drops the record, always or never.
    const w = walk(entries, `exclude list (${r.typeName})`, subject, undefined, { ...st, prio: { kind: 'none' } });
    outcomes.push(...w.outcomes.filter((o) => o.outcome !== 'not-reached'));
    if (w.matched !== undefined) dropped = { entry: w.matched, index: i };
  });
  const last: State = { ...st, recording: dropped === undefined, uncertain: outcomes.some((o) => o.outcome === 'unknown') };
  return { ...stage('exclude list (every record type)', dropped?.index ?? 0, last, dropped?.entry, event.records[dropped?.index ?? 0], outcomes, ['the exclude list drops any record type a rule on it matches']), predictedKey: null, actualKey: null, agrees: dropped === undefined ? (last.uncertain ? undefined : true) : false };
}

function userLike(r: AuditRecord): Subject {
  const f = fieldsOf(r);
  return {
    op: undefined, arch: undefined, args: [], ...credsOf(f), auid: num(f, 'auid'), ses: num(f, 'ses'), pers: undefined, exe: text(f, 'exe'),
    subj: text(f, 'subj'), exit: undefined, success: undefined, names: [], cwd: undefined, saddrFamily: undefined, msgType: r.type,
    inferred: new Set(), syscallName: undefined,
  };
}

/** Replays the kernel's decisions for the event; `owner` is the ring owner of an async io_uring op. */
export function explainEvent(event: AuditEvent, set: RuleSet, owner?: OwnerInfo): Explanation {
  const records = event.records;
  const stages: Stage[] = [];
  const notes: string[] = [];
  const sysIndex = records.findIndex((r) => r.type === 1300);
  const uringIndex = records.findIndex((r) => r.type === 1336 && /(^| )uring_op=\d+/.test(r.body));
  const first = records[0] as AuditRecord;
  if (sysIndex >= 0) stages.push(...syscallEvent(event, set, sysIndex));
  else if (uringIndex >= 0) stages.push(asyncOpEvent(event, set, uringIndex, owner));
  else if ((first.type >= 1100 && first.type <= 1199) || (first.type >= 2100 && first.type <= 2999)) stages.push(userEvent(event, set, 0));
  else notes.push(`a ${first.typeName} record logged outside any syscall: the exit and io_uring lists do not decide it, only the exclude list could drop it`);
  const ex = excludeStage(event, set);
  if (ex !== undefined) stages.push(ex);
  if (!set.exact) notes.push('rules from the kernel\'s listing: the order they were added across the exit and io_uring lists is not known');
  const agrees = stages.some((s) => s.agrees === false) ? false : stages.some((s) => s.agrees === undefined) ? undefined : true;
  return { event, stages, agrees, notes };
}

/** Ops of a rule's mask, for messages. */
export function maskList(rule: RuleSpec): number[] {
  return maskNumbers(rule.mask);
}
