// One record as `ausearch -i` (auditd 3.0.9) prints it: ausearch's own
// tokenizer (output_interpreted_record) with its quirks kept — the text before
// each `=` is copied as is, msg=' opens a user message, a comma ends a value
// unless the field is a security label, a record it cannot split ends with
// the rest escaped and an extra newline — and each value through
// report_interpret. State that ausearch keeps across records (the last SYSCALL
// record's a0/a1) is kept here too, so records must come in ausearch's order.
import { parseUnsigned, parsedHi, parsedInt, parsedLo } from './c-number.js';
import { InterpListCache, type InterpList } from './enriched.js';
import { safePrintLine } from './escape.js';
import { fieldKind, T } from './field-kind.js';
import type { SyscallContext } from './format-syscall.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { LocalDateCache } from './local-date.js';
import { elfToMachine, recordTypeName3, recordTypeNumber3 } from './names.js';

/** What the formatter reads of a record (AuditRecord has these). */
export interface InterpretableRecord {
  /** The type as written after `type=`. */
  readonly typeName: string;
  /** The record as logged, without the ENRICHED tail (latin1). */
  readonly text: string;
  /** The ENRICHED tail after 0x1D, if any. */
  readonly interp: string | undefined;
}

/** The event's identity, which ausearch prints for each of its records. */
export interface EventStamp {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
}

interface TypeInfo {
  readonly num: number;
  readonly label: string | undefined;
}

const MAC_LABEL_NAMES = new Set(['subj', 'obj', 'scontext', 'tcontext', 'vm-ctx', 'img-ctx']);

export class InterpretedRecordFormatter {
  readonly #env: ValueEnv;
  readonly #dates = new LocalDateCache();
  readonly #interp = new InterpListCache();
  readonly #types = new Map<string, TypeInfo>();
  readonly #ctx: SyscallContext = { machine: -1, syscall: 0, a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
  // ausearch's statics: the a0/a1 of the last SYSCALL record printed.
  #a0Hi = 0;
  #a0Lo = 0;
  #a1Hi = 0;
  #a1Lo = 0;
  // Per record, as ausearch resets them.
  #machine = -1;
  #syscall = -1;
  #type = -1;
  #list: InterpList | undefined;

  constructor(env: ValueEnv) {
    this.#env = env;
  }

  /** The exact text ausearch -i prints for the record, newline(s) included. */
  formatRecord(record: InterpretableRecord, event: EventStamp): string {
    let s = record.text;
    const nul = s.indexOf('\0');
    if (nul >= 0) s = s.slice(0, nul);
    this.#machine = -1;
    this.#syscall = -1;

    let pos = 0;
    if (event.node !== undefined) {
      const sp = s.indexOf(' ');
      if (sp >= 0) pos = sp + 1;
    }
    const lparen = s.indexOf('(', pos);
    // ausearch says "can't find time stamp" on stderr and prints nothing.
    if (lparen < 0) return '';
    const type = this.#typeInfo(record.typeName);
    this.#type = type.num;
    let out = event.node !== undefined ? `node=${event.node} ` : '';
    out += type.num >= 0 && type.label !== undefined ? `type=${type.label} msg=audit(` : `${s.slice(pos, lparen)}(`;
    const rparen = s.indexOf(')', lparen + 1);
    if (rparen < 0) return out;
    out += `${this.#dates.format(event.sec)}.${milli3(event.milli)}:${event.serial}) `;

    if (type.num === T.SYSCALL) this.#loadSyscallArgs(s);
    this.#list = this.#interp.get(record.interp);
    return out + this.#fields(s, rparen + 1);
  }

  #typeInfo(typeName: string): TypeInfo {
    let t = this.#types.get(typeName);
    if (t === undefined) {
      const num = recordTypeNumber3(typeName);
      t = { num, label: num >= 0 ? recordTypeName3(num) : undefined };
      if (this.#types.size > 1024) this.#types.clear();
      this.#types.set(typeName, t);
    }
    return t;
  }

