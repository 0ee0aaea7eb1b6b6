// The per-event reports (aureport -x, -f, -e...): which events each lists
// (per_event_detailed) and the numbered line it prints for one
// (print_per_event_item), as aureport 3.0.9 does.
import type { AureportKind } from './options.js';
import type { ReportFacts } from './facts.js';
import { hasType, hasTypeIn } from './facts.js';
import type { Presenter } from './presenter.js';
import { isAccountChange, isAnomaly } from './ranked-report.js';
import { CONFIG_TYPES, RANGE, T } from './record-types.table.js';

const UID_UNSET = 0xffffffff;

/** Whether the detailed report of `kind` has a line for this event. */
export function listsEvent(kind: AureportKind, f: ReportFacts): boolean {
  const s = f.items;
  switch (kind) {
    case 'summary':
    case 'time':
      return false;
    case 'avc':
      return hasType(f, T.AVC) || hasType(f, T.USER_AVC);
    case 'mac':
      return hasTypeIn(f, RANGE.MAC) || hasTypeIn(f, RANGE.USER_LSPP);
    case 'integrity':
      return hasTypeIn(f, RANGE.INTEGRITY);
    case 'virt':
      return hasTypeIn(f, RANGE.VIRT);
    case 'config':
      return CONFIG_TYPES.some((t) => hasType(f, t)) || hasTypeIn(f, RANGE.MAC);
    case 'auth':
      return hasType(f, T.USER_AUTH) || (hasType(f, T.USER_MGMT) && s.success === 0);
    case 'login':
      return hasType(f, T.USER_LOGIN);
    case 'account':
      return isAccountChange(f);
    case 'event':
      return true;
    case 'file':
      return s.filenames !== null;
    case 'host':
      return s.hostname !== null;
    case 'pid':
      return s.pid >= 0;
    case 'syscall':
      return s.syscall !== 0;
    case 'terminal':
      return s.terminal !== null;
    case 'user':
      return s.uid >>> 0 !== UID_UNSET;
    case 'exe':
      return s.exe !== null;
    case 'comm':
      return s.comm !== null;
    case 'anomaly':
      return isAnomaly(f);
    case 'response':
      return hasTypeIn(f, RANGE.ANOM_RESP);
    case 'crypto':
      return hasTypeIn(f, RANGE.KERN_CRYPTO) || hasTypeIn(f, RANGE.CRYPTO);
    case 'key':
      return s.keys !== null && s.keys.length > 0 && s.keys[0] !== '(null)';
    case 'tty':
      return f.headType === T.TTY || f.headType === T.USER_TTY;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * The line(s) for one listed event; `line` is the number of the last line
 * printed so far. Returns the text and the new last number (the AVC report
 * prints a line per AVC decision in the event).
 */
/** How the TTY report shows keystrokes (tty-data.ts; loaded only for that report). */
export type TtyDataFormatter = (data: string, p: Presenter) => string;

export function formatDetail(kind: AureportKind, f: ReportFacts, line: number, p: Presenter, ttyData?: TtyDataFormatter): { text: string; line: number } {
  const s = f.items;
  const date = p.date(f.sec);
  const auid = (): string => p.safe(p.uid(s.loginuid, f.headInterp));
  const sys = (): string => p.syscall(s.syscall, s.arch, f.headInterp);
  const ok = p.success(s.success);
  const or = (v: string | null): string => (v === null ? '?' : v);
  const serial = f.serial;
  if (kind === 'avc') return avcLines(f, line, date, p);
  let body: string;
  switch (kind) {
    case 'config':
      body = `${p.typeName(f.headType)} ${p.plain(p.uid(s.loginuid, f.headInterp))} ${ok} ${serial}`;
      break;
    case 'auth':
      // aureport prints uid here (a failed login has no auid), looked up as any auid is.
      body = `${p.safe(s.acct ?? p.uid(s.uid, f.headInterp))} ${p.plain(s.hostname)} ${p.plain(s.terminal)} ${p.plain(s.exe)} ${ok} ${serial}`;
      break;
    case 'login':
      body = `${p.safe(s.success === 0 && s.acct !== null ? s.acct : p.uid(s.loginuid, f.headInterp))} ` +
        `${p.plain(s.hostname)} ${p.plain(s.terminal)} ${p.plain(s.exe)} ${ok} ${serial}`;
      break;
    case 'account':
      body = `${auid()} ${p.plain(or(s.hostname))} ${p.plain(or(s.terminal))} ${p.plain(or(s.exe))} ${p.plain(or(s.acct))} ${ok} ${serial}`;
      break;
    case 'event':
      body = `${serial} ${p.typeName(f.headType)} ${auid()} ${ok}`;
      break;
    case 'file':
      body = `${p.safe(reportedFile(f))} ${sys()} ${ok} ${p.safe(or(s.exe))} ${auid()} ${serial}`;
      break;
    case 'host':
      body = `${p.plain(s.hostname)} ${sys()} ${auid()} ${serial}`;
      break;
    case 'pid':
      body = `${s.pid >>> 0} ${p.safe(or(s.exe))} ${sys()} ${auid()} ${serial}`;
      break;
    case 'syscall':
      body = `${sys()} ${s.pid >>> 0} ${p.safe(or(s.comm))} ${auid()} ${serial}`;
      break;
    case 'terminal':
      body = `${p.plain(s.terminal)} ${p.plain(s.hostname)} ${p.safe(s.exe)} ${auid()} ${serial}`;
      break;
    case 'user':
      body = `${auid()} ${p.plain(or(s.terminal))} ${p.plain(or(s.hostname))} ${p.safe(or(s.exe))} ${serial}`;
      break;
    case 'exe':
      body = `${p.safe(or(s.exe))} ${p.plain(or(s.terminal))} ${p.plain(or(s.hostname))} ${auid()} ${serial}`;
      break;
    case 'comm':
      body = `${p.safe(or(s.comm))} ${p.plain(or(s.terminal))} ${p.plain(or(s.hostname))} ${auid()} ${serial}`;
      break;
    case 'anomaly':
      body = `${p.typeName(f.headType)} ${p.safe(s.exe ?? s.comm ?? '?')} ${p.plain(or(s.terminal))} ${p.plain(or(s.hostname))} ${auid()} ${serial}`;
      break;
    case 'response':
    case 'integrity':
    case 'virt':
      body = `${p.typeName(f.headType)} ${ok} ${serial}`;
      break;
    case 'mac':
      body = `${p.plain(p.uid(s.loginuid, f.headInterp))} ${p.typeName(f.headType)} ${ok} ${serial}`;
      break;
    case 'crypto':
      body = `${auid()} ${p.typeName(f.headType)} ${ok} ${serial}`;
      break;
    case 'key':
      body = `${p.plain(s.keys?.[0] ?? null)} ${ok} ${p.safe(or(s.exe))} ${auid()} ${serial}`;
      break;
    case 'tty':
      // Without data= aureport has printed the number and date, and nothing more.
      if (!f.headText.includes('data=')) return { text: `${line + 1}. ${date} `, line: line + 1 };
      body = `${serial} ${auid()} ${p.plain(or(s.terminal))} ${s.sessionId >>> 0} ${p.safe(or(s.comm))} ${ttyData === undefined ? p.plain(ttyDataOf(f.headText)) : ttyData(ttyDataOf(f.headText), p)}`;
      break;
    case 'summary':
    case 'time':
      return { text: '', line };
    default: {
      const never: never = kind;
      return never;
    }
  }
  return { text: `${line + 1}. ${date} ${body}\n`, line: line + 1 };
}

// The first name that is not a PARENT directory (when there are several).
function reportedFile(f: ReportFacts): string {
  const names = f.items.filenames ?? [];
  const types = f.items.filenameTypes;
  let i = 0;
  if (names.length > 1) while (i < names.length && types?.[i] === 'PARENT') i++;
  return names[i] ?? '';
}

// The AVC report prints a line per decision: from the first AVC that has one,
// then every later one that has one; or, with none, the last context noted.
function avcLines(f: ReportFacts, line: number, date: string, p: Presenter): { text: string; line: number } {
  const s = f.items;
  const avcs = s.contexts ?? [];
  const decided = (i: number): boolean => {
    const r = avcs[i]?.result;
    return r !== undefined && r !== 'unset';
  };
  let first = avcs.findIndex((_, i) => decided(i));
  const picked: number[] = [];
  if (first < 0) first = avcs.length - 1;
  if (first >= 0) {
    picked.push(first);
    for (let i = first + 1; i < avcs.length; i++) if (decided(i)) picked.push(i);
  }
  const sys = p.syscall(s.syscall, s.arch, f.headInterp);
  let text = '';
  for (const i of picked) {
    const a = avcs[i];
    if (a === undefined) continue;
    line++;
    text += `${line}. ${date} ${p.safe(s.comm ?? '?')} ${p.plain(a.subject)} ${sys} ${p.plain(a.tclass ?? null)} ` +
      `${p.plain(a.perm ?? null)} ${p.plain(a.object)} ${p.avcResult(a.result)} ${f.serial}\n`;
  }
  return { text, line };
}

// print_per_event_item cuts data= at the last space of the record.
function ttyDataOf(text: string): string {
  const at = text.indexOf('data=');
  const data = text.slice(at + 5);
  const space = data.lastIndexOf(' ');
  return space < 0 ? data : data.slice(0, space);
}
