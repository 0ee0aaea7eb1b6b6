// The timing plan of `ctl --cost`: after an untimed warm-up, rounds in which
// each workload test runs twice back to back, with the rules as loaded and
// with the cut rule in front (which goes first alternates, so a drift in the
// machine's speed weighs on both alike). Per syscall it keeps the ns per call
// of every round; the overhead is the median of the rounds' differences.
import type { TemporaryRule } from './ctl-cost-rule.js';
import { WORKLOAD_TESTS } from './ctl-cost-workload.js';
import type { Workload } from './ctl-cost-workload.js';

export interface CostPlan {
  /** Calls per round of each cheap syscall. */
  readonly calls: number;
  /** Calls per round of execve (each one starts the program again). */
  readonly execCalls: number;
  readonly rounds: number;
  /** How long one workload command may take. */
  readonly commandTimeoutMs: number;
}

export interface SyscallSamples {
  /** ns per call, one per round. */
  readonly withRules: number[];
  readonly withoutRules: number[];
}

export type Phase = 'with-rules' | 'without-rules';

export interface MeasureHooks {
  /** Set when the run must stop (a signal): checked before every step. */
  readonly signal: AbortSignal;
  readonly onPhase?: (round: number, phase: Phase) => void;
}

function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('interrupted');
}

const callsOf = (plan: CostPlan, exec: boolean, scale: number): number => Math.max(1, Math.round((exec ? plan.execCalls : plan.calls) * scale));

export async function measure(w: Workload, cut: TemporaryRule, plan: CostPlan, hooks: MeasureHooks): Promise<Map<string, SyscallSamples>> {
  const samples = new Map<string, SyscallSamples>();
  // Warm-up: caches, the page cache of the target file and of the program itself.
  for (const t of WORKLOAD_TESTS) await w.run(t.command, callsOf(plan, t.exec, 0.1), plan.commandTimeoutMs);
  for (let round = 0; round < plan.rounds; round++) {
    for (const [i, t] of WORKLOAD_TESTS.entries()) {
      // Each test's two runs back to back: the other load on the machine changes less between them than over a whole round.
      const order: Phase[] = (round + i) % 2 === 0 ? ['with-rules', 'without-rules'] : ['without-rules', 'with-rules'];
      for (const phase of order) {
        stopIfAborted(hooks.signal);
        hooks.onPhase?.(round, phase);
        if (phase === 'without-rules') cut.add();
        try {
          for (const r of await w.run(t.command, callsOf(plan, t.exec, 1), plan.commandTimeoutMs)) {
            const s = samples.get(r.syscall) ?? { withRules: [], withoutRules: [] };
            samples.set(r.syscall, s);
            (phase === 'with-rules' ? s.withRules : s.withoutRules).push(r.totalNs / r.calls);
          }
        } finally {
          cut.remove();
        }
      }
    }
  }
  return samples;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface Overhead {
  /** Medians over the rounds. */
  readonly withRulesNs: number;
  readonly withoutRulesNs: number;
  /** The median of the rounds' differences (less swayed by load on the machine than the difference of the medians). */
  readonly overheadNs: number;
  /** Per round, with minus without: the spread says how much to trust the median. */
  readonly roundsNs: readonly number[];
  /** The rounds disagree on the sign: the difference is within the machine's noise. */
  readonly withinNoise: boolean;
}

export function overheadOf(s: SyscallSamples): Overhead {
  const withRulesNs = median(s.withRules);
  const withoutRulesNs = median(s.withoutRules);
  const roundsNs = s.withRules.map((v, i) => v - (s.withoutRules[i] ?? NaN));
  return {
    withRulesNs, withoutRulesNs, overheadNs: median(roundsNs), roundsNs,
    withinNoise: Math.min(...roundsNs) <= 0 && Math.max(...roundsNs) >= 0,
  };
}
