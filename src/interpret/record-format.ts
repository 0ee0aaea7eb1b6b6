// One record as `ausearch -i` (auditd 3.0.9) prints it: ausearch's own
// tokenizer (output_interpreted_record) with its quirks kept — the text before
// each `=` is copied as is, msg=' opens a user message, a comma ends a value
// unless the field is a security label, a record it cannot split ends with
// the rest escaped and an extra newline — and each value through
// report_interpret. Works on the record's bytes and appends to an
// OutputBuffer. State ausearch keeps across records (the last SYSCALL
// record's a0/a1) is kept too, so records must come in ausearch's order.
import type { Buffer } from 'node:buffer';
import { FieldNameTable, latin1 } from './byte-strings.js';
import { allDigits, digitsValue, hex32, putBytes, putEscaped, putProctitle } from './byte-values.js';
import { parseUnsigned, parsedHi, parsedInt, parsedLo, setParsed } from './c-number.js';
import { InterpListCache, lookupInterp, type InterpList } from './enriched.js';
import { escapeText, safePrintLine } from './escape.js';
import { fieldKind, T, typeHasExceptions, type FieldKind } from './field-kind.js';
import { printExit } from './format-values.js';
import { argKind, type SyscallContext } from './format-syscall.js';
import type { ArgKind } from './syscall-args.table.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { LocalDateCache } from './local-date.js';
import { printEscaped } from './hex-text.js';
import { elfToMachine, machineName, recordTypeName3, recordTypeNumber3, syscallName, uringOpName } from './names.js';
import type { OutputBuffer } from './output-buffer.js';

/** What the formatter reads of a record (AuditRecord has these). */
export interface InterpretableRecord {
  /** The type as written after `type=`. */
  readonly typeName: string;
  /** The whole line without its newline (an ENRICHED tail included). */
  readonly line: Buffer;
  /** Offset in `line` of the ENRICHED 0x1D separator, else line.length. */
  readonly messageEnd: number;
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
  /** The name entry last seen at each field position: records of a type mostly repeat their names. */
  readonly shape: number[];
  /** No field of this type has a kind other than its name's (acct aside). */
  readonly plain: boolean;
  /** `type=NAME msg=audit(` when 3.0.9 names the type. */
  readonly head: string | undefined;
}

const MAC_LABEL_NAMES = new Set(['subj', 'obj', 'scontext', 'tcontext', 'vm-ctx', 'img-ctx']);
const CACHE_MAX = 4096;
/** Kinds whose printed value depends on more than the value (syscall, arguments, the uid database's own cache). */
const PER_CONTEXT = new Set<FieldKind>(['syscall', 'a0', 'a1', 'a2', 'a3', 'uid', 'gid', 'escaped', 'escaped-file', 'escaped-key', 'proctitle']);

function indexOfByte(b: Buffer, c: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === c) return i;
  return -1;
}

export class InterpretedRecordFormatter {
  readonly #env: ValueEnv;
  /** Byte-level shortcuts apply in tty and raw escape modes (tests turn them off to compare). */
  readonly #fast: boolean;
  readonly #tty: boolean;
  readonly #dates = new LocalDateCache();
  readonly #interp = new InterpListCache();
  readonly #names = new FieldNameTable();
  readonly #types = new Map<string, TypeInfo>();
  readonly #ids = new Map<number, string>();
  readonly #syscalls = new Map<number, string | null>();
  readonly #errnos = new Map<number, string>();
  readonly #arches = new Map<number, string>();
  readonly #argKindCache = new Map<number, ReadonlyArray<ArgKind | undefined>>();
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
  #plain = true;
  #sysRecord = false;
  #shape: number[] = [];
  #field = 0;
  #list: InterpList | undefined;
  /** Start of the input bytes owed to the output. */
  #span = 0;
  readonly #values = new Map<FieldKind, Map<string, string | null>>();

  constructor(env: ValueEnv, fast = true) {
    this.#env = env;
    this.#tty = env.escape === 'tty';
    this.#fast = fast && (env.escape === 'tty' || env.escape === 'raw');
  }

