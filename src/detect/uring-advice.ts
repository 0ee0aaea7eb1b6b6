// What a profile proposes. (a) Per program, the allow-list
// io_uring_register(IORING_REGISTER_RESTRICTIONS) takes — SQE ops, register
// ops, SQE flags — as JSON and as a C function to call on a ring created with
// IORING_SETUP_R_DISABLED. (b) io_uring-list audit rules that log only ops
// outside the profile. (c) kernel.io_uring_disabled / io_uring_group advice.
// Each says which ops audit cannot see: an allow-list made from audit alone
// forbids them, so the program's author must add the ones it uses.
import { IO_URING_OPS } from '../rules/index.js';
import { IO_URING_REGISTER_OPS, IO_URING_SQE_FLAGS } from './io-uring-register.gen.js';
import type { ProfileProgram, UringProfile } from './uring-profile.js';
import { uringOpLabel } from './uring-profile.js';

export interface AllowList {
  readonly exe: string | null;
  readonly uid: number | null;
  readonly container: string;
  readonly sqeOps: ReadonlyArray<{ readonly op: number; readonly name: string }>;
  readonly registerOps: ReadonlyArray<{ readonly op: number; readonly name: string }>;
  /** Audit does not log SQE flags: all are allowed unless narrowed by hand. */
  readonly sqeFlagsAllowed: number;
  readonly notes: readonly string[];
}

const ALL_SQE_FLAGS = IO_URING_SQE_FLAGS.reduce((m, [bit]) => m | bit, 0);
const ENABLE_RINGS = IO_URING_REGISTER_OPS.find(([, n]) => n === 'IORING_REGISTER_ENABLE_RINGS')?.[0];
const RESTRICTIONS = IO_URING_REGISTER_OPS.find(([, n]) => n === 'IORING_REGISTER_RESTRICTIONS')?.[0];
const INVISIBLE = IO_URING_OPS.filter((o) => !o.audited);

export function invisibleOpsNote(): string {
  return `audit cannot see these io_uring ops (audit_skip: they never log URINGOP), so no profile made from audit holds them: ${INVISIBLE.map((o) => o.name).join(', ')}`;
}

export function allowListFor(p: ProfileProgram): AllowList {
  const notes = [invisibleOpsNote(), 'SQE flags are not in audit records: every flag is allowed; narrow IORING_RESTRICTION_SQE_FLAGS_ALLOWED by hand if you know them'];
  // Restrictions and ring enabling happen before the ring is restricted; keeping them out of the list is what locks it.
  const registerOps = p.registerOps.filter((r) => r.op !== RESTRICTIONS && r.op !== ENABLE_RINGS).map((r) => ({ op: r.op, name: r.name }));
  if (p.registerOps.length === 0) notes.push('no io_uring_register calls were audited for this program: audit io_uring_register to see which register ops it needs');
  if (p.sqpoll) notes.push('the program uses an SQPOLL ring: with IORING_SETUP_R_DISABLED its thread starts at IORING_REGISTER_ENABLE_RINGS');
  return { exe: p.exe, uid: p.uid, container: p.container, sqeOps: p.ops.map((o) => ({ op: o.op, name: o.name })), registerOps, sqeFlagsAllowed: ALL_SQE_FLAGS, notes };
}

/** A C comment's text: no comment terminator, no control bytes, ASCII only. */
function commentText(s: string): string {
  return s.replace(/\*\//g, '*\\/').replace(/[^\x20-\x7e]/g, '?');
}

/** The C function that applies the allow-list to a ring made with IORING_SETUP_R_DISABLED. */
export function cSnippet(a: AllowList, fn = 'auspex_restrict_ring'): string {
  const entries = [
    ...a.sqeOps.map((o) => `\t\t{ .opcode = IORING_RESTRICTION_SQE_OP, .sqe_op = ${o.op} /* ${commentText(o.name)} */ },`),
    ...a.registerOps.map((o) => `\t\t{ .opcode = IORING_RESTRICTION_REGISTER_OP, .register_op = ${o.op} /* ${commentText(o.name)} */ },`),
    `\t\t{ .opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED, .sqe_flags = 0x${a.sqeFlagsAllowed.toString(16)} },`,
  ];
  const who = `${a.exe ?? '(unknown program)'}${a.uid === null ? '' : ` (uid ${a.uid})`}`;
  return [
    `/*`,
    ` * io_uring allow-list for ${commentText(who)}, proposed by auspex uring profile.`,
    ...a.notes.map((n) => ` * NOTE: ${commentText(n)}.`),
    ` * Create the ring with IORING_SETUP_R_DISABLED, call ${fn}() on it, then use it.`,
    ` */`,
    `#include <linux/io_uring.h>`,
    `#include <stddef.h>`,
    `#include <sys/syscall.h>`,
    `#include <unistd.h>`,
    ``,
    `static int ${fn}(int ring_fd)`,
    `{`,
    `\tstruct io_uring_restriction res[] = {`,
    ...entries,
    `\t};`,
    `\tif (syscall(__NR_io_uring_register, ring_fd, IORING_REGISTER_RESTRICTIONS, res, sizeof(res) / sizeof(res[0])) < 0)`,
    `\t\treturn -1;`,
    `\treturn (int)syscall(__NR_io_uring_register, ring_fd, IORING_REGISTER_ENABLE_RINGS, NULL, 0);`,
    `}`,
    ``,
  ].join('\n');
}

/** A rules-file word: spaces and backslashes escaped as auditctl -R reads them. */
function ruleWord(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/ /g, '\\ ');
}

