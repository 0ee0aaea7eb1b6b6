// An Explanation for people (text) and programs (JSON). Rule texts are the
// rule set's own; values from the log are escaped for the terminal.
import { escapeForTerminal } from '../output/index.js';
import type { Explanation, RuleOutcome, Stage } from './rule-explain.js';

const esc = (s: string): string => escapeForTerminal(s, 'tty');
const keyText = (k: string | null): string => (k === null ? '(null)' : esc(k.split('\u0001').join(',')));

function verdictLine(s: Stage): string {
  const predicted = s.predicted === 'logged' ? `logged with key ${keyText(s.predictedKey)}` : 'not logged';
  const by = s.decidedBy === undefined ? 'no rule decided' : `rule ${s.decidedBy.position} of the ${listName(s.decidedBy.list)} list (${s.decidedBy.source}): ${esc(s.decidedBy.text)}`;
  const agree = s.agrees === true ? 'agrees with the log' : s.agrees === false ? `DISAGREES with the log (logged, key ${keyText(s.actualKey)})` : 'depends on what the log cannot tell';
  return `  => ${predicted}; ${by}; ${agree}`;
}

function listName(list: number): string {
  return ['user', 'task', 'entry', 'watch', 'exit', 'exclude', 'filesystem', 'io_uring'][list] ?? `list ${list}`;
}

function outcomeLine(o: RuleOutcome): string {
  return `    ${o.phase} rule ${o.entry.position} [${o.outcome}] ${esc(o.entry.text)}\n        ${esc(o.why)}`;
}

export function formatExplanation(x: Explanation): string {
  const e = x.event;
  const out = [`event ${e.sec}.${String(e.milli).padStart(3, '0')}:${e.serial}${e.node === undefined ? '' : ` node ${esc(e.node)}`}: ${e.records.map((r) => r.typeName).join(' ')}`];
  for (const n of x.notes) out.push(`note: ${n}`);
  for (const s of x.stages) {
    out.push('', s.title, verdictLine(s));
    for (const n of s.notes) out.push(`  note: ${n}`);
    for (const o of s.rules) out.push(outcomeLine(o));
  }
  out.push('', x.agrees === true ? 'the replay agrees with what the kernel logged' : x.agrees === false ? 'the replay DISAGREES with what the kernel logged (other rules were loaded then?)' : 'the replay cannot decide everything from the log (see unknown)');
  return `${out.join('\n')}\n`;
}

export function explanationJson(x: Explanation): Record<string, unknown> {
  const e = x.event;
  return {
    event: { node: e.node ?? null, sec: e.sec, milli: e.milli, serial: e.serial, records: e.records.map((r) => r.typeName) },
    agrees: x.agrees ?? null,
    notes: x.notes,
    stages: x.stages.map((s) => ({
      title: s.title,
      record: s.recordIndex,
      predicted: s.predicted,
      predictedKey: s.predictedKey,
      actualKey: s.actualKey,
      agrees: s.agrees ?? null,
      decidedBy: s.decidedBy === undefined ? null : { list: listName(s.decidedBy.list), position: s.decidedBy.position, rule: s.decidedBy.text, source: s.decidedBy.source },
      notes: s.notes,
      rules: s.rules.map((o) => ({ phase: o.phase, list: listName(o.entry.list), position: o.entry.position, rule: o.entry.text, outcome: o.outcome, why: o.why })),
    })),
  };
}
