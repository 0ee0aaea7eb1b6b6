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
import { ByteFieldPrinter } from './byte-fields.js';
import { allDigits, digitsValue, hex32 } from './byte-values.js';
import { parseUnsigned, parsedInt, parsedLo } from './c-number.js';
import { InterpListCache, lookupInterp, type InterpList } from './enriched.js';
import { safePrintLine } from './escape.js';
import { fieldKind, T, typeHasExceptions, type FieldKind } from './field-kind.js';
import type { SyscallContext } from './format-syscall.js';
import { printEscaped } from './hex-text.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { LocalDateCache } from './local-date.js';
import { elfToMachine, recordTypeName3, recordTypeNumber3 } from './names.js';
import type { OutputBuffer } from './output-buffer.js';
import { indexOfByte, scanSyscallArgs, type SyscallArgs } from './syscall-scan.js';

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


export class InterpretedRecordFormatter {
  readonly #env: ValueEnv;
  /** Byte-level shortcuts, in tty and raw escape modes (tests turn them off to compare). */
  readonly #bytePrinter: ByteFieldPrinter | undefined;
  readonly #dates = new LocalDateCache();
  readonly #interp = new InterpListCache();
  readonly #names = new FieldNameTable();
  readonly #types = new Map<string, TypeInfo>();
  readonly #ctx: SyscallContext = { machine: -1, syscall: 0, a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
  // ausearch's statics: the a0/a1 of the last SYSCALL record printed.
  readonly #args: SyscallArgs = { a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
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
    this.#bytePrinter = fast && (env.escape === 'tty' || env.escape === 'raw') ? new ByteFieldPrinter(env) : undefined;
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
    out.byte(46);
    out.decimal(event.milli, 3);
    out.byte(58);
    out.decimal(event.serial);
    out.byte(41);
    out.byte(32);

    if (type.num === T.SYSCALL) scanSyscallArgs(b, end, this.#args);
    // What report_interpret hands auparse: for SYSCALL and SECCOMP records the
    // machine (the host's until arch= says otherwise) and the first syscall=;
    // for others no machine and syscall 0. a0/a1 are the last SYSCALL record's.
    this.#sysRecord = type.num === T.SYSCALL || type.num === T.SECCOMP;
    const ctx = this.#ctx;
    ctx.machine = -1;
    ctx.syscall = this.#sysRecord ? -1 : 0;
    ctx.a0Hi = this.#args.a0Hi;
    ctx.a0Lo = this.#args.a0Lo;
    ctx.a1Hi = this.#args.a1Hi;
    ctx.a1Lo = this.#args.a1Lo;
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
      if (this.#bytePrinter !== undefined && this.#bytePrinter.print(kind, b, vstart, vend, this.#ctx, out)) return out.byte(32);
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
}

