// One record as `ausearch -i` (auditd 3.0.9) prints it: ausearch's own
// tokenizer (output_interpreted_record) with its quirks kept — the text before
// each `=` is copied as is, msg=' opens a user message, a comma ends a value
// unless the field is a security label, a record it cannot split ends with
// the rest escaped and an extra newline — and each value through
// report_interpret. Works on the record's bytes and appends to an
// OutputBuffer. State ausearch keeps across records (the last SYSCALL
// record's a0/a1) is kept too, so records must come in ausearch's order.
//
// The reference path for a value is fieldKind + interpretValue on strings
// (what `fast = false` runs for every field). The fast path gets the same
// answers without making strings: kinds by field-name id, remembered per
// record type; common kinds printed from bytes (byte-fields.ts); values whose
// text depends on the value alone remembered by their bytes (value-cache.ts).
import { Buffer } from 'node:buffer';
import { ByteFieldPrinter } from './byte-fields.js';
import { byteAt, spaceOrComma } from './byte-scan.js';
import { FieldNameTable, latin1, NAME_ACCT, NAME_KEY, NAME_LIMIT, nameFlags } from './byte-strings.js';
import { allDigits, digitsValue, hex32 } from './byte-values.js';
import { parseUnsigned, parsedInt, parsedLo } from './c-number.js';
import { InterpListCache, lookupInterp, type InterpList } from './enriched.js';
import { safePrintLine } from './escape.js';
import { EventStampBytes, type EventStamp } from './event-stamp.js';
import { acctKindOfBytes, fieldKind, kindDependsOnValue, T, typeHasExceptions } from './field-kind.js';
import type { SyscallContext } from './format-syscall.js';
import { printEscaped } from './hex-text.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { K, KIND_CODE, KIND_OF_CODE, VALUE_ONLY } from './kind-codes.js';
import { elfToMachine, recordTypeName3, recordTypeNumber3 } from './names.js';
import { dataViewOf, type OutputBuffer } from './output-buffer.js';
import { indexOfByte, scanSyscallArgs, type SyscallArgs } from './syscall-scan.js';
import { RunMemo, RunSlots } from './run-memo.js';
import { ValueCache } from './value-cache.js';

export type { EventStamp } from './event-stamp.js';

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
  /**
   * Optional, so no view is made per record: the buffer `line` lies in and
   * absolute offsets in it. A record that gives them promises no NUL byte
   * in its line outside its node and type names (AuditRecord: the parser
   * refuses such lines).
   */
  readonly buffer?: Buffer;
  readonly lineStartAt?: number;
  readonly messageEndAt?: number;
  readonly node?: string | undefined;
  /**
   * Optional with the above: where the body starts, after a header written
   * as `[node=NODE ]type=TYPE msg=audit(SEC.MILLI:SERIAL)`, an optional `:`
   * and an optional space (AuditRecord's), so the header need not be scanned.
   */
  readonly bodyAt?: number;
}

interface TypeInfo {
  readonly num: number;
  /** The name id last seen at each field position: records of a type mostly repeat their names. */
  readonly shape: number[];
  /** No field of this type has a kind other than its name's (acct aside). */
  readonly plain: boolean;
  /** `type=NAME msg=audit(` when 3.0.9 names the type. */
  readonly head: DataView | undefined;
  /** The name holds a NUL (ausearch's C string ends there). */
  readonly nul: boolean;
  /** The name holds `arch=` (which SYSCALL's argument scan would find there). */
  readonly arch: boolean;
  /** The name holds `(`. */
  readonly paren: boolean;
  /** Kind codes by name id where the type or the name makes exceptions, filled as names come (see #kindOf). */
  kinds: Uint8Array | undefined;
  /** Runs of fields remembered for this type (fast path). */
  runs: RunSlots | undefined;
}

