// Carries out the steps of one auditctl command line against a CtlTarget, with
// auditctl's messages and outcomes: status blocks after settings, "No rules",
// the immutable-mode refusal before rule changes, kernel errors in its words.
import { AUDIT_MSG, KernelError } from '../kernel/index.js';
import type { StatusChange } from '../kernel/index.js';
import { AUDIT_STATUS_MASK, decodeRule, encodeRule, printRules, ruleMatchesKey } from '../rules/index.js';
import type { CtlStep, RuleSpec } from '../rules/index.js';
import { USAGE, formatStatus, ruleJson, statusJson } from './ctl-format.js';
import type { CtlTarget } from './ctl-target.js';

export interface RunContext {
  readonly target: CtlTarget;
  readonly machine: string;
  readonly json: boolean;
  readonly out: (text: string) => void;
  /** Error output; a rules file swaps in one that prefixes FILE:LINE. */
  err: (text: string) => void;
  /** Set once `-e 2` went out in this run: later rule changes are refused, as the kernel would. */
  immutable: boolean;
  /** -i / -c seen (in a rules file). */
  ignoreErrors: boolean;
  continueOnError: boolean;
}

export type StepOutcome = 'ok' | 'error' | 'stop';

const SETTINGS: Record<string, { mask: number; field: keyof StatusChange; what: string }> = {
  enabled: { mask: AUDIT_STATUS_MASK.ENABLED, field: 'enabled', what: 'Error sending enable request' },
  failure: { mask: AUDIT_STATUS_MASK.FAILURE, field: 'failure', what: 'Error sending failure mode request' },
  rate_limit: { mask: AUDIT_STATUS_MASK.RATE_LIMIT, field: 'rateLimit', what: 'Error sending rate limit request' },
  backlog_limit: { mask: AUDIT_STATUS_MASK.BACKLOG_LIMIT, field: 'backlogLimit', what: 'Error sending backlog limit request' },
  // libaudit reuses the backlog limit wording here.
  backlog_wait_time: { mask: AUDIT_STATUS_MASK.BACKLOG_WAIT_TIME, field: 'backlogWaitTime', what: 'Error sending backlog limit request' },
};

const SIGNALS: Record<string, NodeJS.Signals> = { TERM: 'SIGTERM', HUP: 'SIGHUP', USR1: 'SIGUSR1', USR2: 'SIGUSR2', CONT: 'SIGCONT' };

/** auditctl's "(reason)" for a kernel error: strerror, or "Rule exists" for EEXIST on add. */
function reasonOf(e: unknown, add = false): string {
  if (e instanceof KernelError) return add && e.errno === 17 ? 'Rule exists' : e.reason;
  return (e as Error).message;
}

function kernelFailure(ctx: RunContext, e: unknown, what: string, add = false): StepOutcome {
  if (!(e instanceof KernelError)) throw e;
  if (e.code === 'E_KERNEL_ERRNO' && e.errno === 111) ctx.err('The audit system is disabled\n');
  else if (e.code === 'E_KERNEL_ERRNO') ctx.err(`${what} (${reasonOf(e, add)})\n`);
  else ctx.err(`${e.message}\n`);
  return 'error';
}

function listRules(ctx: RunContext, key: string, interpret: boolean): StepOutcome {
  const raw = ctx.target.listRules();
  if (raw === undefined) return 'ok';
  const rules: RuleSpec[] = [];
  for (const bytes of raw) {
    const d = decodeRule(bytes);
    if (d.ok) rules.push(d.rule);
    else ctx.err(`auspex: skipped a rule the kernel listed: ${d.reason}\n`);
  }
  const shown = rules.filter((r) => ruleMatchesKey(r, key));
  const lines = printRules(shown, { machine: ctx.machine, interpret });
  if (ctx.json) ctx.out(`${JSON.stringify(shown.map((r, i) => ruleJson(r, lines[i] as string)))}\n`);
  else if (raw.length === 0) ctx.out('No rules\n');
  else for (const l of lines) ctx.out(`${l}\n`);
  return 'ok';
}

/** Whether rule changes may go ahead (auditctl's is_ready); prints the refusal when not. */
function ready(ctx: RunContext): boolean {
  let enabled: number | undefined;
  try {
    enabled = ctx.target.getStatus()?.enabled;
  } catch (e) {
    if (e instanceof KernelError && e.errno === 111) {
      ctx.err('The audit system is disabled\n');
      return false;
    }
    throw e;
  }
  if (enabled === 2 || ctx.immutable) {
    ctx.err('The audit system is in immutable mode, no rule changes allowed\n');
    return false;
  }
  return true;
}

