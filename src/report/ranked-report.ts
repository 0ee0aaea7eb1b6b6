// The per-report summaries (aureport -x --summary and the like): what each
// report counts per event (per_event_summary), kept in aureport 3.0.9's
// order — names in order of first appearance, numbers ascending — then sorted
// by count, most first, ties keeping that order (its stable bubble sort);
// printed as its do_*_summary_output functions print them.
import type { AureportKind } from './options.js';
import type { ReportFacts } from './facts.js';
import { hasType, hasTypeIn } from './facts.js';
import type { Presenter } from './presenter.js';
import { CONFIG_TYPES, RANGE, T } from './record-types.table.js';

/** How a report's keys print: escaped text, raw text, a user, a pid, a record type. */
export type RankedKeyKind = 'text' | 'rawText' | 'user' | 'pid' | 'type';

export interface RankedEntry {
  readonly key: string | number;
  readonly hits: number;
}

export interface RankedModel {
  readonly keyKind: RankedKeyKind;
  /** In print order. */
  readonly entries: readonly RankedEntry[];
}

type RankedKind = Exclude<AureportKind, 'summary' | 'time' | 'tty'>;

const KEY_KINDS: Readonly<Record<RankedKind, RankedKeyKind>> = {
  avc: 'rawText', host: 'rawText', terminal: 'rawText',
  file: 'text', exe: 'text', comm: 'text', key: 'text', syscall: 'text',
  auth: 'user', login: 'user', user: 'user',
  pid: 'pid',
  config: 'type', account: 'type', event: 'type', anomaly: 'type', response: 'type', mac: 'type',
  integrity: 'type', virt: 'type', crypto: 'type',
};

export function isRankedKind(kind: AureportKind): kind is RankedKind {
  return kind !== 'summary' && kind !== 'time' && kind !== 'tty';
}

export class RankedAggregator {
  readonly #kind: RankedKind;
  readonly #p: Presenter;
  readonly #text = new Map<string, number>();
  readonly #numbers = new Map<number, number>();

  constructor(kind: RankedKind, presenter: Presenter) {
    this.#kind = kind;
    this.#p = presenter;
  }

  add(f: ReportFacts): void {
    const s = f.items;
    const p = this.#p;
    switch (this.#kind) {
      case 'avc': {
        const avcs = hasType(f, T.AVC) || hasType(f, T.USER_AVC) ? s.contexts : null;
        if (avcs === null) return;
        const first = avcs.findIndex((a) => a.result !== undefined && a.result !== 'unset');
        if (first < 0) return;
        for (let i = first; i < avcs.length; i++) {
          const a = avcs[i];
          if (a === undefined || (i > first && (a.result === undefined || a.result === 'unset'))) continue;
          if (a.object !== null) this.#addText(a.object);
        }
        return;
      }
      case 'mac':
        if (hasTypeIn(f, RANGE.MAC_SUMMARY) || hasTypeIn(f, RANGE.USER_LSPP)) this.#addNumber(f.headType);
        return;
      case 'integrity':
        if (hasTypeIn(f, RANGE.INTEGRITY)) this.#addNumber(f.headType);
        return;
      case 'virt':
        if (hasTypeIn(f, RANGE.VIRT)) this.#addNumber(f.headType);
        return;
      case 'config':
        if (CONFIG_TYPES.some((t) => hasType(f, t)) || hasTypeIn(f, RANGE.MAC)) this.#addNumber(f.headType);
        return;
      case 'auth':
        if (hasType(f, T.USER_AUTH) || (hasType(f, T.USER_MGMT) && s.success === 0)) {
          this.#addText(s.loginuid >>> 0 === 0xfffffffe && s.acct !== null ? s.acct : p.uid(s.loginuid, f.headInterp));
        }
        return;
      case 'login':
        if (hasType(f, T.USER_LOGIN)) {
          this.#addText((s.loginuid | 0) < 0 && s.acct !== null ? s.acct : p.uid(s.loginuid, f.headInterp));
        }
        return;
      case 'account':
        if (isAccountChange(f)) this.#addNumber(f.headType);
        return;
      case 'event':
        if (f.headType !== -1) this.#addNumber(f.headType);
        return;
      case 'file':
        if (s.filenames !== null) for (const name of s.filenames) this.#addText(name);
        return;
      case 'host':
        if (s.hostname !== null) this.#addText(s.hostname);
        return;
      case 'pid':
        if (s.pid !== -1) this.#addNumber(s.pid);
        return;
      case 'syscall':
        if (s.syscall > 0) this.#addText(p.syscall(s.syscall, s.arch, f.headInterp));
        return;
      case 'terminal':
        if (s.terminal !== null) this.#addText(s.terminal);
        return;
      case 'user':
        if (s.loginuid >>> 0 !== 0xfffffffe) this.#addText(p.uid(s.loginuid, f.headInterp));
        return;
      case 'exe':
        if (s.exe !== null) this.#addText(s.exe);
        return;
      case 'comm':
        if (s.comm !== null) this.#addText(s.comm);
        return;
      case 'anomaly':
        if (isAnomaly(f)) this.#addNumber(f.headType);
        return;
      case 'response':
        if (hasTypeIn(f, RANGE.ANOM_RESP)) this.#addNumber(f.headType);
        return;
      case 'crypto':
        if (hasTypeIn(f, RANGE.KERN_CRYPTO) || hasTypeIn(f, RANGE.CRYPTO)) this.#addNumber(f.headType);
        return;
      case 'key':
        if (s.keys !== null) for (const k of s.keys) if (k !== '(null)') this.#addText(k);
        return;
      default: {
        const never: never = this.#kind;
        return never;
      }
    }
  }

