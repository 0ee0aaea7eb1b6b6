// A rule set as the kernel holds it, for replaying its filtering: each list in
// the order the kernel walks it (rules added with -A in front), and the rules'
// priorities. The kernel gives every exit and io_uring rule a priority when it
// is added (appended rules ever lower, prepended ever higher, one counter for
// both lists) and, once a rule matched in a syscall, only rules of higher
// priority may match again in it. Within one list, earlier means higher; across
// the exit and io_uring lists only a rules file's order tells (the kernel does
// not list it), so replays from the kernel's listing say "unknown" there.
import { AUDIT_LIST as L, printRules } from '../rules/index.js';
import type { CtlStep, RuleSpec } from '../rules/index.js';

export interface RuleEntry {
  readonly rule: RuleSpec;
  readonly list: number;
  /** 1-based place in its list, in walk order. */
  readonly position: number;
  /** The kernel's priority, when the order of adding is known (a rules file). */
  readonly prio: number | undefined;
  /** As `auditctl -l` prints it. */
  readonly text: string;
  /** Where it came from: `FILE:LINE`, or `kernel`. */
  readonly source: string;
}

export interface RuleSet {
  /** Per list number, in walk order. */
  readonly lists: ReadonlyMap<number, readonly RuleEntry[]>;
  /** Priorities known across lists. */
  readonly exact: boolean;
  /** Steps of a rules file the kernel would refuse (a rule that exists, a delete of one that does not). */
  readonly refused: ReadonlyArray<{ readonly source: string; readonly reason: string }>;
}

export function entriesOf(set: RuleSet, list: number): readonly RuleEntry[] {
  return set.lists.get(list) ?? [];
}

/** Whether `a` has a higher priority than `b`: undefined when the rule set cannot tell. */
export function higherPrio(a: RuleEntry, b: RuleEntry): boolean | undefined {
  if (a.list === b.list) return a.position < b.position;
  if (a.prio === undefined || b.prio === undefined) return undefined;
  return a.prio > b.prio;
}

function sameRule(a: RuleSpec, b: RuleSpec): boolean {
  return a.list === b.list && a.action === b.action && JSON.stringify(a.fields) === JSON.stringify(b.fields) && a.mask.every((w, i) => w === b.mask[i]);
}

function finish(lists: Map<number, Array<{ rule: RuleSpec; prio: number | undefined; source: string }>>, machine: string, exact: boolean, refused: RuleSet['refused'] = []): RuleSet {
  const out = new Map<number, RuleEntry[]>();
  for (const [list, items] of lists) {
    const texts = printRules(items.map((i) => i.rule), { machine });
    out.set(list, items.map((i, k) => ({ rule: i.rule, list, position: k + 1, prio: i.prio, text: texts[k] as string, source: i.source })));
  }
  return { lists: out, exact, refused };
}

/**
 * The rules a rules file leaves in an empty kernel, replayed step by step:
 * -a appends, -A prepends, -d deletes, -D empties. `steps` carry their line.
 */
export function ruleSetFromSteps(steps: ReadonlyArray<{ readonly step: CtlStep; readonly source: string }>, machine: string): RuleSet {
  const lists = new Map<number, Array<{ rule: RuleSpec; prio: number | undefined; source: string }>>();
  // As the kernel's counters (kernel/auditfilter.c: prio_low = ~0ULL/2, prio_high
  // = prio_low - 1), only their order matters: kept within doubles' exact range.
  let low = 2 ** 50;
  let high = 2 ** 50 - 1;
  const refused: Array<{ source: string; reason: string }> = [];
  for (const { step, source } of steps) {
    if (step.kind === 'delete-all') {
      for (const [list, items] of lists) lists.set(list, step.key === '' ? [] : items.filter((i) => !i.rule.fields.some((f) => f.kind === 'text' && f.field === 210 && f.text === step.key)));
      continue;
    }
    if (step.kind !== 'rule') continue;
    const rule = step.rule;
    const items = lists.get(rule.list) ?? [];
    lists.set(rule.list, items);
    if (step.op === 'delete') {
      const at = items.findIndex((i) => sameRule(i.rule, rule));
      if (at >= 0) items.splice(at, 1);
      else refused.push({ source, reason: 'deletes a rule that is not there (the kernel answers ENOENT)' });
      continue;
    }
    const same = items.find((i) => sameRule(i.rule, rule));
    if (same !== undefined) {
      refused.push({ source, reason: `the same rule as ${same.source}: the kernel refuses it (Rule exists)` });
      continue;
    }
    const exitLike = rule.list === L.EXIT || rule.list === L.URING_EXIT;
    const prio = exitLike ? (rule.prepend ? ++high : --low) : undefined;
    const entry = { rule: { ...rule, prepend: false }, prio, source };
    if (rule.prepend) items.unshift(entry);
    else items.push(entry);
  }
  return finish(lists, machine, true, refused);
}

/** The rules as the kernel lists them (AUDIT_LIST_RULES order: per list, walk order). */
export function ruleSetFromKernel(rules: readonly RuleSpec[], machine: string): RuleSet {
  const lists = new Map<number, Array<{ rule: RuleSpec; prio: number | undefined; source: string }>>();
  for (const rule of rules) {
    const items = lists.get(rule.list) ?? [];
    lists.set(rule.list, items);
    items.push({ rule, prio: undefined, source: 'kernel' });
  }
  return finish(lists, machine, false);
}