export const DEFAULT_VIOLATION_KEY = 'auspex-uring-violation';

/**
 * io_uring-list rules that log ops outside the profile: per known executable a
 * `never` rule for the ops it is known to run, then one rule logging every
 * other op (unknown programs included) with `key`. First match wins on a
 * list, so load them in this order after your own io_uring rules.
 */
export function auditRules(profile: UringProfile, key = DEFAULT_VIOLATION_KEY): string {
  const byExe = new Map<string, Set<number>>();
  for (const p of profile.programs) {
    if (p.exe === null) continue;
    let ops = byExe.get(p.exe);
    if (ops === undefined) byExe.set(p.exe, (ops = new Set()));
    for (const o of p.ops) ops.add(o.op);
    if (p.sqpoll) ops.add(0);
  }
  const lines = [
    `# io_uring ops outside the profile of ${profile.events} events (${profile.first ?? '-'} .. ${profile.last ?? '-'}), by auspex uring profile.`,
    `# NOTE: ${invisibleOpsNote()}; these rules cannot log them either.`,
    `# Rules on one list are tried in order and the first match decides: load these after your own io_uring rules.`,
    `# All carry the key, so 'auditctl -D -k ${key}' removes them together.`,
  ];
  for (const [exe, ops] of [...byExe].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (ops.size === 0) continue;
    const names = [...ops].sort((a, b) => a - b).map((op) => uringOpLabel(op));
    lines.push(`-a never,io_uring -S ${names.join(',')} -F exe=${ruleWord(exe)} -k ${ruleWord(key)}`);
  }
  lines.push(`-a always,io_uring -S all -k ${ruleWord(key)}`);
  return `${lines.join('\n')}\n`;
}

export interface SysctlState {
  /** kernel.io_uring_disabled now (0, 1, 2), when known. */
  readonly disabled: number | undefined;
  readonly group: number | undefined;
}

/** At most this many programs count as "few" for io_uring_disabled=1 advice. */
export const FEW_PROGRAMS = 3;

export function sysctlAdvice(profile: UringProfile, now: SysctlState): string[] {
  const exes = [...new Set(profile.programs.filter((p) => p.exe !== null && (p.ops.length > 0 || p.ringsSetUp > 0 || p.sqpoll)).map((p) => p.exe as string))].sort();
  const uids = [...new Set(profile.programs.filter((p) => p.uid !== null).map((p) => p.uid as number))].sort((a, b) => a - b);
  const out: string[] = [];
  if (now.disabled !== undefined) out.push(`now: kernel.io_uring_disabled=${now.disabled}${now.group === undefined ? '' : `, kernel.io_uring_group=${now.group}`}`);
  if (exes.length === 0) {
    out.push('no program used io_uring in these logs: kernel.io_uring_disabled=2 turns io_uring off for every process (root included); make sure the logs cover normal operation (audit io_uring_setup to see rings being made)');
  } else if (exes.length <= FEW_PROGRAMS) {
    out.push(`${exes.length} program(s) used io_uring (${exes.join(', ')}) as uid(s) ${uids.join(', ') || 'unknown'}: kernel.io_uring_disabled=1 with kernel.io_uring_group=GID allows io_uring only to members of group GID (and to CAP_SYS_ADMIN); put the service users of these programs in that group`);
  } else {
    out.push(`${exes.length} programs used io_uring: keep kernel.io_uring_disabled=0 and restrict each ring with the allow-lists above`);
  }
  out.push(`NOTE: ${invisibleOpsNote()}`);
  return out;
}

/** The allow-lists, rules and sysctl advice of a profile, for --json. */
export function adviceJson(profile: UringProfile, now: SysctlState, key = DEFAULT_VIOLATION_KEY): Record<string, unknown> {
  return {
    allowLists: profile.programs.map((p) => {
      const a = allowListFor(p);
      return { ...a, c: cSnippet(a) };
    }),
    auditRules: auditRules(profile, key),
    sysctl: sysctlAdvice(profile, now),
  };
}
