// detect/'s checks as collector stages: each complete event in, JSON lines out.
// Sigma alerts keep their RuleId / Title / Author lead (the rules' licence
// requires the author); io_uring violations are marked by a Violation member.
import type { AuditEvent } from '../events/index.js';
import { asciiJson } from '../output/index.js';
import { SigmaDetector, alertJson } from './sigma-detector.js';
import type { SigmaRule } from './sigma-rule.js';
import { UringViolationChecker, violationJson } from './uring-violations.js';
import type { UringProfile } from './uring-profile.js';

export interface EventStage {
  event(event: AuditEvent): readonly string[];
}

export function sigmaStage(rules: readonly SigmaRule[]): EventStage {
  const detector = new SigmaDetector(rules);
  return { event: (e) => detector.detect(e).map((a) => asciiJson(alertJson(a))) };
}

export function uringProfileStage(profile: UringProfile, profileFile: string): EventStage {
  const checker = new UringViolationChecker(profile);
  return {
    event: (e) => checker.check(e).map((v) => {
      const { kind, ...rest } = violationJson(v);
      return asciiJson({ Violation: kind, Profile: profileFile, ...rest });
    }),
  };
}