const MAC_LABEL_NAMES = new Set(['subj', 'obj', 'scontext', 'tcontext', 'vm-ctx', 'img-ctx']);
/** TypeInfo.kinds entries: not worked out yet, or depending on the value (acct, TRUSTED_APP). */
const KIND_UNKNOWN = 255;
const KIND_BY_VALUE = 254;

export class InterpretedRecordFormatter {
  readonly #env: ValueEnv;
  /** False: every field by the reference path (tests compare the two). */
  readonly #fast: boolean;
  /** Byte-level printers, in tty and raw escape modes. */
  readonly #bytePrinter: ByteFieldPrinter | undefined;
  readonly #values = new ValueCache();
  /** Runs of fields remembered with their output (fast path only). */
  readonly #runMemo: RunMemo | undefined;
  readonly #stamps = new EventStampBytes();
  readonly #interp = new InterpListCache();
  readonly #names = new FieldNameTable();
  readonly #types = new Map<string, TypeInfo>();
  readonly #ctx: SyscallContext = { machine: -1, syscall: 0, a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
  // ausearch's statics: the a0/a1 of the last SYSCALL record printed.
  readonly #args: SyscallArgs = { a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
  // Per record, as ausearch resets them.
  #machine = -1;
  #syscall = -1;
  #typeInfo: TypeInfo | undefined;
  #type = -1;
  #sysRecord = false;
  #field = 0;
  #list: InterpList | undefined;
  /** Start of the input bytes owed to the output. */
  #span = 0;
  /** The buffer the current record's line lies in, and a DataView on it for copies. */
  #src: Buffer | undefined;
  #view: DataView = new DataView(new ArrayBuffer(0));

  constructor(env: ValueEnv, fast = true) {
    this.#env = env;
    this.#fast = fast;
    this.#runMemo = fast ? new RunMemo() : undefined;
    this.#bytePrinter = fast && (env.escape === 'tty' || env.escape === 'raw') ? new ByteFieldPrinter(env, this.#values) : undefined;
  }

