// `auspex ctl --cost [--iterations N] [--rounds R] [--workload PATH] [--json]`:
// what the loaded rules cost per syscall, measured on the live kernel. A
// workload child times openat, close, newfstatat, connect, execve and getpid,
// with the rules as loaded and with a temporary never rule for its pid in
// front of the exit list (the walk stops there for it alone); the difference
// is the rules' overhead. The temporary rules (ctl-cost-rule.ts) go on every
// way out: errors, Ctrl-C and other signals, the process ending, and, should
// auspex be killed outright, by the workload itself.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditControl, KernelError } from '../kernel/index.js';
import type { AuditStatus } from '../kernel/index.js';
import { AUDIT_LIST } from '../rules/index.js';
import type { RuleSpec } from '../rules/index.js';
import { entriesOf, ruleSetFromKernel } from '../detect/index.js';
import type { CommandIo } from './command-io.js';
import { formatCostJson, formatCostText } from './ctl-cost-format.js';
import type { CostReport, CostRow } from './ctl-cost-format.js';
import { matchTestSyscall } from './ctl-cost-match.js';
import { measure, overheadOf } from './ctl-cost-measure.js';
import type { CostPlan } from './ctl-cost-measure.js';
import { TemporaryRule, costRules, guardFileText, isCostRule, removeStaleCostRules } from './ctl-cost-rule.js';
import { CostError, Workload, buildWorkload } from './ctl-cost-workload.js';
import { kernelRules } from './ctl-rules-source.js';

const EXIT_ERROR = 255;
const USAGE = 'usage: auspex ctl --cost [--iterations N] [--rounds R] [--workload PATH] [--json]\n';
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const START_TIMEOUT_MS = 10_000;

interface CostOptions {
  readonly plan: CostPlan;
  readonly workload: string | undefined;
}

function parseOptions(args: readonly string[]): CostOptions | string {
  let calls = 5000;
  let rounds = 7;
  let workload: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = args[i + 1];
    if (a === '--cost') continue;
    if (a === '--workload' && value !== undefined) workload = value;
    else if ((a === '--iterations' || a === '--rounds') && value !== undefined) {
      const n = /^\d{1,9}$/.test(value) ? Number(value) : 0;
      const max = a === '--rounds' ? 1000 : 10_000_000;
      if (n < 1 || n > max) return `${a} takes a whole number from 1 to ${max}`;
      if (a === '--rounds') rounds = n;
      else calls = n;
    } else return `unexpected argument '${a}'`;
    i++;
  }
  // execve starts the program again each time (≈100× a cheap call): fewer calls for the same time.
  const plan = { calls, execCalls: Math.max(3, Math.round(calls / 50)), rounds, commandTimeoutMs: 120_000 };
  return { plan, workload };
}

const sameRules = (a: readonly RuleSpec[], b: readonly RuleSpec[]): boolean => JSON.stringify(a) === JSON.stringify(b);

function notesFor(rules: readonly RuleSpec[], exitList: number, rows: readonly CostRow[], before: AuditStatus, after: AuditStatus, rulesAfter: readonly RuleSpec[]): string[] {
  const notes = [
    'overhead: the exit list walk for the call and, for a logged call, writing its records; the baseline still pays for testing the cut rule itself (tens of ns: small negative values), for the lookup of watch rules by inode, and for the audit context work every syscall does once any rule is loaded',
    'execve includes the start of the new image (a dozen syscalls of its own, each walking the list too)',
  ];
  if (before.enabled === 0) notes.push('auditing is off (enabled 0): the kernel walks no rules now, so they cost nothing until it is switched on');
  if (exitList === 0) notes.push('no rule on the exit list: the test syscalls meet no rule');
  if (rules.some((r) => r.list === AUDIT_LIST.URING_EXIT)) notes.push('io_uring list rules cost only io_uring ops, which the workload does not run');
  if (rows.some((r) => r.match.logged)) {
    notes.push(before.pid === 0
      ? 'logged calls: no audit daemon is running, so records go to the kernel log and its hold queue; with auditd the cost differs'
      : `logged calls: their records went to the audit daemon (pid ${before.pid}); their cost depends on how fast it reads`);
  }
  if (after.enabled !== before.enabled) notes.push(`auditing was switched from enabled ${before.enabled} to ${after.enabled} during the run: the numbers mix both states`);
  if (!sameRules(rules, rulesAfter)) notes.push('the kernel\'s rules changed during the run: the numbers may mix rule sets');
  const lost = after.lost - before.lost;
  if (lost > 0) notes.push(`the kernel lost ${lost} records during the run (backlog ${before.backlogLimit}): logged calls may seem cheaper than they are`);
  return notes;
}

