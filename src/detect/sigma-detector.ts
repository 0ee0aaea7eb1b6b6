// Sigma rules run over audit events: each rule is tried on each record
// document of the event (every AND in the auditd rules stays within one record
// type, so no rule needs a join across records); a rule that matches any
// record gives one alert for the event. Alerts are JSON lines led by
// RuleId, Title and Author — the Detection Rule License requires the author in
// every match — then level, the rule file and the event's identity.
import type { AuditEvent } from '../events/index.js';
import { compileSigmaRule } from './sigma-rule.js';
import type { SigmaRule } from './sigma-rule.js';
import { sigmaRecords } from './sigma-record.js';
import { parseYamlDocuments } from './sigma-yaml.js';

export interface SigmaAlert {
  readonly rule: SigmaRule;
  readonly event: AuditEvent;
  /** The matching documents: record type and index in the event. */
  readonly records: ReadonlyArray<{ readonly type: string; readonly index: number }>;
}

export interface LoadedRules {
  readonly rules: readonly SigmaRule[];
  /** Rules for another log source than Linux auditd, by file. */
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly title: string; readonly logsource: string }>;
}

/** Whether a rule's log source is the auditd one this engine reads. */
export function isAuditdRule(rule: SigmaRule): boolean {
  const ls = rule.logsource;
  return (ls.product === undefined || ls.product.toLowerCase() === 'linux') && ls.service?.toLowerCase() === 'auditd';
}

/** The rules of one file's text (YAML, one or more documents); throws DetectError. */
export function loadSigmaText(text: string, file: string): LoadedRules {
  const rules: SigmaRule[] = [];
  const skipped: Array<{ file: string; title: string; logsource: string }> = [];
  for (const doc of parseYamlDocuments(text, file)) {
    const rule = compileSigmaRule(doc, file);
    if (isAuditdRule(rule)) rules.push(rule);
    else skipped.push({ file, title: rule.title, logsource: Object.entries(rule.logsource).map(([k, v]) => `${k}: ${v}`).join(', ') });
  }
  return { rules, skipped };
}

export class SigmaDetector {
  readonly #rules: readonly SigmaRule[];
  #alerts = 0;

  constructor(rules: readonly SigmaRule[]) {
    this.#rules = rules;
  }

  get rules(): readonly SigmaRule[] {
    return this.#rules;
  }

  get alerts(): number {
    return this.#alerts;
  }

  /** The alerts for one event, in rule order. */
  detect(event: AuditEvent): SigmaAlert[] {
    const docs = sigmaRecords(event);
    const out: SigmaAlert[] = [];
    for (const rule of this.#rules) {
      const hits = docs.filter((d) => rule.matches(d));
      if (hits.length > 0) out.push({ rule, event, records: hits.map((d) => ({ type: d.type, index: d.index })) });
    }
    this.#alerts += out.length;
    return out;
  }
}

/** One alert as a JSON object (key order fixed: RuleId, Title, Author first). */
export function alertJson(alert: SigmaAlert, ruleFile: string = alert.rule.file): Record<string, unknown> {
  const { rule, event } = alert;
  return {
    RuleId: rule.id ?? null,
    Title: rule.title,
    Author: rule.author ?? null,
    Level: rule.level ?? null,
    Status: rule.status ?? null,
    Rule: ruleFile,
    Event: {
      node: event.node ?? null,
      time: new Date(event.sec * 1000 + event.milli).toISOString(),
      serial: event.serial,
      id: `${event.sec}.${String(event.milli).padStart(3, '0')}:${event.serial}`,
    },
    Records: alert.records,
  };
}
