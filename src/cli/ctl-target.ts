// Where auspex ctl's requests go: the kernel (AuditControl), or, for
// --dry-run, nowhere: each message is printed as `AUDIT_<TYPE> <payload hex>`
// and its decoded form, and queries answer "unknown".
import { recordTypeName } from '../format/index.js';
import { AuditControl, AUDIT_MSG, encodeFeatures, encodeStatus } from '../kernel/index.js';
import type { AuditFeatures, AuditStatus, StatusChange } from '../kernel/index.js';
import { describeMessage } from './ctl-format.js';

export interface CtlTarget {
  readonly dryRun: boolean;
  /** undefined when not known (dry run). */
  getStatus(): AuditStatus | undefined;
  getFeatures(): AuditFeatures | undefined;
  setStatus(change: StatusChange, what: string): number;
  setFeatures(f: AuditFeatures): void;
  /** undefined when not known (dry run). */
  listRules(): Buffer[] | undefined;
  addRule(rule: Buffer): void;
  deleteRule(rule: Buffer): void;
  trim(): void;
  makeEquivalent(mount: string, subtree: string): void;
  sendUserMessage(type: number, text: string): void;
  close(): void;
}

export function liveTarget(): CtlTarget {
  let ctl: AuditControl | undefined;
  const c = (): AuditControl => (ctl ??= AuditControl.open());
  return {
    dryRun: false,
    getStatus: () => c().getStatus(),
    getFeatures: () => c().getFeatures(),
    setStatus: (change, what) => c().setStatus(change, what),
    setFeatures: (f) => c().setFeatures(f),
    listRules: () => c().listRules(),
    addRule: (r) => c().addRule(r),
    deleteRule: (r) => c().deleteRule(r),
    trim: () => c().trim(),
    makeEquivalent: (m, s) => c().makeEquivalent(m, s),
    sendUserMessage: (t, text) => c().sendUserMessage(t, text),
    close: () => ctl?.close(),
  };
}

export function dryRunTarget(write: (text: string) => void, machine: string): CtlTarget {
  const show = (type: number, payload: Buffer): void => {
    const name = `AUDIT_${recordTypeName(type) ?? String(type)}`;
    write(`${name} ${payload.toString('hex')}\n${describeMessage(name, payload, machine)}\n`);
  };
  return {
    dryRun: true,
    getStatus: () => {
      show(AUDIT_MSG.GET, Buffer.alloc(0));
      return undefined;
    },
    getFeatures: () => {
      show(AUDIT_MSG.GET_FEATURE, Buffer.alloc(16));
      return undefined;
    },
    setStatus: (change) => {
      show(AUDIT_MSG.SET, encodeStatus(change));
      return 0;
    },
    setFeatures: (f) => show(AUDIT_MSG.SET_FEATURE, encodeFeatures(f)),
    listRules: () => {
      show(AUDIT_MSG.LIST_RULES, Buffer.alloc(0));
      return undefined;
    },
    addRule: (r) => show(AUDIT_MSG.ADD_RULE, r),
    deleteRule: (r) => show(AUDIT_MSG.DEL_RULE, r),
    trim: () => show(AUDIT_MSG.TRIM, Buffer.alloc(0)),
    makeEquivalent: (m, s) => {
      const a = Buffer.from(m);
      const b = Buffer.from(s);
      const p = Buffer.alloc(8 + a.length + b.length);
      p.writeUInt32LE(a.length, 0);
      p.writeUInt32LE(b.length, 4);
      a.copy(p, 8);
      b.copy(p, 8 + a.length);
      show(AUDIT_MSG.MAKE_EQUIV, p);
    },
    sendUserMessage: (t, text) => show(t, Buffer.from(`${text}\0`)),
    close: () => {},
  };
}
