// The rules `ctl --cost` adds for its workload (pid P): the cut rule
// `-A never,exit -S all -F pid=P`, first on the exit list while the baseline
// runs, so the kernel stops walking the list at it for P alone; and for the
// whole run a marker `-a never,exit -S 2000 -F pid=P -F key=auspex-cost-P`
// that names the run in `-l` and in CONFIG_CHANGE records and can match
// nothing (no arch has a syscall 2000). The cut rule carries no key and no
// other field on purpose: measured here, a key costs every call it matches
// ≈85 ns (the kernel copies it into the context) and an exe or pers field
// 30–80 ns, which would sit in the baseline and bias every overhead down.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelError } from '../kernel/index.js';
import type { AuditControl } from '../kernel/index.js';
import { AUDIT_FIELD, asKernelListsIt, decodeRule, encodeRule, parseCtlArgs, printRule } from '../rules/index.js';
import type { RuleSpec } from '../rules/index.js';
import { systemRuleHost } from './ctl-host.js';

export const COST_KEY_PREFIX = 'auspex-cost-';
/** A syscall number no architecture has: the marker's mask never holds a real call. */
const MARKER_SYSCALL = '2000';
/** The private folders the workload runs in (its argv names one). */
export const COST_DIR_PREFIX = join(tmpdir(), 'auspex-cost-');

export function cutRuleArgs(pid: number): string[] {
  return ['-A', 'exit,never', '-S', 'all', '-F', `pid=${pid}`];
}

export function markerRuleArgs(pid: number): string[] {
  return ['-a', 'exit,never', '-S', MARKER_SYSCALL, '-F', `pid=${pid}`, '-k', `${COST_KEY_PREFIX}${pid}`];
}

function specOf(args: readonly string[], machine: string): RuleSpec {
  const p = parseCtlArgs(args, { ...systemRuleHost(), machine });
  const step = p.steps.find((s) => s.kind === 'rule');
  if (p.error !== undefined || step?.kind !== 'rule') throw new Error(`a --cost rule does not parse: ${p.error?.message ?? 'no rule'}`);
  return step.rule;
}

export interface CostRules {
  readonly cut: RuleSpec;
  readonly marker: RuleSpec;
}

export function costRules(pid: number, machine: string): CostRules {
  return { cut: specOf(cutRuleArgs(pid), machine), marker: specOf(markerRuleArgs(pid), machine) };
}

/** The bytes the kernel matches a delete on: the rule as it keeps it (no prepend flag). */
export function deleteBytes(rule: RuleSpec): Buffer {
  return encodeRule(asKernelListsIt(rule));
}

/** The workload's DIR/guard: what it deletes itself should auspex die first. */
export function guardFileText(rules: CostRules): string {
  return `${deleteBytes(rules.cut).toString('hex')}\n${deleteBytes(rules.marker).toString('hex')}\n`;
}

/** One temporary rule; remove() may be called any number of times, from a signal handler too. */
export class TemporaryRule {
  readonly #ctl: AuditControl;
  readonly #add: Buffer;
  readonly #delete: Buffer;
  readonly text: string;
  #active = false;

  constructor(ctl: AuditControl, rule: RuleSpec, machine: string) {
    this.#ctl = ctl;
    this.#add = encodeRule(rule);
    this.#delete = deleteBytes(rule);
    this.text = printRule(rule, { machine });
  }

  get active(): boolean {
    return this.#active;
  }

  add(): void {
    // Marked first: should the request fail after the kernel took the rule, remove() still tries.
    this.#active = true;
    try {
      this.#ctl.addRule(this.#add);
    } catch (e) {
      // EEXIST: the same rule for this pid, left by a run whose workload had this pid before; ours now.
      if (e instanceof KernelError && e.errno === 17) return;
      this.#active = false;
      throw e;
    }
  }

  remove(): void {
    if (!this.#active) return;
    deleteQuietly(this.#ctl, this.#delete);
    this.#active = false;
  }
}

/** Deletes a rule; one that is not there (ENOENT: the workload's guard was first) is fine. */
function deleteQuietly(ctl: AuditControl, bytes: Buffer): boolean {
  try {
    ctl.deleteRule(bytes);
    return true;
  } catch (e) {
    if (e instanceof KernelError && e.errno === 2) return false;
    throw e;
  }
}

function markerPid(rule: RuleSpec): number | undefined {
  for (const f of rule.fields) {
    if (f.kind === 'text' && f.field === AUDIT_FIELD.FILTERKEY && f.text.startsWith(COST_KEY_PREFIX)) {
      const pid = Number(f.text.slice(COST_KEY_PREFIX.length));
      return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
    }
  }
  return undefined;
}

/** Whether pid P is a --cost workload now (another run's): its argv names a cost folder. */
function isWorkload(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').some((a) => a.startsWith(COST_DIR_PREFIX));
  } catch {
    return false;
  }
}

/**
 * The rules of runs that ended without removing them (auspex and its workload
 * killed together): markers whose pid is no --cost workload now, and the cut
 * rule of the same pid. Deletes them; returns them as -l prints them.
 */
export function removeStaleCostRules(ctl: AuditControl, machine: string): string[] {
  const removed: string[] = [];
  for (const bytes of ctl.listRules()) {
    const d = decodeRule(bytes);
    const pid = d.ok ? markerPid(d.rule) : undefined;
    if (!d.ok || pid === undefined || isWorkload(pid)) continue;
    if (deleteQuietly(ctl, bytes)) removed.push(printRule(d.rule, { machine }));
    const { cut } = costRules(pid, machine);
    if (deleteQuietly(ctl, deleteBytes(cut))) removed.push(printRule(asKernelListsIt(cut), { machine }));
  }
  return removed;
}

/** Whether a rule is one of a --cost run's (for telling the user's rules from ours in a listing). */
export function isCostRule(rule: RuleSpec, pid: number, machine: string): boolean {
  if (markerPid(rule) === pid) return true;
  const cut = deleteBytes(costRules(pid, machine).cut);
  return deleteBytes(rule).equals(cut);
}