  /** Appends the exact text ausearch -i prints for the record (nothing where it prints nothing). */
  formatInto(record: InterpretableRecord, event: EventStamp, out: OutputBuffer): void {
    const type = this.#typeOf(record.typeName);
    const buffer = record.buffer;
    const lineStart = record.lineStartAt;
    const messageEnd = record.messageEndAt;
    const node = record.node;
    let b: Buffer;
    let ls: number;
    let end: number;
    // Where `arch=` may first stand: past the header unless the node or type
    // name holds it (-1: past the header).
    let archFrom = -1;
    // The record's own buffer (and so the parser's header) or a view.
    let own = false;
    if (buffer !== undefined && lineStart !== undefined && messageEnd !== undefined && !type.nul && (node === undefined || node.indexOf('\0') < 0)) {
      // The usual way: the record's own bytes, with no NUL to look for.
      b = buffer;
      ls = lineStart;
      end = messageEnd;
      own = true;
      if (type.arch || (node !== undefined && node.indexOf('arch=') >= 0)) archFrom = ls;
    } else {
      b = record.line;
      ls = 0;
      end = record.messageEnd;
      // A NUL ends the C string ausearch works on.
      const nul = b.indexOf(0);
      if (nul >= 0 && nul < end) end = nul;
      archFrom = 0;
    }
    this.#machine = -1;
    this.#syscall = -1;

    let lparen = -1;
    let rparen = -1;
    const bodyAt = record.bodyAt;
    if (own && bodyAt !== undefined && !type.paren && (node === undefined || node.indexOf('(') < 0)) {
      // A record that gives bodyAt has the parser's header, [node=NODE ]type=TYPE
      // msg=audit(DIGITS.DIGITS:DIGITS)[:][ ]: with no '(' in NODE or TYPE the
      // first '(' is audit's and the first ')' after it is just before the body.
      const lp = ls + (node === undefined ? 0 : node.length + 6) + record.typeName.length + 15;
      let rp = bodyAt - 1;
      if (b[rp] === 32) rp--;
      if (b[rp] === 58) rp--;
      if (b[lp] === 40 && b[rp] === 41 && lp < rp) {
        lparen = lp;
        rparen = rp;
      }
    }
    let pos = ls;
    if (lparen < 0 || type.head === undefined) {
      if (event.node !== undefined) {
        const sp = indexOfByte(b, 32, ls, end);
        if (sp >= 0) pos = sp + 1;
      }
      if (lparen < 0) lparen = indexOfByte(b, 40, pos, end);
    }
    // ausearch says "can't find time stamp" on stderr and prints nothing.
    if (lparen < 0) return;
    this.#typeInfo = type;
    this.#type = type.num;
    this.#field = 0;
    if (event.node !== undefined) this.#stamps.writeNode(event.node, out);
    if (type.head !== undefined) out.copy(type.head, 0, type.head.byteLength);
    else {
      out.copy(this.#viewOf(b), pos, lparen);
      out.byte(40);
    }
    if (rparen < 0) rparen = indexOfByte(b, 41, lparen + 1, end);
    if (rparen < 0) return;
    this.#stamps.writeStamp(event, out);

    if (type.num === T.SYSCALL) scanSyscallArgs(b, archFrom < 0 ? rparen + 1 : archFrom, end, this.#args);
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
    this.#viewOf(b);
    this.#fields(b, rparen + 1, end, out);
  }

  /** A DataView on `b`, the same as long as records come from the same buffer (a chunk of input). */
  #viewOf(b: Buffer): DataView {
    if (b !== this.#src) {
      this.#src = b;
      this.#view = dataViewOf(b);
    }
    return this.#view;
  }

  #typeOf(typeName: string): TypeInfo {
    let t = this.#types.get(typeName);
    if (t === undefined) {
      const num = recordTypeNumber3(typeName);
      const label = num >= 0 ? recordTypeName3(num) : undefined;
      const head = label === undefined ? undefined : dataViewOf(Buffer.from(`type=${label} msg=audit(`, 'latin1'));
      t = { num, shape: [], plain: !typeHasExceptions(num), head, nul: typeName.indexOf('\0') >= 0, arch: typeName.indexOf('arch=') >= 0, paren: typeName.indexOf('(') >= 0, kinds: undefined, runs: undefined };
      if (this.#types.size > 1024) this.#types.clear();
      this.#types.set(typeName, t);
    }
    return t;
  }

  /**
   * The field loop of output_interpreted_record, from `start` (just past the
   * `)`). Output that repeats the input (names, unclassified values and their
   * separators) is not copied field by field: input bytes from #span on are
   * owed to the output and copied in one go when something else is written.
   *
   * Fast path: runs of fields whose printed text depends on their bytes
   * alone (kinds VALUE_ONLY, no ENRICHED names to look up) are remembered per
   * type and position (run-memo.ts); where the input repeats a run, its
   * output is copied and the loop goes on past it. The state a run leaves
   * behind is the field count, the comma flag and the machine a SYSCALL
   * record's first field sets: all restored.
   */
  #fields(b: Buffer, start: number, end: number, out: OutputBuffer): void {
    const names = this.#names;
    const type = this.#typeInfo as TypeInfo;
    const shape = type.shape;
    const view = this.#view;
    const memo = this.#runMemo;
    const runs = memo !== undefined && this.#list === undefined ? (type.runs ??= new RunSlots()) : undefined;
    // The run being learnt: its first field's position, input offset and output offset.
    let runAt = -1;
    let runFrom = 0;
    let runOut = 0;
    let str = start;
    let found = false;
    let comma = false;
    let noEquals = false;
    this.#span = start;
    while (str >= 0 && str < end) {
      const field = this.#field;
      if (runs !== undefined) {
        const n = (memo as RunMemo).match(runs, field, view, str, end);
        if (n >= 0) {
          if (runAt >= 0 && field - runAt >= 2) {
            out.copy(view, this.#span, str);
            this.#span = str;
            (memo as RunMemo).learn(runs, runAt, field - runAt, view, runFrom, str, out, runOut, comma, false);
          }
          runAt = -1;
          out.copy(view, this.#span, str);
          (memo as RunMemo).replay(runs, field, out);
          str += n;
          this.#span = str;
          this.#field += runs.fields[field] as number;
          comma = runs.comma[field] === 1;
          found = true;
          if (this.#sysRecord && this.#machine === -1) this.#machine = this.#ctx.machine = this.#env.hostMachine;
          continue;
        }
      }
      const fieldStart = str;
      const commaBefore = comma;
      let eq: number;
      let nm: number;
      let id: number;
      // Records of a type mostly repeat their names in order: when the name
      // this field had last time stands at `str` followed by '=', the scan
      // for '=' and the name lookup are done.
      const guess = shape[field] ?? -1;
      const guessEq = guess >= 0 ? names.equalsAt(guess, b, view, str, end) : -1;
      if (guessEq >= 0) {
        nm = str;
        eq = guessEq;
        id = guess;
        comma = false;
        found = true;
      } else {
        // The name runs back from '=' to a space (kept) or to where this field
        // began: the last space before '=' is noted on the way.
        eq = str;
        let sp = -1;
        for (; eq < end; eq++) {
          const c = b[eq] as number;
          if (c === 61) break;
          if (c === 32) sp = eq;
        }
        if (eq >= end) {
          noEquals = true;
          break;
        }
        comma = false;
        found = true;
        nm = sp >= 0 ? sp : str;
        if (eq - nm === 3 && b[nm] === 109 && b[nm + 1] === 115 && b[nm + 2] === 103) {
          str = eq + 1;
          continue;
        }
        if (b[nm] === 39) nm++;
        id = this.#nameId(b, nm, eq);
      }
      const vstart = eq + 1;
      let vend: number;
      const q = b[vstart];
      if (q === 39 || q === 34) {
        const close = byteAt(b, view, q, vstart + 1, end);
        if (close >= end) {
          vend = end;
          str = -1;
        } else {
          vend = close + 1;
          str = vend < end ? vend + 1 : vend;
        }
      } else {
        // The first comma or space decides, as strchr(',') against strchr(' ').
        const i = spaceOrComma(b, view, vstart, end);
        if (i >= end) {
          vend = end;
          str = -1;
        } else if (b[i] === 32) {
          vend = i;
          str = i + 1;
        } else if (this.#isMacLabel(b, nm, eq)) {
          const sp2 = indexOfByte(b, 32, i + 1, end);
          vend = sp2 < 0 ? end : sp2;
          str = sp2 < 0 ? -1 : sp2 + 1;
        } else {
          vend = i;
          str = i + 1;
          comma = true;
        }
      }

      // report_interpret's name: without leading spaces and parentheses.
      this.#field++;
      if (id < 0) while (nm < eq && (b[nm] === 32 || b[nm] === 40)) nm++;
      const name = id >= 0 ? (names.names[id] as string) : latin1(b, nm, eq);
      const flags = id >= 0 ? (names.flags[id] as number) : nameFlags(name);
      // acct loses a trailing ':'.
      let trimmed = false;
      if (flags === NAME_ACCT && vend > vstart && b[vend - 1] === 58) {
        vend--;
        trimmed = true;
      }
      const code = this.#fast && id >= 0 ? this.#kindOf(id, name, flags, b, vstart, vend) : this.#referenceKind(name, flags, b, vstart, vend);
      if (runs !== undefined) {
        if (VALUE_ONLY[code] === 1) {
          if (runAt < 0) {
            out.copy(view, this.#span, fieldStart);
            this.#span = fieldStart;
            runAt = field;
            runFrom = fieldStart;
            runOut = out.len;
          }
        } else if (runAt >= 0) {
          if (field - runAt >= 2) {
            out.copy(view, this.#span, fieldStart);
            this.#span = fieldStart;
            (memo as RunMemo).learn(runs, runAt, field - runAt, view, runFrom, fieldStart, out, runOut, commaBefore, false);
          }
          runAt = -1;
        }
      }
      this.#report(b, name, flags, code, trimmed, vstart, vend, str, comma, out);
    }
    if (str >= 0) out.copy(view, this.#span, str);
    if (runAt >= 0 && this.#field - runAt >= 2) {
      // A run that ends the record (str at or past the end) was tokenized up
      // to the end and only stands for input that ends the same way.
      const to = noEquals ? str : end;
      (memo as RunMemo).learn(runs as RunSlots, runAt, this.#field - runAt, view, runFrom, to, out, runOut, comma, !noEquals);
    }
    if ((!found && noEquals) || comma) out.latin1(safePrintLine(latin1(b, str, end), this.#env.escape));
    out.byte(10);
  }

  /** auparse_interp_adjust_type(...) == MAC_LABEL for the raw name (a leading space or paren spoils it). */
  #isMacLabel(b: Buffer, nm: number, eq: number): boolean {
    return this.#type !== T.TRUSTED_APP && eq - nm >= 3 && eq - nm <= 8 && MAC_LABEL_NAMES.has(latin1(b, nm, eq));
  }

  /** Writes what is owed of the input, up to `to`, then `text`; the input owed restarts at `next`. */
  #emit(to: number, text: string, next: number, out: OutputBuffer): void {
    out.copy(this.#view, this.#span, to);
    out.latin1(text);
    this.#span = next;
  }

  /** The name id of the name at b[nm, eq) less its leading spaces and parentheses (-1: not in the table); the type's shape learns it. */
  #nameId(b: Buffer, nm: number, eq: number): number {
    while (nm < eq && (b[nm] === 32 || b[nm] === 40)) nm++;
    const names = this.#names;
    const shape = (this.#typeInfo as TypeInfo).shape;
    const field = this.#field;
    let id = shape[field] ?? -1;
    if (id < 0 || !names.is(id, b, nm, eq)) {
      id = names.lookup(b, nm, eq);
      if (field < 64) shape[field] = id;
    }
    return id;
  }

  /**
   * report_interpret for the field `name` of kind `code` whose value spans
   * vstart..vend; `next` is where the loop goes on (-1: the end).
   */
  #report(b: Buffer, name: string, flags: number, code: number, trimmed: boolean, vstart: number, vend: number, next: number, comma: boolean, out: OutputBuffer): void {
    const ctx = this.#ctx;
    if (this.#sysRecord) {
      if (this.#machine === -1) this.#machine = ctx.machine = this.#env.hostMachine;
      if (code === K.ARCH) {
        let elf = hex32(b, vstart, vend);
        if (elf < 0) {
          const v = latin1(b, vstart, vend);
          if (!parseUnsigned(v, 16)) return this.#emit(vstart, `arch conversion error(${v}) `, next, out);
          elf = parsedLo;
        }
        this.#machine = ctx.machine = elfToMachine(elf);
      } else if (code === K.SYSCALL && this.#syscall < 0) {
        if (vend - vstart <= 9 && allDigits(b, vstart, vend)) this.#syscall = digitsValue(b, vstart, vend);
        else {
          const v = latin1(b, vstart, vend);
          if (!parseUnsigned(v, 10)) return this.#emit(vstart, `syscall conversion error(${v}) `, next, out);
          this.#syscall = parsedInt();
        }
        ctx.syscall = this.#syscall;
      }
    }
    // 3.0.9 leaves uring_op unclassified too: printed as logged, unescaped.
    if (code === K.UNCLASSIFIED || (code === K.URING_OP && !this.#env.uringOpNames)) {
      const sep = comma ? 44 : 32;
      // Usually the input already holds the value and its separator.
      if (!trimmed && next === vend + 1 && b[vend] === sep) return;
      out.copy(this.#view, this.#span, vend);
      out.byte(sep);
      this.#span = next;
      return;
    }
    out.copy(this.#view, this.#span, vstart);
    this.#span = next;
    this.#printValue(code, name, flags, b, vstart, vend, out);
  }

  /** The value b[vstart, vend) of a field of kind `code` as report_interpret prints it, with the separator after it. */
  #printValue(code: number, name: string, flags: number, b: Buffer, vstart: number, vend: number, out: OutputBuffer): void {
    let text: string | undefined;
    const list = this.#list;
    const recorded = list === undefined ? undefined : lookupInterp(list, name);
    if (recorded !== undefined && !recorded.startsWith('unknown-')) {
      // The writing machine's name (ENRICHED), printed unescaped as auparse does.
      text = code === K.UID || code === K.GID ? printEscaped(recorded) : recorded;
    } else {
      if (this.#bytePrinter !== undefined && this.#bytePrinter.print(code, b, vstart, vend, this.#ctx, out)) return out.byte(32);
      text = this.#value(code, name, b, vstart, vend);
    }
    text ??= '(null)';
    if (flags === NAME_KEY) out.latin1(text.indexOf('\x01') < 0 ? `${text} ` : `${text.split('\x01').join(' key=')} `);
    else if (code === K.TTY_DATA) out.latin1(text);
    else {
      out.latin1(text);
      out.byte(32);
    }
  }

  /** fieldKind for the field, as a code: the reference. */
  #referenceKind(name: string, flags: number, b: Buffer, vstart: number, vend: number): number {
    const rtype = this.#type;
    return KIND_CODE[fieldKind(rtype, name, flags === NAME_ACCT || rtype === T.TRUSTED_APP ? latin1(b, vstart, vend) : '')];
  }

  /**
   * fieldKind without strings: the name's own kind where the record type
   * makes no exceptions, else worked out once per type and name, and per
   * value only for acct and TRUSTED_APP fields.
   */
  #kindOf(id: number, name: string, flags: number, b: Buffer, vstart: number, vend: number): number {
    const type = this.#typeInfo as TypeInfo;
    if (type.plain && flags !== NAME_ACCT) return this.#names.codes[id] as number;
    const kinds = (type.kinds ??= new Uint8Array(NAME_LIMIT).fill(KIND_UNKNOWN));
    let k = kinds[id] as number;
    if (k === KIND_UNKNOWN) {
      k = kindDependsOnValue(type.num, name) ? KIND_BY_VALUE : KIND_CODE[fieldKind(type.num, name, '')];
      kinds[id] = k;
    }
    if (k !== KIND_BY_VALUE) return k;
    // Outside TRUSTED_APP only acct's kind depends on its value.
    if (type.num !== T.TRUSTED_APP) return KIND_CODE[acctKindOfBytes(b, vstart, vend)];
    return this.#referenceKind(name, flags, b, vstart, vend);
  }

  /** interpretValue (no recorded name applies); remembered by the value's bytes where nothing else matters. */
  #value(code: number, name: string, b: Buffer, vstart: number, vend: number): string | undefined {
    const kind = KIND_OF_CODE[code] as (typeof KIND_OF_CODE)[number];
    if (!this.#fast || code < K.FIRST_VALUE_ONLY) return interpretValue(kind, name, latin1(b, vstart, vend), this.#ctx, undefined, this.#env);
    const values = this.#values;
    const hit = values.find(code, b, vstart, vend);
    if (hit >= 0) return values.text(hit);
    const text = interpretValue(kind, name, latin1(b, vstart, vend), this.#ctx, undefined, this.#env);
    values.put(code, b, vstart, vend, text);
    return text;
  }
}