/** Runs --cost; argv is ctl's argv without --json. */
export async function runCost(argv: readonly string[], json: boolean, machine: string, io: CommandIo): Promise<number> {
  const err = (t: string): void => void io.stderr.write(t);
  const opts = parseOptions(argv);
  if (typeof opts === 'string') {
    err(`auspex ctl --cost: ${opts}\n${USAGE}`);
    return EXIT_ERROR;
  }
  if (process.geteuid?.() !== 0) {
    err('You must be root to run this program.\n');
    return 4;
  }
  let ctl: AuditControl;
  try {
    ctl = AuditControl.open();
  } catch (e) {
    err(`${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
  const controller = new AbortController();
  let dir: string | undefined;
  let workload: Workload | undefined;
  let cut: TemporaryRule | undefined;
  let marker: TemporaryRule | undefined;
  let caught: NodeJS.Signals | undefined;
  const removeRules = (): void => {
    try {
      cut?.remove();
    } finally {
      marker?.remove();
    }
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    caught ??= sig;
    // At once, not after the pending step: the rules must not outlive a second Ctrl-C or a kill after it.
    try {
      removeRules();
    } catch {
      // tried again on the way out, and by the workload's guard
    }
    workload?.kill();
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  const onExit = (): void => {
    try {
      removeRules();
    } catch {
      // nothing more can be done as the process ends
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  process.on('exit', onExit);
  try {
    const before = ctl.getStatus();
    if (before.enabled === 2) {
      err('The audit system is in immutable mode, no rule changes allowed\n');
      return EXIT_ERROR;
    }
    for (const text of removeStaleCostRules(ctl, machine)) err(`auspex ctl --cost: removed a rule an interrupted run left: ${text}\n`);
    const rules = kernelRules(ctl);
    if (rules.length === 0) {
      io.stdout.write(json ? `${JSON.stringify({ rules: { total: 0, exitList: 0 }, syscalls: [] })}\n` : 'No rules\n');
      return 0;
    }
    const set = ruleSetFromKernel(rules, machine);
    dir = mkdtempSync(join(tmpdir(), 'auspex-cost-'));
    writeFileSync(join(dir, 'target'), 'auspex ctl --cost\n');
    const exe = realpathSync(opts.workload ?? buildWorkload(dir));
    workload = await Workload.start(exe, dir, START_TIMEOUT_MS);
    if (caught !== undefined) throw new Error(`interrupted by ${caught}`);
    const facts = await workload.facts(START_TIMEOUT_MS);
    const calls = await workload.describe(START_TIMEOUT_MS);
    const ours = costRules(workload.pid, machine);
    // Written before either rule goes in: from then on the workload can delete them should auspex die.
    writeFileSync(join(dir, 'guard'), guardFileText(ours));
    marker = new TemporaryRule(ctl, ours.marker, machine);
    cut = new TemporaryRule(ctl, ours.cut, machine);
    marker.add();
    const samples = await measure(workload, cut, opts.plan, { signal: controller.signal });
    const after = ctl.getStatus();
    const pid = workload.pid;
    const rulesAfter = kernelRules(ctl).filter((r) => !isCostRule(r, pid, machine));
    const rows: CostRow[] = [];
    for (const [i, sc] of calls.entries()) {
      const s = samples.get(sc.name);
      if (s === undefined) continue;
      rows.push({ syscall: sc.name, nr: sc.nr, timing: overheadOf(s), match: matchTestSyscall(facts, sc, set, i + 1) });
    }
    const exitList = entriesOf(set, AUDIT_LIST.EXIT).length;
    const report: CostReport = {
      rules: { total: rules.length, exitList }, workload: { pid: workload.pid, exe }, plan: opts.plan, rows,
      notes: notesFor(rules, exitList, rows, before, after, rulesAfter),
    };
    io.stdout.write(json ? formatCostJson(report) : formatCostText(report));
    return 0;
  } catch (e) {
    if (caught !== undefined) {
      err(`auspex ctl --cost: interrupted by ${caught}; the temporary rules are removed\n`);
      return SIGNAL_EXIT[caught] ?? EXIT_ERROR;
    }
    if (e instanceof KernelError) {
      err(e.errno === 111 ? 'The audit system is disabled\n' : `${e.message}\n`);
      return EXIT_ERROR;
    }
    // The workload's own errors, and the file system's (the temporary folder, --workload PATH).
    err(`auspex ctl --cost: ${e instanceof CostError ? e.message : (e as Error).message}\n`);
    return EXIT_ERROR;
  } finally {
    try {
      removeRules();
    } finally {
      workload?.kill();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      for (const s of signals) process.off(s, onSignal);
      process.off('exit', onExit);
      ctl.close();
    }
  }
}
