// The rule set `ctl --explain` and `ctl --lint` work on: a rules file read as
// auditctl -R reads it (each line parsed, its steps replayed in order), or the
// kernel's current rules (AUDIT_LIST_RULES).
import { readFileSync } from 'node:fs';
import { decodeRule, parseCtlArgs, readRulesFile } from '../rules/index.js';
import type { CtlStep, RuleDiagnostic, RuleSpec } from '../rules/index.js';
import { ruleSetFromKernel, ruleSetFromSteps } from '../detect/index.js';
import type { RuleSet } from '../detect/index.js';
import { AuditControl } from '../kernel/index.js';
import { systemRuleHost } from './ctl-host.js';

export interface ParsedRulesFile {
  readonly steps: ReadonlyArray<{ readonly step: CtlStep; readonly source: string; readonly lineNo: number; readonly args: readonly string[] }>;
  readonly errors: ReadonlyArray<{ readonly lineNo: number; readonly diagnostic: RuleDiagnostic; readonly args: readonly string[] }>;
  readonly warnings: ReadonlyArray<{ readonly lineNo: number; readonly text: string }>;
}

export function parseRulesFile(path: string, machine: string): ParsedRulesFile {
  const host = { ...systemRuleHost(), machine };
  const steps: Array<ParsedRulesFile['steps'][number]> = [];
  const errors: Array<ParsedRulesFile['errors'][number]> = [];
  const warnings: Array<ParsedRulesFile['warnings'][number]> = [];
  for (const line of readRulesFile(readFileSync(path, 'utf8'))) {
    const p = parseCtlArgs(line.args, host, { lineNo: line.lineNo });
    for (const w of p.warnings) warnings.push({ lineNo: line.lineNo, text: w });
    if (p.error !== undefined) {
      errors.push({ lineNo: line.lineNo, diagnostic: p.error, args: line.args });
      continue;
    }
    for (const step of p.steps) steps.push({ step, source: `${path}:${line.lineNo}`, lineNo: line.lineNo, args: line.args });
  }
  return { steps, errors, warnings };
}

export function ruleSetFromFile(path: string, machine: string): { set: RuleSet; parsed: ParsedRulesFile } {
  const parsed = parseRulesFile(path, machine);
  return { set: ruleSetFromSteps(parsed.steps, machine), parsed };
}

/** The rules the kernel lists, decoded (one it lists that we cannot decode is left out). */
export function kernelRules(ctl: AuditControl): RuleSpec[] {
  const rules: RuleSpec[] = [];
  for (const bytes of ctl.listRules()) {
    const d = decodeRule(bytes);
    if (d.ok) rules.push(d.rule);
  }
  return rules;
}

/** The kernel's rules now (needs root). */
export function kernelRuleSet(machine: string): RuleSet {
  const ctl = AuditControl.open();
  try {
    return ruleSetFromKernel(kernelRules(ctl), machine);
  } finally {
    ctl.close();
  }
}
