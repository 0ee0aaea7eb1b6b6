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
