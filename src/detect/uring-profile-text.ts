// A profile and its advice for people (text) and programs (JSON). Executable
// names come from the logs: escaped for the terminal in text, UTF-8 in JSON.
import { escapeForTerminal, utf8Text } from '../output/index.js';
import { adviceJson, allowListFor, auditRules, cSnippet, invisibleOpsNote, sysctlAdvice } from './uring-advice.js';
import type { SysctlState } from './uring-advice.js';
import type { ProfileProgram, UringProfile } from './uring-profile.js';

const esc = (s: string): string => escapeForTerminal(s, 'tty');

function programTitle(p: ProfileProgram): string {
  return `${p.exe === null ? '(owner unknown: no SYSCALL seen from the process)' : esc(p.exe)}  uid ${p.uid ?? '-'}  container ${esc(p.container)}`;
}

function pad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t : `${' '.repeat(n - t.length)}${t}`;
}

export function formatProfileText(profile: UringProfile, now: SysctlState, key?: string): string {
  const out: string[] = [];
  out.push(`io_uring profile of ${profile.events} events (${profile.first ?? '-'} .. ${profile.last ?? '-'})`);
  out.push(`NOTE: ${invisibleOpsNote()}.`);
  if (profile.programs.length === 0) out.push('', 'no io_uring activity in these logs (no URINGOP records and no audited io_uring_setup / io_uring_register)');
  for (const p of profile.programs) {
    out.push('', `program ${programTitle(p)}`);
    out.push(`  rings set up: ${p.ringsSetUp}   SQPOLL thread: ${p.sqpoll ? 'yes' : 'not seen'}   failed ops: ${p.failed}`);
    if (p.ops.length > 0) {
      out.push(`  ${'op'.padEnd(16)}${pad('count', 7)}${pad('ok', 7)}${pad('failed', 7)}${pad('inline', 7)}${pad('async', 7)}  other credentials (personality)`);
      for (const o of p.ops) {
        const creds = o.credentials.map((c) => `uid ${c.uid ?? '-'} gid ${c.gid ?? '-'} (${c.ops})`).join(', ');
        out.push(`  ${o.name.padEnd(16)}${pad(o.count, 7)}${pad(o.succeeded, 7)}${pad(o.failed, 7)}${pad(o.inline, 7)}${pad(o.async, 7)}  ${creds || '-'}`);
      }
    } else out.push('  no URINGOP records (add an io_uring-list rule to see its ops)');
    if (p.registerOps.length > 0) out.push(`  io_uring_register: ${p.registerOps.map((r) => `${r.name} (${r.count})`).join(', ')}`);
  }
  for (const p of profile.programs) {
    if (p.ops.length === 0) continue;
    out.push('', `allow-list for ${programTitle(p)} (C, IORING_REGISTER_RESTRICTIONS):`, cSnippet(allowListFor(p)).replace(/[^\n\t\x20-\x7e]/g, '?'));
  }
  out.push('', 'audit rules logging io_uring ops outside this profile:', ...auditRules(profile, key).replace(/\n$/, '').split('\n').map(esc));
  out.push('', 'host:', ...sysctlAdvice(profile, now).map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}

function utf8Profile(profile: UringProfile): UringProfile {
  return { ...profile, programs: profile.programs.map((p) => ({ ...p, exe: p.exe === null ? null : utf8Text(p.exe), container: utf8Text(p.container) })) };
}

export function profileJson(profile: UringProfile, now: SysctlState, key?: string): Record<string, unknown> {
  const u = utf8Profile(profile);
  return { profile: u, advice: adviceJson(u, now, key) };
}
