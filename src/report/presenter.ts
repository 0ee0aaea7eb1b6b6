// How aureport 3.0.9 turns values into text (its aulookup_* functions,
// safe_print_string and strftime "%x %T"): numbers as C prints them, or with
// -i names from the event's ENRICHED tail, then the reading machine's user
// database. Untrusted text is escaped as --escape says; where aureport prints
// a value raw, auspex still escapes control characters (a forged terminal
// sequence must not reach the terminal), which changes nothing for clean text.
import type { EscapeMode } from './escape.js';
import { escapeText } from './escape.js';
import { libauditTypeName } from '../format/index.js';
import { loadInterpretations, localtime, machineOfArch, printEscapedValue, syscallName } from '../query/index.js';
import type { TimeZone, UserDb } from '../query/index.js';
import type { AvcResult } from '../query/index.js';

export interface PresenterEnv {
  readonly interpret: boolean;
  readonly escape: EscapeMode;
  readonly users: UserDb;
  readonly timeZone: TimeZone;
}

const UID_UNSET = 0xffffffff;

export class Presenter {
  readonly interpret: boolean;
  readonly #escape: EscapeMode;
  readonly #users: UserDb;
  readonly #tz: TimeZone;
  readonly #names = new Map<number, string | undefined>();
  #interpTail: string | undefined;
  #interp: Map<string, string> | undefined;
  #dateSec = Number.NaN;
  #date = '';

  constructor(env: PresenterEnv) {
    this.interpret = env.interpret;
    this.#escape = env.escape;
    this.#users = env.users;
    this.#tz = env.timeZone;
  }

  /** aulookup_uid: -i looks at the event's ENRICHED AUID whatever uid is asked for, as aureport does. */
  uid(uid: number, headInterp: string | undefined): string {
    if (!this.interpret) return String(uid | 0);
    if (uid >>> 0 === UID_UNSET) return 'unset';
    const enriched = this.#interpretation(headInterp, 'auid');
    if (enriched !== undefined) return printEscapedValue(enriched);
    const name = this.userName(uid);
    return name ?? `unknown(${uid | 0})`;
  }

  /** getpwuid through a cache. */
  userName(uid: number): string | undefined {
    if (this.#names.has(uid)) return this.#names.get(uid);
    const name = this.#users.userName(uid >>> 0);
    this.#names.set(uid, name);
    return name;
  }

  /** aulookup_syscall. */
  syscall(syscall: number, arch: number, headInterp: string | undefined): string {
    if (!this.interpret) return String(syscall);
    const enriched = this.#interpretation(headInterp, 'syscall');
    if (enriched !== undefined) return enriched;
    const machine = machineOfArch(arch);
    if (machine === undefined) return '?';
    return syscallName(syscall, machine) ?? String(syscall);
  }

  /** aulookup_success. */
  success(success: number): string {
    return success === 1 ? 'yes' : success === 0 ? 'no' : 'unset';
  }

  /** aulookup_result. */
  avcResult(result: AvcResult | undefined): string {
    return result ?? 'unset';
  }

  /** audit_msg_type_to_name, printed with %s: a type it does not know prints as glibc prints NULL. */
  typeName(type: number): string {
    return libauditTypeName(type) ?? '(null)';
  }

  /** strftime("%x %T") of localtime, C locale. */
  date(sec: number): string {
    if (sec === this.#dateSec) return this.#date;
    const tm = localtime(sec, this.#tz);
    const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
    this.#date = `${two(tm.mon + 1)}/${two(tm.mday)}/${two(((tm.year % 100) + 100) % 100)} ${two(tm.hour)}:${two(tm.min)}:${two(tm.sec)}`;
    this.#dateSec = sec;
    return this.#date;
  }

  /** safe_print_string: escaped per --escape; NULL prints "(null)". */
  safe(text: string | null | undefined): string {
    if (text === null || text === undefined) return '(null)';
    return escapeText(text, this.#escape);
  }

  /** A value aureport prints with %s: "(null)" for NULL, control characters escaped (tty rule). */
  plain(text: string | null | undefined): string {
    if (text === null || text === undefined) return '(null)';
    return this.#escape === 'raw' ? text : escapeText(text, 'tty');
  }

  #interpretation(tail: string | undefined, name: string): string | undefined {
    if (tail === undefined) return undefined;
    if (tail !== this.#interpTail) {
      this.#interpTail = tail;
      this.#interp = loadInterpretations(tail);
    }
    return this.#interp?.get(name);
  }
}