  /** Appends the exact text ausearch -i prints for the record (nothing where it prints nothing). */
  formatInto(record: InterpretableRecord, event: EventStamp, out: OutputBuffer): void {
    const b = record.line;
    let end = record.messageEnd;
    // A NUL ends the C string ausearch works on.
    const nul = b.indexOf(0);
    if (nul >= 0 && nul < end) end = nul;
    this.#machine = -1;
    this.#syscall = -1;

    let pos = 0;
    if (event.node !== undefined) {
      const sp = indexOfByte(b, 32, 0, end);
      if (sp >= 0) pos = sp + 1;
    }
    const lparen = indexOfByte(b, 40, pos, end);
    // ausearch says "can't find time stamp" on stderr and prints nothing.
    if (lparen < 0) return;
    const type = this.#typeInfo(record.typeName);
    this.#type = type.num;
    this.#plain = type.plain;
    this.#shape = type.shape;
    this.#field = 0;
    if (event.node !== undefined) out.latin1(`node=${event.node} `);
    if (type.head !== undefined) out.latin1(type.head);
    else {
      out.bytes(b, pos, lparen);
      out.byte(40);
    }
    const rparen = indexOfByte(b, 41, lparen + 1, end);
    if (rparen < 0) return;
    out.latin1(this.#dates.format(event.sec));
    out.latin1(`.${milli3(event.milli)}:${event.serial}) `);

    if (type.num === T.SYSCALL) this.#loadSyscallArgs(b, end);
    // What report_interpret hands auparse: for SYSCALL and SECCOMP records the
    // machine (the host's until arch= says otherwise) and the first syscall=;
    // for others no machine and syscall 0. a0/a1 are the last SYSCALL record's.
    this.#sysRecord = type.num === T.SYSCALL || type.num === T.SECCOMP;
    const ctx = this.#ctx;
    ctx.machine = -1;
    ctx.syscall = this.#sysRecord ? -1 : 0;
    ctx.a0Hi = this.#a0Hi;
    ctx.a0Lo = this.#a0Lo;
    ctx.a1Hi = this.#a1Hi;
    ctx.a1Lo = this.#a1Lo;
    this.#list = this.#interp.get(record.interp);
    this.#fields(b, rparen + 1, end, out);
  }

  #typeInfo(typeName: string): TypeInfo {
    let t = this.#types.get(typeName);
    if (t === undefined) {
      const num = recordTypeNumber3(typeName);
      const label = num >= 0 ? recordTypeName3(num) : undefined;
      t = { num, shape: [], plain: !typeHasExceptions(num), head: label === undefined ? undefined : `type=${label} msg=audit(` };
      if (this.#types.size > 1024) this.#types.clear();
      this.#types.set(typeName, t);
    }
    return t;
  }

  /** The a0/a1 ausearch's parse_syscall takes: the first `a0=`/`a1=` after arch= and syscall=. */
  #loadSyscallArgs(b: Buffer, end: number): void {
    this.#a0Hi = this.#a0Lo = this.#a1Hi = this.#a1Lo = 0;
    let at = find(b, ARCH_EQ, 0, end);
    let term = at < 0 ? -1 : indexOfByte(b, 32, at + 5, end);
    if (term < 0) return;
    at = find(b, SYSCALL_EQ, term, end);
    term = at < 0 ? -1 : indexOfByte(b, 32, at + 8, end);
    if (term < 0) return;
    at = find(b, A0_EQ, term, end);
    term = at < 0 ? -1 : indexOfByte(b, 32, at + 3, end);
    if (term < 0) return;
    parseHex64(b, at + 3, term);
    this.#a0Hi = parsedHi;
    this.#a0Lo = parsedLo;
    at = find(b, A1_EQ, term, end);
    term = at < 0 ? -1 : indexOfByte(b, 32, at + 3, end);
    if (term < 0) return;
    parseHex64(b, at + 3, term);
    this.#a1Hi = parsedHi;
    this.#a1Lo = parsedLo;
  }