  model(): RankedModel {
    const entries: RankedEntry[] = [];
    for (const [key, hits] of this.#text) entries.push({ key, hits });
    const numbers = [...this.#numbers].sort((a, b) => a[0] - b[0]);
    for (const [key, hits] of numbers) entries.push({ key, hits });
    entries.sort((a, b) => b.hits - a.hits); // stable: ties keep the order above
    return { keyKind: KEY_KINDS[this.#kind], entries };
  }

  #addText(key: string): void {
    this.#text.set(key, (this.#text.get(key) ?? 0) + 1);
  }

  #addNumber(key: number): void {
    this.#numbers.set(key, (this.#numbers.get(key) ?? 0) + 1);
  }
}

export function isAccountChange(f: ReportFacts): boolean {
  return hasType(f, T.USER_CHAUTHTOK) || hasTypeIn(f, RANGE.ACCOUNT) || hasType(f, T.USER_MGMT) ||
    hasType(f, T.GRP_MGMT) || hasTypeIn(f, RANGE.ROLE);
}

export function isAnomaly(f: ReportFacts): boolean {
  return hasTypeIn(f, RANGE.ANOM) || hasTypeIn(f, RANGE.KERN_ANOM) || hasType(f, T.SECCOMP);
}

const NONE_FOUND = '<no events of interest were found>\n\n';

/** print_wrap_up for a per-report summary. */
export function formatRanked(m: RankedModel, p: Presenter): string {
  if (m.entries.length === 0) return NONE_FOUND;
  let out = '';
  for (const { key, hits } of m.entries) {
    switch (m.keyKind) {
      case 'text':
        out += `${hits}  ${p.safe(String(key))}\n`;
        break;
      case 'rawText':
        out += `${hits}  ${p.plain(String(key))}\n`;
        break;
      case 'user': {
        // Numbers (names were not looked up) are looked up again, without the event's ENRICHED names.
        const k = String(key);
        const c = k.charCodeAt(0);
        const shown = c === 45 /* - */ || (c >= 48 && c <= 57) ? p.uid(Number.parseInt(k, 10), undefined) : k;
        out += `${hits}  ${p.safe(shown)}\n`;
        break;
      }
      case 'pid':
        out += `${hits}  ${key}\n`;
        break;
      case 'type':
        out += p.interpret ? `${hits}  ${p.typeName(Number(key))}\n` : `${hits}  ${key}\n`;
        break;
      default: {
        const never: never = m.keyKind;
        return never;
      }
    }
  }
  return out;
}