/** Runs one command line's steps; `replyStatus` prints the status after settings as auditctl's get_reply does. */
export function runSteps(ctx: RunContext, steps: readonly CtlStep[], replyStatus: boolean): StepOutcome {
  for (const step of steps) {
    const outcome = runStep(ctx, step);
    if (outcome !== 'ok') return outcome;
  }
  if (replyStatus && steps.some((s) => s.kind === 'set')) {
    try {
      const s = ctx.target.getStatus();
      if (s !== undefined) ctx.out(ctx.json ? `${JSON.stringify(statusJson(s))}\n` : formatStatus(s, false));
    } catch (e) {
      return kernelFailure(ctx, e, 'Error sending status request');
    }
  }
  return 'ok';
}

function runStep(ctx: RunContext, step: CtlStep): StepOutcome {
  const t = ctx.target;
  try {
    switch (step.kind) {
      case 'help':
        ctx.out(USAGE);
        return 'error';
      case 'version':
        ctx.out('auspex ctl version 0.1.0 (auditctl 3.0.9 options, io_uring list of 4.x)\n');
        return 'ok';
      case 'error-mode':
        ctx.ignoreErrors ||= step.ignore;
        ctx.continueOnError ||= step.continueOnError;
        return 'ok';
      case 'status': {
        const s = t.getStatus();
        let f;
        try {
          f = t.getFeatures();
        } catch (e) {
          if (!(e instanceof KernelError && e.errno === 22)) throw e;
        }
        if (s !== undefined) ctx.out(ctx.json ? `${JSON.stringify(statusJson(s, f))}\n` : formatStatus(s, step.interpret, f));
        return 'ok';
      }
      case 'set': {
        const def = SETTINGS[step.setting] as (typeof SETTINGS)[string];
        if (ctx.immutable) {
          ctx.err(`${def.what} (Operation not permitted)\n`);
          return 'error';
        }
        t.setStatus({ mask: def.mask, [def.field]: step.value }, def.what);
        if (step.setting === 'enabled' && step.value === 2) ctx.immutable = true;
        return 'ok';
      }
      case 'list':
        return listRules(ctx, step.key, step.interpret);
      case 'rule': {
        if (!ready(ctx)) return 'stop';
        const bytes = encodeRule(step.rule);
        if (step.op === 'add') t.addRule(bytes);
        else t.deleteRule(bytes);
        return 'ok';
      }
      case 'delete-all': {
        if (ctx.immutable) {
          ctx.err('The audit system is in immutable mode, no rule changes allowed\n');
          return 'stop';
        }
        for (const bytes of t.listRules() ?? []) {
          const d = decodeRule(bytes);
          if (d.ok && ruleMatchesKey(d.rule, step.key)) t.deleteRule(bytes);
        }
        return listRules(ctx, '', false);
      }
      case 'user-message':
        t.sendUserMessage(AUDIT_MSG.USER, `${step.text} exe=${JSON.stringify(process.execPath)} hostname=? addr=? terminal=? res=success`);
        return 'ok';
      case 'trim':
        t.trim();
        return 'ok';
      case 'make-equiv':
        t.makeEquivalent(step.mount, step.subtree);
        return 'ok';
      case 'loginuid-immutable':
        t.setFeatures({ version: 1, mask: 2, features: 2, lock: 2 });
        return 'ok';
      case 'reset-lost': {
        const lost = t.setStatus({ mask: AUDIT_STATUS_MASK.LOST, lost: 0 }, 'Error sending lost reset request');
        if (!t.dryRun) ctx.err(`lost: ${lost}\n`);
        return 'ok';
      }
      case 'reset-backlog-wait-time-actual': {
        const v = t.setStatus({ mask: AUDIT_STATUS_MASK.BACKLOG_WAIT_TIME_ACTUAL, backlogWaitTimeActual: 0 }, 'Error sending backlog wait time actual reset request');
        if (!t.dryRun) ctx.err(`backlog_wait_time_actual: ${v}\n`);
        return 'ok';
      }
      case 'signal': {
        const sig = SIGNALS[step.signal.toUpperCase()];
        if (sig === undefined) {
          ctx.err(`${step.signal} is an unsupported signal\n`);
          return 'error';
        }
        const s = t.getStatus();
        if (s === undefined) return 'ok';
        if (s.pid === 0) {
          ctx.err('Auditd is not running\n');
          return 'ok';
        }
        try {
          process.kill(s.pid, sig);
        } catch (e) {
          ctx.err(`Failed sending signal to auditd (${(e as Error).message})\n`);
          return 'error';
        }
        return 'ok';
      }
      case 'read-file':
        ctx.err('Error - nested rule files not supported\n');
        return 'error';
    }
  } catch (e) {
    const what = step.kind === 'rule'
      ? (step.op === 'add' ? 'Error sending add rule data request' : 'Error sending delete rule data request')
      : step.kind === 'set' ? (SETTINGS[step.setting]?.what ?? 'Error') : step.kind === 'status' ? 'Error sending status request'
        : step.kind === 'list' || step.kind === 'delete-all' ? 'Error sending rule list data request' : `Error sending ${step.kind} request`;
    return kernelFailure(ctx, e, what, step.kind === 'rule' && step.op === 'add');
  }
}
