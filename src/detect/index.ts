// detect/: what the logs mean for security. Sigma rules for the auditd log
// source run over events (alerts as JSON lines); the io_uring policy advisor
// (profiles, allow-lists, audit rules, violations); the BPF program inventory;
// the kernel's rule filtering replayed on a logged event (ctl --explain) and
// rule-set lint. Pure apart from sigma-dir.ts, which reads rule files.
export { DetectError } from './detect-error.js';
export type { DetectErrorCode } from './detect-error.js';
export { SigmaDetector, alertJson, isAuditdRule, loadSigmaText } from './sigma-detector.js';
export type { LoadedRules, SigmaAlert } from './sigma-detector.js';
export type { SigmaRule } from './sigma-rule.js';
export { sigmaRecords } from './sigma-record.js';
export type { SigmaRecord } from './sigma-record.js';
export { loadSigmaDir } from './sigma-dir.js';
export { UringProfileBuilder, NO_CONTAINER, PROFILE_VERSION, programKey, uringOpLabel } from './uring-profile.js';
export type { ProfileOp, ProfileProgram, UringProfile } from './uring-profile.js';
export { DEFAULT_VIOLATION_KEY, allowListFor, auditRules, cSnippet, invisibleOpsNote, sysctlAdvice } from './uring-advice.js';
export type { AllowList, SysctlState } from './uring-advice.js';
export { formatProfileText, profileJson } from './uring-profile-text.js';
export { parseProfileJson } from './uring-profile-file.js';
export { UringViolationChecker, violationJson } from './uring-violations.js';
export type { UringViolation, UringViolationKind } from './uring-violations.js';
export { ruleSetFromKernel, ruleSetFromSteps, entriesOf } from './rule-set.js';
export type { RuleEntry, RuleSet } from './rule-set.js';
export { explainEvent } from './rule-explain.js';
export type { Explanation, OwnerInfo, RuleOutcome, Stage } from './rule-explain.js';
export { explanationJson, formatExplanation } from './explain-text.js';
export { formatFinding, lintRuleSet } from './rule-lint.js';
export type { LintFinding, LintSeverity } from './rule-lint.js';
export { BpfInventoryBuilder } from './bpf-inventory.js';
export type { BpfInventory, InventoryEntry, InventoryLoader, LiveBpfProgram } from './bpf-inventory.js';
export { formatInventoryText, inventoryJson } from './bpf-inventory-text.js';
export { sigmaStage, uringProfileStage } from './collect-stages.js';
export type { EventStage } from './collect-stages.js';
