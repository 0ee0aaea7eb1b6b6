// rules/: the auditctl rule language. Text → typed RuleSpec → struct
// audit_rule_data bytes → back, and `auditctl -l` printing. Pure: the host
// (users, groups, directories, machine) comes in as a RuleHost.
export { parseCtlArgs } from './ctl-args.js';
export { readRulesFile, splitRuleLine } from './rules-file.js';
export type { RulesFileLine } from './rules-file.js';
export type { ParseOptions } from './ctl-args.js';
export type { CtlParse, CtlStep, StatusSetting } from './ctl-steps.js';
export type { RuleHost } from './rule-fields.js';
export type { RuleDiagnostic, RuleErrorCode } from './rule-errors.js';
export type { RuleField, RuleSpec } from './rule-spec.js';
export { allMask, emptyMask, maskIsAll, maskNumbers } from './rule-spec.js';
export { asKernelListsIt, decodeRule, encodeRule, RULE_HEADER_SIZE } from './rule-codec.js';
export type { DecodeResult } from './rule-codec.js';
export { isWatchRule, printRule, printRules, ruleMatchesKey } from './rule-print.js';
export type { PrintOptions } from './rule-print.js';
export {
  AUDIT_ACTION, AUDIT_COMPARE, AUDIT_CONTROL_TYPE, AUDIT_FEATURE_BITMAP, AUDIT_FIELD, AUDIT_LIST, AUDIT_OPERATOR, AUDIT_STATUS_MASK,
} from './audit-constants.gen.js';
// Kernel tables shared with search and interpretation (one copy, generated).
export { SYSCALL_TABLES } from './syscalls.gen.js';
export { ERRNOS } from './errnos.gen.js';
export { IO_URING_OPS } from './io-uring-ops.gen.js';