  /** The a0/a1 ausearch's parse_syscall takes: the first `a0=`/`a1=` after arch= and syscall=. */
  #loadSyscallArgs(s: string): void {
    this.#a0Hi = this.#a0Lo = this.#a1Hi = this.#a1Lo = 0;
    let term = valueEnd(s, s.indexOf('arch='), 5);
    if (term < 0) return;
    term = valueEnd(s, s.indexOf('syscall=', term), 8);
    if (term < 0) return;
    let at = s.indexOf('a0=', term);
    let end = valueEnd(s, at, 3);
    if (end < 0) return;
    parseUnsigned(s.slice(at + 3, end), 16);
    this.#a0Hi = parsedHi;
    this.#a0Lo = parsedLo;
    at = s.indexOf('a1=', end);
    end = valueEnd(s, at, 3);
    if (end < 0) return;
    parseUnsigned(s.slice(at + 3, end), 16);
    this.#a1Hi = parsedHi;
    this.#a1Lo = parsedLo;
  }

  /** The field loop of output_interpreted_record, from `str` (just past the `)`). */
  #fields(s: string, start: number): string {
    const end = s.length;
    let out = '';
    let str = start;
    let found = false;
    let comma = false;
    let noEquals = false;
    while (str >= 0 && str < end) {
      const eq = s.indexOf('=', str);
      if (eq < 0) {
        noEquals = true;
        break;
      }
      comma = false;
      found = true;
      // The name runs back from '=' to a space (kept) or to where this field began.
      let nm = eq;
      while (s.charCodeAt(nm) !== 32 && nm > str) nm--;
      out += s.slice(str, eq + 1);
      const vstart = eq + 1;
      if (eq - nm === 3 && s.startsWith('msg', nm)) {
        str = vstart;
        continue;
      }
      if (s.charCodeAt(nm) === 39) nm++;
      let vend: number;
      const q = s.charCodeAt(vstart);
      if (q === 39 || q === 34) {
        const close = s.indexOf(s[vstart] as string, vstart + 1);
        if (close < 0) {
          vend = end;
          str = -1;
        } else {
          vend = close + 1;
          str = vend < end ? vend + 1 : vend;
        }
      } else {
        const c = s.indexOf(',', vstart);
        const sp = s.indexOf(' ', vstart);
        if (c >= 0 && sp >= 0 && c < sp) {
          if (this.#isMacLabel(s.slice(nm, eq))) {
            vend = sp;
            str = sp + 1;
          } else {
            vend = c;
            str = c + 1;
            comma = true;
          }
        } else if (c >= 0 && sp < 0) {
          if (this.#isMacLabel(s.slice(nm, eq))) {
            vend = end;
            str = -1;
          } else {
            vend = c;
            str = c + 1;
            comma = true;
          }
        } else if (sp >= 0) {
          vend = sp;
          str = sp + 1;
        } else {
          vend = end;
          str = -1;
        }
      }
      out += this.#report(s, nm, eq, vstart, vend, comma);
    }
    if (!found && noEquals) out += safePrintLine(s.slice(str), this.#env.escape);
    else if (comma) out += safePrintLine(s.slice(str), this.#env.escape);
    return `${out}\n`;
  }

  /** auparse_interp_adjust_type(...) == MAC_LABEL for the raw name (which may keep a leading space). */
  #isMacLabel(rawName: string): boolean {
    return this.#type !== T.TRUSTED_APP && MAC_LABEL_NAMES.has(rawName);
  }

  /** report_interpret for the field whose name starts at `nm` and value spans vstart..vend. */
  #report(s: string, nm: number, eq: number, vstart: number, vend: number, comma: boolean): string {
    while (nm < eq && (s.charCodeAt(nm) === 32 || s.charCodeAt(nm) === 40)) nm++;
    const name = s.slice(nm, eq);
    let val = s.slice(vstart, vend);
    if (name === 'acct' && val.charCodeAt(val.length - 1) === 58) val = val.slice(0, -1);
    const rtype = this.#type;
    const kind = fieldKind(rtype, name, val);
    const ctx = this.#ctx;
    if (rtype === T.SYSCALL || rtype === T.SECCOMP) {
      if (this.#machine === -1) this.#machine = this.#env.hostMachine;
      if (name === 'arch') {
        if (!parseUnsigned(val, 16)) return `arch conversion error(${val}) `;
        this.#machine = elfToMachine(parsedLo);
      }
      if (this.#syscall < 0 && name === 'syscall') {
        if (!parseUnsigned(val, 10)) return `syscall conversion error(${val}) `;
        this.#syscall = parsedInt();
      }
      ctx.syscall = this.#syscall;
    } else ctx.syscall = 0;
    // 3.0.9 leaves uring_op unclassified: printed as logged, unescaped.
    if (kind === 'unclassified' || (kind === 'uring-op' && !this.#env.uringOpNames)) return comma ? `${val},` : `${val} `;
    ctx.machine = this.#machine;
    ctx.a0Hi = this.#a0Hi;
    ctx.a0Lo = this.#a0Lo;
    ctx.a1Hi = this.#a1Hi;
    ctx.a1Lo = this.#a1Lo;
    const text = interpretValue(kind, name, val, ctx, this.#list, this.#env) ?? '(null)';
    if (name === 'key') return text.indexOf('\x01') < 0 ? `${text} ` : `${text.split('\x01').join(' key=')} `;
    return kind === 'tty-data' ? text : `${text} `;
  }
}

/** Index of the space ending the value at `at + skip`, or -1 (no field or no space). */
function valueEnd(s: string, at: number, skip: number): number {
  return at < 0 ? -1 : s.indexOf(' ', at + skip);
}

function milli3(ms: number): string {
  return ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
}
