// For the real-kernel tests of `ctl --cost`: test rules added and removed
// (keys auspex-test-cost-*), the kernel's enabled/failure kept as found, and
// the records the kernel sends to the audit multicast group collected while
// a run goes on, grouped into events (by serial) as AuditRecords.
import { spawnSync } from 'node:child_process';
import { AuditControl, AuditEventReader } from '../../src/kernel/index.js';
import type { AuditRecordMessage } from '../../src/kernel/index.js';
import { asKernelListsIt, decodeRule, encodeRule, parseCtlArgs, printRule } from '../../src/rules/index.js';
import type { RuleSpec } from '../../src/rules/index.js';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import type { AuditRecord } from '../../src/format/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { writeLogLine } from '../../src/collect/index.js';
import { systemRuleHost } from '../../src/cli/ctl-host.js';

export function costSkip(): string | false {
  if (process.geteuid?.() !== 0) return 'not root: ctl --cost needs CAP_AUDIT_CONTROL (and the tests CAP_AUDIT_READ)';
  if (spawnSync('cc', ['--version']).status !== 0) return 'no C compiler (cc) to build the workload';
  return false;
}

export function ruleOf(args: readonly string[]): RuleSpec {
  const p = parseCtlArgs(args, systemRuleHost());
  const step = p.steps.find((s) => s.kind === 'rule');
  if (p.error !== undefined || step?.kind !== 'rule') throw new Error(`bad test rule ${args.join(' ')}: ${p.error?.message ?? ''}`);
  return step.rule;
}

export function listedRules(): RuleSpec[] {
  const ctl = AuditControl.open();
  try {
    return ctl.listRules().flatMap((b) => {
      const d = decodeRule(b);
      return d.ok ? [d.rule] : [];
    });
  } finally {
    ctl.close();
  }
}

export function listedTexts(): string[] {
  return listedRules().map((r) => printRule(r, { machine: systemRuleHost().machine }));
}

/** Adds test rules (each must carry an auspex-test-cost key); returns their removal, which also restores enabled/failure. */
export function addTestRules(rules: ReadonlyArray<readonly string[]>): () => void {
  const ctl = AuditControl.open();
  const before = ctl.getStatus();
  if (before.enabled === 0) ctl.setStatus({ mask: 0x1, enabled: 1 });
  const added: Buffer[] = [];
  try {
    for (const args of rules) {
      if (!args.some((a) => a.startsWith('auspex-test-cost-') || a.startsWith('key=auspex-test-cost-'))) throw new Error(`test rules need an auspex-test-cost- key: ${args.join(' ')}`);
      const rule = ruleOf(args);
      ctl.addRule(encodeRule(rule));
      added.push(encodeRule(asKernelListsIt(rule)));
    }
  } catch (e) {
    ctl.close();
    throw e;
  }
  return () => {
    try {
      for (const b of added) {
        try {
          ctl.deleteRule(b);
        } catch {
          // already gone
        }
      }
      const now = ctl.getStatus();
      if (now.enabled !== 2 && (now.enabled !== before.enabled || now.failure !== before.failure)) {
        ctl.setStatus({ mask: 0x3, enabled: before.enabled, failure: before.failure });
      }
    } finally {
      ctl.close();
    }
  };
}

/** Collects what the kernel multicasts while `body` runs, then until it has been quiet for a while. */
export async function collectWhile<T>(body: () => Promise<T>): Promise<{ result: T; messages: AuditRecordMessage[] }> {
  const reader = await AuditEventReader.open({ maxInFlight: 1 << 16 });
  const messages: AuditRecordMessage[] = [];
  let done = false;
  const pump = (async () => {
    for (;;) {
      const m = await reader.next();
      if (m === undefined) return;
      messages.push(m);
      if (done) return;
    }
  })();
  try {
    const result = await body();
    let count = -1;
    // Quiet for 600 ms (records of the run may still be on their way), 8 s at most.
    for (let waited = 0; messages.length !== count && waited < 8000; waited += 600) {
      count = messages.length;
      await new Promise((r) => setTimeout(r, 600));
    }
    return { result, messages };
  } finally {
    done = true;
    await reader.close();
    await pump;
  }
}

const STAMP = /^audit\((\d+)\.(\d+):(\d+)\)/;

/** The events (by serial) with a SYSCALL record of `pid`, records in arrival order. */
export function eventsOfPid(messages: readonly AuditRecordMessage[], pid: number): AuditEvent[] {
  const bySerial = new Map<string, AuditRecord[]>();
  const mine = new Set<string>();
  for (const [i, m] of messages.entries()) {
    const stamp = STAMP.exec(m.payload.toString('latin1', 0, 64));
    if (stamp === null) continue;
    const out = Buffer.alloc(m.payload.length + 64);
    const end = writeLogLine(out, 0, undefined, m.type, m.payload, 0, m.payload.length);
    const r = parseRecordLine(out.subarray(0, end - 1), { file: 'kernel', line: i + 1 });
    if (isHeaderProblem(r)) continue;
    const key = stamp[0];
    const list = bySerial.get(key) ?? [];
    bySerial.set(key, list);
    list.push(r);
    if (m.type === 1300 && new RegExp(` pid=${pid} `).test(m.payload.toString('latin1'))) mine.add(key);
  }
  const events: AuditEvent[] = [];
  for (const key of mine) {
    const records = bySerial.get(key) as AuditRecord[];
    const first = records[0] as AuditRecord;
    events.push({ node: undefined, sec: first.sec, milli: first.milli, serial: first.serial, records, enriched: false });
  }
  return events;
}

/** name=value pairs of a record's body (values as written). */
export function fieldsOfRecord(r: AuditRecord): Map<string, string> {
  const m = new Map<string, string>();
  for (const w of r.body.split(' ')) {
    const eq = w.indexOf('=');
    if (eq > 0 && !m.has(w.slice(0, eq))) m.set(w.slice(0, eq), w.slice(eq + 1));
  }
  return m;
}