  /**
   * The field loop of output_interpreted_record, from `str` (just past the
   * `)`). Output that repeats the input (names, unclassified values and their
   * separators) is not copied field by field: input bytes from #span on are
   * owed to the output and copied in one go when something else is written.
   */
  #fields(b: Buffer, start: number, end: number, out: OutputBuffer): void {
    let str = start;
    let found = false;
    let comma = false;
    let noEquals = false;
    this.#span = start;
    while (str >= 0 && str < end) {
      let eq = str;
      while (eq < end && b[eq] !== 61) eq++;
      if (eq >= end) {
        noEquals = true;
        break;
      }
      comma = false;
      found = true;
      // The name runs back from '=' to a space (kept) or to where this field began.
      let nm = eq;
      while (b[nm] !== 32 && nm > str) nm--;
      const vstart = eq + 1;
      if (eq - nm === 3 && b[nm] === 109 && b[nm + 1] === 115 && b[nm + 2] === 103) {
        str = vstart;
        continue;
      }
      if (b[nm] === 39) nm++;
      let vend: number;
      const q = b[vstart];
      if (q === 39 || q === 34) {
        let close = vstart + 1;
        while (close < end && b[close] !== q) close++;
        if (close >= end) {
          vend = end;
          str = -1;
        } else {
          vend = close + 1;
          str = vend < end ? vend + 1 : vend;
        }
      } else {
        // The first comma or space decides, as strchr(',') against strchr(' ').
        let i = vstart;
        while (i < end && b[i] !== 32 && b[i] !== 44) i++;
        if (i >= end) {
          vend = end;
          str = -1;
        } else if (b[i] === 32) {
          vend = i;
          str = i + 1;
        } else if (this.#isMacLabel(b, nm, eq)) {
          const sp = indexOfByte(b, 32, i + 1, end);
          vend = sp < 0 ? end : sp;
          str = sp < 0 ? -1 : sp + 1;
        } else {
          vend = i;
          str = i + 1;
          comma = true;
        }
      }
      this.#report(b, nm, eq, vstart, vend, str, comma, out);
    }
    if (str >= 0) out.bytes(b, this.#span, str);
    if ((!found && noEquals) || comma) out.latin1(safePrintLine(latin1(b, str, end), this.#env.escape));
    out.byte(10);
  }

  /** auparse_interp_adjust_type(...) == MAC_LABEL for the raw name (a leading space or paren spoils it). */
  #isMacLabel(b: Buffer, nm: number, eq: number): boolean {
    return this.#type !== T.TRUSTED_APP && eq - nm >= 3 && eq - nm <= 8 && MAC_LABEL_NAMES.has(latin1(b, nm, eq));
  }

  /** Writes what is owed of the input, up to `to`, then `text`; the input owed restarts at `next`. */
  #emit(b: Buffer, to: number, text: string, next: number, out: OutputBuffer): void {
    out.bytes(b, this.#span, to);
    out.latin1(text);
    this.#span = next;
  }

  /**
   * report_interpret for the field whose name starts at `nm` and value spans
   * vstart..vend; `next` is where the loop goes on (-1: the end).
   */
  #report(b: Buffer, nm: number, eq: number, vstart: number, vend: number, next: number, comma: boolean, out: OutputBuffer): void {
    while (nm < eq && (b[nm] === 32 || b[nm] === 40)) nm++;
    const names = this.#names;
    const shape = this.#shape;
    const guess = shape[this.#field] ?? -1;
    let id = guess;
    if (guess < 0 || !names.is(guess, b, nm, eq)) {
      id = names.lookup(b, nm, eq);
      if (this.#field < 64) shape[this.#field] = id;
    }
    this.#field++;
    const name = id >= 0 ? (names.names[id] as string) : latin1(b, nm, eq);
    const rtype = this.#type;
    // acct loses a trailing ':'.
    let trimmed = false;
    if (name === 'acct' && vend > vstart && b[vend - 1] === 58) {
      vend--;
      trimmed = true;
    }
    const kind =
      id >= 0 && this.#plain && name !== 'acct'
        ? (names.kinds[id] as FieldKind)
        : fieldKind(rtype, name, name === 'acct' || rtype === T.TRUSTED_APP ? latin1(b, vstart, vend) : '');
    const ctx = this.#ctx;
    if (this.#sysRecord) {
      if (this.#machine === -1) this.#machine = ctx.machine = this.#env.hostMachine;
      if (kind === 'arch') {
        let elf = hex32(b, vstart, vend);
        if (elf < 0) {
          const v = latin1(b, vstart, vend);
          if (!parseUnsigned(v, 16)) return this.#emit(b, vstart, `arch conversion error(${v}) `, next, out);
          elf = parsedLo;
        }
        this.#machine = ctx.machine = elfToMachine(elf);
      } else if (kind === 'syscall' && this.#syscall < 0) {
        if (vend - vstart <= 9 && allDigits(b, vstart, vend)) this.#syscall = digitsValue(b, vstart, vend);
        else {
          const v = latin1(b, vstart, vend);
          if (!parseUnsigned(v, 10)) return this.#emit(b, vstart, `syscall conversion error(${v}) `, next, out);
          this.#syscall = parsedInt();
        }
        ctx.syscall = this.#syscall;
      }
    }
    // 3.0.9 leaves uring_op unclassified too: printed as logged, unescaped.
    if (kind === 'unclassified' || (kind === 'uring-op' && !this.#env.uringOpNames)) {
      const sep = comma ? 44 : 32;
      // Usually the input already holds the value and its separator.
      if (!trimmed && next === vend + 1 && b[vend] === sep) return;
      out.bytes(b, this.#span, vend);
      out.byte(sep);
      this.#span = next;
      return;
    }
    out.bytes(b, this.#span, vstart);
    this.#span = next;
    let text: string | undefined;
    const list = this.#list;
    const recorded = list === undefined ? undefined : lookupInterp(list, name);
    if (recorded !== undefined && !recorded.startsWith('unknown-')) {
      // The writing machine's name (ENRICHED), printed unescaped as auparse does.
      text = kind === 'uid' || kind === 'gid' ? printEscaped(recorded) : recorded;
    } else {
      if (this.#fast && this.#fastValue(kind, b, vstart, vend, out)) return out.byte(32);
      text = this.#cachedValue(kind, name, latin1(b, vstart, vend));
    }
    text ??= '(null)';
    if (name === 'key') out.latin1(text.indexOf('\x01') < 0 ? `${text} ` : `${text.split('\x01').join(' key=')} `);
    else if (kind === 'tty-data') out.latin1(text);
    else {
      out.latin1(text);
      out.byte(32);
    }
  }

  /** interpretValue (no recorded name applies), remembered per value for kinds that depend on nothing else. */
  #cachedValue(kind: FieldKind, name: string, val: string): string | undefined {
    if (PER_CONTEXT.has(kind)) return interpretValue(kind, name, val, this.#ctx, undefined, this.#env);
    let cache = this.#values.get(kind);
    if (cache === undefined) {
      cache = new Map();
      this.#values.set(kind, cache);
    }
    let text = cache.get(val);
    if (text === undefined) {
      text = interpretValue(kind, name, val, this.#ctx, undefined, this.#env) ?? null;
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(val, text);
    }
    return text ?? undefined;
  }

  /** The common kinds straight from bytes; false hands the value to the string path. */
  #fastValue(kind: FieldKind, b: Buffer, from: number, to: number, out: OutputBuffer): boolean {
    const tty = this.#tty;
    switch (kind) {
      case 'uid':
      case 'gid': {
        if (to - from > 9 || !allDigits(b, from, to)) return false;
        const id = digitsValue(b, from, to);
        const key = kind === 'uid' ? id : -1 - id;
        let s = this.#ids.get(key);
        if (s === undefined) {
          s = this.#escaped(kind === 'uid' ? this.#env.ids.uidName(id) : this.#env.ids.gidName(id));
          if (this.#ids.size >= CACHE_MAX) this.#ids.clear();
          this.#ids.set(key, s);
        }
        out.latin1(s);
        return true;
      }
      case 'session':
        if (!allDigits(b, from, to)) return false;
        if (to - from === 10 && latin1(b, from, to) === '4294967295') out.latin1('unset');
        else out.bytes(b, from, to);
        return true;
      case 'success':
        if (to === from) return true;
        if (to - from !== 1 || (b[from] !== 48 && b[from] !== 49)) {
          const c = b[from] as number;
          if (c >= 48 && c <= 57) return false;
          putBytes(out, b, from, to, tty);
          return true;
        }
        out.latin1(b[from] === 49 ? 'yes' : 'no');
        return true;
      case 'exit':
        return this.#fastExit(b, from, to, out);
      case 'syscall': {
        if (!allDigits(b, from, to)) return false;
        const machine = this.#machine < 0 ? this.#env.hostMachine : this.#machine;
        const key = machine * 4294967296 + (this.#ctx.syscall >>> 0);
        let s = this.#syscalls.get(key);
        if (s === undefined) {
          const n = syscallName(machine, this.#ctx.syscall);
          // socketcall and ipc also name their a0: the string path does that.
          s = n === undefined || n === 'socketcall' || n === 'ipc' ? null : n;
          this.#syscalls.set(key, s);
        }
        if (s === null) return false;
        out.latin1(s);
        return true;
      }
      case 'arch': {
        const v = hex32(b, from, to);
        if (v < 0) return false;
        let s = this.#arches.get(v);
        if (s === undefined) {
          const m = elfToMachine(v);
          const name = m < 0 ? undefined : machineName(m);
          if (name === undefined) return false;
          s = name;
          this.#arches.set(v, s);
        }
        out.latin1(s);
        return true;
      }
      case 'a0':
      case 'a1':
      case 'a2':
      case 'a3': {
        if (this.#argKinds()[kind === 'a0' ? 0 : kind === 'a1' ? 1 : kind === 'a2' ? 2 : 3] !== undefined) return false;
        out.latin1('0x');
        putBytes(out, b, from, to, tty);
        return true;
      }
      case 'escaped':
      case 'escaped-file':
        putEscaped(out, b, from, to, tty, false);
        return true;
      case 'escaped-key':
        putEscaped(out, b, from, to, tty, true);
        return true;
      case 'proctitle':
        putProctitle(out, b, from, to, tty);
        return true;
      case 'uring-op': {
        if (to - from > 3 || !allDigits(b, from, to)) return false;
        const name = uringOpName(digitsValue(b, from, to));
        if (name === undefined) return false;
        out.latin1(name);
        return true;
      }
      default:
        return false;
    }
  }

  /** How a0..a3 of the current syscall are read (undefined: as hex), per machine and syscall. */
  #argKinds(): ReadonlyArray<ArgKind | undefined> {
    const ctx = this.#ctx;
    const key = ctx.machine * 4294967296 + (ctx.syscall >>> 0);
    let kinds = this.#argKindCache.get(key);
    if (kinds === undefined) {
      kinds = [argKind(0, ctx), argKind(1, ctx), argKind(2, ctx), argKind(3, ctx)];
      if (this.#argKindCache.size >= CACHE_MAX) this.#argKindCache.clear();
      this.#argKindCache.set(key, kinds);
    }
    return kinds;
  }

  #fastExit(b: Buffer, from: number, to: number, out: OutputBuffer): boolean {
    if (to - from <= 18 && allDigits(b, from, to)) {
      out.bytes(b, from, to);
      return true;
    }
    if (to - from < 2 || to - from > 10 || b[from] !== 45 || !allDigits(b, from + 1, to)) return false;
    const n = digitsValue(b, from + 1, to);
    let s = this.#errnos.get(n);
    if (s === undefined) {
      s = this.#escaped(printExit(`-${n}`));
      if (this.#errnos.size >= CACHE_MAX) this.#errnos.clear();
      this.#errnos.set(n, s);
    }
    out.latin1(s);
    return true;
  }

  #escaped(s: string): string {
    return this.#tty ? escapeText(s, 'tty') : s;
  }
}

const ARCH_EQ = bytesOf('arch=');
const SYSCALL_EQ = bytesOf('syscall=');
const A0_EQ = bytesOf('a0=');
const A1_EQ = bytesOf('a1=');

function bytesOf(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

/** strstr within b[from, to). */
function find(b: Buffer, needle: readonly number[], from: number, to: number): number {
  const first = needle[0] as number;
  const n = needle.length;
  outer: for (let i = from; i + n <= to; i++) {
    if (b[i] !== first) continue;
    for (let k = 1; k < n; k++) if (b[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** strtoull(s, NULL, 16) of b[from, to) into parsedHi/parsedLo; short plain hex without a string. */
function parseHex64(b: Buffer, from: number, to: number): void {
  const n = to - from;
  if (n <= 8) {
    const v = hex32(b, from, to);
    if (v >= 0) return setParsed(0, v);
  } else if (n <= 16) {
    const hi = hex32(b, from, to - 8);
    const lo = hex32(b, to - 8, to);
    if (hi >= 0 && lo >= 0) return setParsed(hi, lo);
  }
  parseUnsigned(latin1(b, from, to), 16);
}

function milli3(ms: number): string {
  return ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
}

