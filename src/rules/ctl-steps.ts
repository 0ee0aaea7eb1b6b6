// What one auditctl command line asks for, as typed steps in the order auditctl
// carries them out: settings and queries as their options appear, the rule
// (add or delete) last. Produced by parseCtlArgs, executed by cli/ctl.
import type { RuleDiagnostic } from './rule-errors.js';
import type { RuleSpec } from './rule-spec.js';

export type StatusSetting = 'enabled' | 'failure' | 'rate_limit' | 'backlog_limit' | 'backlog_wait_time';

export type CtlStep =
  | { readonly kind: 'status'; readonly interpret: boolean }
  | { readonly kind: 'set'; readonly setting: StatusSetting; readonly value: number }
  | { readonly kind: 'list'; readonly key: string; readonly interpret: boolean }
  | { readonly kind: 'delete-all'; readonly key: string }
  | { readonly kind: 'rule'; readonly op: 'add' | 'delete'; readonly rule: RuleSpec }
  | { readonly kind: 'user-message'; readonly text: string }
  | { readonly kind: 'trim' }
  | { readonly kind: 'make-equiv'; readonly mount: string; readonly subtree: string }
  | { readonly kind: 'loginuid-immutable' }
  | { readonly kind: 'reset-lost' }
  | { readonly kind: 'reset-backlog-wait-time-actual' }
  | { readonly kind: 'signal'; readonly signal: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'help' }
  | { readonly kind: 'read-file'; readonly path: string }
  /** -i / -c: how a rules file goes on after a bad line. */
  | { readonly kind: 'error-mode'; readonly ignore: boolean; readonly continueOnError: boolean };

export interface CtlParse {
  /** Steps to carry out, in order; when `error` is set, those auditctl had already done before failing. */
  readonly steps: readonly CtlStep[];
  /** Messages auditctl prints without failing (deprecations, 32/64-bit syscall mismatch). */
  readonly warnings: readonly string[];
  readonly error?: RuleDiagnostic;
  /** auditctl gives up without a message (e.g. no option at all): exit as an error, print nothing. */
  readonly silentError?: boolean;
}
