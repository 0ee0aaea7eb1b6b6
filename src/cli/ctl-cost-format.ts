// The report of `ctl --cost`, as a table for people and as JSON: per test
// syscall the ns per call with the rules and without, the overhead and its
// spread over the rounds, and the rules it meets. Rule texts are escaped for
// the terminal (keys and paths are whatever the rules hold).
import { asciiJson, escapeForTerminal } from '../output/index.js';
import type { RuleEntry } from '../detect/index.js';
import type { SyscallMatch } from './ctl-cost-match.js';
import type { CostPlan, Overhead } from './ctl-cost-measure.js';

export interface CostRow {
  readonly syscall: string;
  readonly nr: number;
  readonly timing: Overhead;
  readonly match: SyscallMatch;
}

export interface CostReport {
  readonly rules: { readonly total: number; readonly exitList: number };
  readonly workload: { readonly pid: number; readonly exe: string };
  readonly plan: CostPlan;
  readonly rows: readonly CostRow[];
  readonly notes: readonly string[];
}

const LISTS = ['user', 'task', 'entry', 'watch', 'exit', 'exclude', 'filesystem', 'io_uring'];
const listName = (list: number): string => LISTS[list] ?? `list ${list}`;
const esc = (s: string): string => escapeForTerminal(s, 'tty');
const keyText = (k: string | null): string => (k === null ? '(null)' : k.split('\u0001').join(','));

function ns(v: number, signed = false): string {
  const r = Math.round(v);
  return `${signed && r > 0 ? '+' : ''}${r}`;
}

function ruleRef(e: RuleEntry): string {
  return `${listName(e.list)} rule ${e.position}`;
}

function decision(m: SyscallMatch): string {
  const d = m.decidedBy;
  let what: string;
  if (d === undefined) what = 'no rule matches: not logged';
  else if (m.droppedBy !== undefined) what = `${ruleRef(d)} matches; its records are dropped by ${ruleRef(m.droppedBy)}: ${esc(m.droppedBy.text)}`;
  else what = `${ruleRef(d)} ${m.logged ? `logs it (key ${esc(keyText(m.key))})` : 'matches: not logged'}: ${esc(d.text)}`;
  if (m.undecided.length > 0) what += `; may also depend on ${m.undecided.map((o) => `${ruleRef(o.entry)} (${esc(o.why)})`).join(', ')}`;
  return what;
}

export function formatCostText(r: CostReport): string {
  const head = ['syscall', 'with rules', 'without', 'overhead', 'rounds', 'tested', 'rules it meets'];
  const rows = r.rows.map((row) => {
    const t = row.timing;
    const lo = Math.min(...t.roundsNs);
    const hi = Math.max(...t.roundsNs);
    return [
      row.syscall, `${ns(t.withRulesNs)} ns`, `${ns(t.withoutRulesNs)} ns`, `${ns(t.overheadNs, true)} ns`,
      `${ns(lo, true)}..${ns(hi, true)}${t.withinNoise ? ' noise' : ''}`, String(row.match.tested), decision(row.match),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((cells) => (cells[i] as string).length)));
  const right = new Set([1, 2, 3, 5]);
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const p = r.plan;
  const out = [
    `${r.rules.total} rules loaded, ${r.rules.exitList} on the exit list; workload pid ${r.workload.pid}; ${p.rounds} rounds of ${p.calls} calls (execve ${p.execCalls}); ns per call, medians`,
    '',
    line(head),
    ...rows.map(line),
  ];
  if (r.notes.length > 0) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}

function entryJson(e: RuleEntry | undefined): Record<string, unknown> | null {
  return e === undefined ? null : { list: listName(e.list), position: e.position, rule: e.text };
}

export function formatCostJson(r: CostReport): string {
  return `${asciiJson({
    rules: r.rules,
    workload: r.workload,
    plan: { rounds: r.plan.rounds, calls: r.plan.calls, execCalls: r.plan.execCalls },
    syscalls: r.rows.map((row) => ({
      syscall: row.syscall,
      nr: row.nr,
      withRulesNs: Math.round(row.timing.withRulesNs),
      withoutRulesNs: Math.round(row.timing.withoutRulesNs),
      overheadNs: Math.round(row.timing.overheadNs),
      roundsOverheadNs: row.timing.roundsNs.map((v) => Math.round(v)),
      withinNoise: row.timing.withinNoise,
      rulesTested: row.match.tested,
      decidedBy: entryJson(row.match.decidedBy),
      logged: row.match.logged,
      key: row.match.key === null ? null : row.match.key.split('\u0001'),
      droppedBy: entryJson(row.match.droppedBy),
      undecided: row.match.undecided.map((o) => ({ ...entryJson(o.entry), why: o.why })),
    })),
    notes: r.notes,
  })}\n`;
}
