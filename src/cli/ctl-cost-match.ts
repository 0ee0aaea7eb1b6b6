// Which loaded rules each test syscall of `ctl --cost` meets. The records the
// kernel would log for the call (SYSCALL, CWD, PATH, SOCKADDR), made from what
// the workload reported about itself and the call, go through detect/'s replay
// of the kernel's filtering (the one `ctl --explain` uses) under the rules the
// kernel holds: the rule that decides, whether the call is logged and with
// which key, and how many rules had their fields tested on the way.
import type { AuditEvent } from '../events/index.js';
import { isHeaderProblem, parseRecordLine } from '../format/index.js';
import type { AuditRecord } from '../format/index.js';
import { explainEvent } from '../detect/index.js';
import type { RuleEntry, RuleOutcome, RuleSet } from '../detect/index.js';
import { AUDIT_LIST } from '../rules/index.js';
import type { TestSyscall, WorkloadFacts } from './ctl-cost-workload.js';

export interface SyscallMatch {
  readonly syscall: string;
  /** The first rule in walk order whose fields all hold: it decides. */
  readonly decidedBy: RuleEntry | undefined;
  readonly logged: boolean;
  readonly key: string | null;
  /** An exclude-list rule that drops the call's records after the exit list logged them. */
  readonly droppedBy: RuleEntry | undefined;
  /** Rules whose fields the kernel tests for this call (its mask names the syscall) until the walk stops; watch rules only when on the call's inode. */
  readonly tested: number;
  /** Rules the replay cannot decide here (LSM labels...): they may match. */
  readonly undecided: readonly RuleOutcome[];
}

/** A string value as the kernel logs it: quoted when plain, else upper-case hex. */
function auditString(b: Buffer): string {
  for (const c of b) if (c <= 0x20 || c > 0x7e || c === 0x22) return b.toString('hex').toUpperCase();
  return `"${b.toString('latin1')}"`;
}

const hex64 = (v: bigint): string => (v & 0xffffffffffffffffn).toString(16);

/** The kernel's records for one call, as text lines (the replay reads records, not values). */
export function recordLinesFor(facts: WorkloadFacts, sc: TestSyscall, serial: number): string[] {
  const head = (type: string): string => `type=${type} msg=audit(0.000:${serial}): `;
  const f = facts;
  const items = sc.path === undefined ? 0 : 1;
  const lines = [
    `${head('SYSCALL')}arch=${f.arch.toString(16)} syscall=${sc.nr}${f.pers === 0 ? '' : ` per=${f.pers.toString(16)}`} success=${sc.exit >= 0 ? 'yes' : 'no'} exit=${sc.exit} ` +
      `a0=${hex64(sc.args[0] ?? 0n)} a1=${hex64(sc.args[1] ?? 0n)} a2=${hex64(sc.args[2] ?? 0n)} a3=${hex64(sc.args[3] ?? 0n)} items=${items} ` +
      `ppid=${f.ppid} pid=${f.pid} auid=${f.auid} uid=${f.uid} gid=${f.gid} euid=${f.euid} suid=${f.suid} fsuid=${f.fsuid} egid=${f.egid} ` +
      `sgid=${f.sgid} fsgid=${f.fsgid} tty=(none) ses=${f.ses} comm="rule-cost" exe=${auditString(f.exe)} key=(null)`,
  ];
  if (sc.saddr !== undefined) lines.push(`${head('SOCKADDR')}saddr=${sc.saddr}`);
  if (sc.path !== undefined) {
    // The kernel logs the cwd only for a call that looked up a path.
    lines.push(`${head('CWD')}cwd=${auditString(f.cwd)}`);
    const p = sc.path;
    lines.push(`${head('PATH')}item=0 name=${auditString(p.name)} inode=${p.inode} dev=${p.devMajor.toString(16).padStart(2, '0')}:${p.devMinor.toString(16).padStart(2, '0')} ` +
      `mode=0${p.mode} ouid=${p.ouid} ogid=${p.ogid} rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`);
  }
  lines.push(`${head('EOE')}`);
  return lines;
}

function eventOf(lines: readonly string[], serial: number): AuditEvent {
  const records: AuditRecord[] = [];
  for (const [i, line] of lines.entries()) {
    const r = parseRecordLine(Buffer.from(line, 'latin1'), { file: 'ctl --cost', line: i + 1 });
    if (isHeaderProblem(r)) throw new Error(`ctl --cost made a record that does not parse: ${line}`);
    records.push(r);
  }
  return { node: undefined, sec: 0, milli: 0, serial, records, enriched: false };
}

const TESTED = new Set<RuleOutcome['outcome']>(['matched', 'no', 'unknown', 'priority-unknown']);

export function matchTestSyscall(facts: WorkloadFacts, sc: TestSyscall, set: RuleSet, serial = 1): SyscallMatch {
  const x = explainEvent(eventOf(recordLinesFor(facts, sc, serial), serial), set);
  // No io_uring op runs inline here: the first stage is the syscall's exit; an exclude stage may follow.
  const exit = x.stages[0];
  const exclude = x.stages.find((s, i) => i > 0 && s.rules.every((o) => o.entry.list === AUDIT_LIST.EXCLUDE));
  // The kernel keeps watch and inode rules on per-inode lists: a call meets only those of the inodes it looks up,
  // so of the replay's inode phase count only the rules that matched or may match.
  const walked = exit?.rules.filter((o) => o.phase.startsWith('exit list') || (o.phase.startsWith('inode filter') && o.outcome !== 'no')) ?? [];
  const logged = exit?.predicted === 'logged';
  const dropped = logged && exclude?.decidedBy !== undefined ? exclude.decidedBy : undefined;
  return {
    syscall: sc.name,
    decidedBy: exit?.decidedBy,
    logged: logged && dropped === undefined,
    key: logged ? (exit?.predictedKey ?? null) : null,
    droppedBy: dropped,
    tested: walked.filter((o) => TESTED.has(o.outcome)).length,
    undecided: walked.filter((o) => o.outcome === 'unknown' || o.outcome === 'priority-unknown'),
  };
}
