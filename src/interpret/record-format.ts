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
// record type (type-info.ts); common kinds printed from bytes, values whose
// text depends on the value alone remembered by their bytes
// (value-printer.ts); runs of such fields remembered with their output
// (run-memo.ts).
import type { Buffer } from 'node:buffer';
import { byteAt, indexOfByte, spaceOrComma } from './byte-scan.js';
import { FieldNameTable, latin1, NAME_ACCT, nameFlags } from './byte-strings.js';
import { allDigits, digitsValue, hex32 } from './byte-values.js';
import { parseUnsigned, parsedInt, parsedLo } from './c-number.js';
import { InterpListCache, type InterpList } from './enriched.js';
import { safePrintLine } from './escape.js';
import { EventStampBytes, type EventStamp } from './event-stamp.js';
import { T } from './field-kind.js';
import type { SyscallContext } from './format-syscall.js';
import type { ValueEnv } from './interpret-value.js';
import { K, VALUE_ONLY } from './kind-codes.js';
import { elfToMachine } from './names.js';
import { dataViewOf, type OutputBuffer } from './output-buffer.js';
import { RUN_POSITIONS, RunMemo, RunSlots } from './run-memo.js';
import { locateRecord, newRecordBytes, type InterpretableRecord, type RecordBytes } from './record-bytes.js';
import { SpanMemo } from './span-memo.js';
import { SyscallFields } from './syscall-fields.js';
import { scanSyscallArgs, type SyscallArgs } from './syscall-scan.js';
import { kindOf, referenceKind, TypeTable, type TypeInfo } from './type-info.js';
import { ValuePrinter } from './value-printer.js';

export type { EventStamp } from './event-stamp.js';
export type { InterpretableRecord } from './record-bytes.js';

/** Body lookups per type between checks of how many hit; below 1 in 8 the type rests for MEMO_REST records. */
const MEMO_TRIES = 64;
const MEMO_REST = 4096;

const MAC_LABEL_NAMES = new Set(['subj', 'obj', 'scontext', 'tcontext', 'vm-ctx', 'img-ctx']);

export class InterpretedRecordFormatter {
  readonly #env: ValueEnv;
  /** False: every field by the reference path (tests compare the two). */
  readonly #fast: boolean;
  readonly #printer: ValuePrinter;
  /** Runs of fields remembered with their output (fast path only). */
  readonly #runMemo: RunMemo | undefined;
  /** Whole record bodies with their output (fast path only). */
  readonly #bodies: SpanMemo | undefined;
  /** Set when a field printed by #fields read more than its bytes. */
  #contextRead = false;
  /** SYSCALL records in the kernel's shape (fast path only). */
  readonly #syscallFields: SyscallFields | undefined;
  readonly #stamps = new EventStampBytes();
  readonly #interp = new InterpListCache();
  readonly #names = new FieldNameTable();
  readonly #types = new TypeTable();
  readonly #ctx: SyscallContext = { machine: -1, syscall: 0, a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
  // ausearch's statics: the a0/a1 of the last SYSCALL record printed.
  readonly #args: SyscallArgs = { a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };
  // Per record, as ausearch resets them.
  #machine = -1;
  #syscall = -1;
  #typeInfo: TypeInfo | undefined;
  #type = -1;
  #sysRecord = false;
  #list: InterpList | undefined;
  readonly #at: RecordBytes = newRecordBytes();
  /** The buffer the current record's line lies in, and a DataView on it for copies. */
  #src: Buffer | undefined;
  #view: DataView = new DataView(new ArrayBuffer(0));

  constructor(env: ValueEnv, fast = true) {
    this.#env = env;
    this.#fast = fast;
    this.#runMemo = fast ? new RunMemo() : undefined;
    this.#printer = new ValuePrinter(env, fast);
    this.#syscallFields = fast ? new SyscallFields(this.#printer) : undefined;
    this.#bodies = fast ? new SpanMemo() : undefined;
  }

  /** Appends the exact text ausearch -i prints for the record (nothing where it prints nothing). */
  formatInto(record: InterpretableRecord, event: EventStamp, out: OutputBuffer): void {
    const type = this.#types.get(record.typeName);
    const at = this.#at;
    locateRecord(record, type, event.node, at);
    this.#machine = -1;
    this.#syscall = -1;
    // ausearch says "can't find time stamp" on stderr and prints nothing.
    if (at.lparen < 0) return;
    const b = at.bytes;
    this.#typeInfo = type;
    this.#type = type.num;
    if (event.node !== undefined) this.#stamps.writeNode(event.node, out);
    if (type.head !== undefined) out.copy(type.head, 0, type.head.byteLength);
    else {
      out.copy(this.#viewOf(b), at.typeAt, at.lparen);
      out.byte(40);
    }
    if (at.rparen < 0) return;
    this.#stamps.writeStamp(event, out);

    const ctx = this.#ctx;
    this.#list = this.#interp.get(record.interp);
    if (type.num === T.SYSCALL) {
      // The kernel's own shape, with `arch=` where the argument scan starts: cut without the general loop.
      const shape = this.#syscallFields;
      if (shape !== undefined && at.archFrom === at.rparen + 1 && shape.format(b, this.#viewOf(b), at.archFrom, at.end, this.#list, ctx, this.#args, out)) {
        out.byte(10);
        return;
      }
      scanSyscallArgs(b, at.archFrom, at.end, this.#args);
    }
    // What report_interpret hands auparse: for SYSCALL and SECCOMP records the
    // machine (the host's until arch= says otherwise) and the first syscall=;
    // for others no machine and syscall 0. a0/a1 are the last SYSCALL record's.
    this.#sysRecord = type.num === T.SYSCALL || type.num === T.SECCOMP;
    ctx.machine = -1;
    ctx.syscall = this.#sysRecord ? -1 : 0;
    ctx.a0Hi = this.#args.a0Hi;
    ctx.a0Lo = this.#args.a0Lo;
    ctx.a1Hi = this.#args.a1Hi;
    ctx.a1Lo = this.#args.a1Lo;
    const view = this.#viewOf(b);
    const bodies = this.#bodies;
    if (bodies === undefined || this.#sysRecord) return this.#fields(b, at.rparen + 1, at.end, out);
    if (type.memoRest > 0) {
      type.memoRest--;
      return this.#fields(b, at.rparen + 1, at.end, out);
    }
    // A body printed before (same type, bytes and ENRICHED names) is printed the same unless a field read the context.
    const from = at.rparen + 1;
    const hit = bodies.find(this.#list, type.num, view, from, at.end);
    type.memoTries++;
    if (hit >= 0) {
      type.memoHits++;
      bodies.replay(hit, out);
    } else {
      const outFrom = out.len;
      this.#contextRead = false;
      this.#fields(b, from, at.end, out);
      if (!this.#contextRead) bodies.put(this.#list, type.num, view, from, at.end, out, outFrom);
    }
    if (type.memoTries >= MEMO_TRIES) {
      // Types whose bodies seldom repeat are not looked up for a while.
      if (type.memoHits * 8 < type.memoTries) type.memoRest = MEMO_REST;
      type.memoTries = type.memoHits = 0;
    }
  }

  /** A DataView on `b`, the same as long as records come from the same buffer (a chunk of input). */
  #viewOf(b: Buffer): DataView {
    if (b !== this.#src) {
      this.#src = b;
      this.#view = dataViewOf(b);
    }
    return this.#view;
  }

  /**
   * The field loop of output_interpreted_record, from `start` (just past the
   * `)`). Output that repeats the input (names, unclassified values and their
   * separators) is not copied field by field: input bytes from `span` on are
   * owed to the output and copied in one go when something else is written.
   *
   * Fast path: runs of fields whose printed text depends on their bytes
   * alone (kinds VALUE_ONLY; in ENRICHED records, on their bytes and the
   * record's names) are remembered per type and position (run-memo.ts);
   * where the input repeats a run, its output is copied and the loop goes on
   * past it. The state a run leaves behind is the field count, the comma
   * flag and the machine a SYSCALL record's first field sets: all restored.
   */
  #fields(b: Buffer, start: number, end: number, out: OutputBuffer): void {
    const names = this.#names;
    const type = this.#typeInfo as TypeInfo;
    const shape = type.shape;
    const view = this.#view;
    const memo = this.#runMemo;
    const runs = memo !== undefined ? (type.runs ??= new RunSlots()) : undefined;
    const list = this.#list;
    // The run being learnt: its first field's position, input offset and output offset.
    let runAt = -1;
    let runFrom = 0;
    let runOut = 0;
    let str = start;
    let found = false;
    let comma = false;
    let noEquals = false;
    // The input owed to the output starts at `span`; `fieldNo` counts fields.
    let span = start;
    let fieldNo = 0;
    while (str >= 0 && str < end) {
      const field = fieldNo;
      // Most positions hold no run: that is known before a call.
      if (runs !== undefined && field < RUN_POSITIONS && runs.fields[field] !== 0) {
        const n = (memo as RunMemo).match(runs, field, list, view, str, end);
        if (n >= 0) {
          if (runAt >= 0 && field - runAt >= 2) {
            out.copy(view, span, str);
            span = str;
            (memo as RunMemo).learn(runs, runAt, field - runAt, list, view, runFrom, str, out, runOut, comma, false);
          }
          runAt = -1;
          out.copy(view, span, str);
          (memo as RunMemo).replay(runs, field, out);
          str += n;
          span = str;
          fieldNo += runs.fields[field] as number;
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
      // for '=' and the name lookup are done. The first field follows the
      // header's ": ", others may follow a second space: the name runs back
      // to that space, as the scan below would find.
      const guess = shape[field] ?? -1;
      let at = str;
      if (b[at] === 58 && b[at + 1] === 32) at += 2;
      else if (b[at] === 32) at++;
      const guessEq = guess >= 0 ? names.equalsAt(guess, b, view, at, end) : -1;
      if (guessEq >= 0) {
        nm = at === str ? str : at - 1;
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
        id = this.#nameId(b, nm, eq, field);
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

      // report_interpret's name: without leading spaces and parentheses (a
      // name in the table is made a string only where a printer reads it).
      fieldNo++;
      let name: string | undefined;
      let flags: number;
      if (id >= 0) flags = names.flags[id] as number;
      else {
        while (nm < eq && (b[nm] === 32 || b[nm] === 40)) nm++;
        name = latin1(b, nm, eq);
        flags = nameFlags(name);
      }
      // acct loses a trailing ':'.
      let trimmed = false;
      if (flags === NAME_ACCT && vend > vstart && b[vend - 1] === 58) {
        vend--;
        trimmed = true;
      }
      const code = this.#fast && id >= 0 ? kindOf(type, names, id, flags, b, vstart, vend) : referenceKind(type.num, name ?? (names.names[id] as string), flags, b, vstart, vend);
      // syscall, arch and a0..a3 read the record's machine and syscall and the last SYSCALL record's a0/a1.
      if (code >= K.SYSCALL && code <= K.A3) this.#contextRead = true;
      if (runs !== undefined) {
        if (VALUE_ONLY[code] === 1) {
          if (runAt < 0) {
            out.copy(view, span, fieldStart);
            span = fieldStart;
            runAt = field;
            runFrom = fieldStart;
            runOut = out.len;
          }
        } else if (runAt >= 0) {
          if (field - runAt >= 2) {
            out.copy(view, span, fieldStart);
            span = fieldStart;
            (memo as RunMemo).learn(runs, runAt, field - runAt, list, view, runFrom, fieldStart, out, runOut, commaBefore, false);
          }
          runAt = -1;
        }
      }
      // 3.0.9 leaves uring_op unclassified too: printed as logged, unescaped.
      if (code === K.UNCLASSIFIED || (code === K.URING_OP && !this.#env.uringOpNames)) {
        if (this.#sysRecord && this.#machine === -1) this.#machine = this.#ctx.machine = this.#env.hostMachine;
        const sep = comma ? 44 : 32;
        // Usually the input already holds the value and its separator.
        if (trimmed || str !== vend + 1 || b[vend] !== sep) {
          out.copy(view, span, vend);
          out.byte(sep);
          span = str;
        }
        continue;
      }
      out.copy(view, span, vstart);
      span = str;
      this.#report(b, name ?? (names.names[id] as string), flags, code, vstart, vend, out);
    }
    if (str >= 0) out.copy(view, span, str);
    if (runAt >= 0 && fieldNo - runAt >= 2) {
      // A run that ends the record (str at or past the end) was tokenized up
      // to the end and only stands for input that ends the same way.
      const to = noEquals ? str : end;
      (memo as RunMemo).learn(runs as RunSlots, runAt, fieldNo - runAt, list, view, runFrom, to, out, runOut, comma, !noEquals);
    }
    if ((!found && noEquals) || comma) out.latin1(safePrintLine(latin1(b, str, end), this.#env.escape));
    out.byte(10);
  }

  /** auparse_interp_adjust_type(...) == MAC_LABEL for the raw name (a leading space or paren spoils it). */
  #isMacLabel(b: Buffer, nm: number, eq: number): boolean {
    return this.#type !== T.TRUSTED_APP && eq - nm >= 3 && eq - nm <= 8 && MAC_LABEL_NAMES.has(latin1(b, nm, eq));
  }

  /** The name id of the name at b[nm, eq) less its leading spaces and parentheses (-1: not in the table); the type's shape learns it. */
  #nameId(b: Buffer, nm: number, eq: number, field: number): number {
    while (nm < eq && (b[nm] === 32 || b[nm] === 40)) nm++;
    const names = this.#names;
    const shape = (this.#typeInfo as TypeInfo).shape;
    let id = shape[field] ?? -1;
    if (id < 0 || !names.is(id, b, nm, eq)) {
      id = names.lookup(b, nm, eq);
      if (field < 64) shape[field] = id;
    }
    return id;
  }

  /**
   * report_interpret for the field `name` of kind `code` (not printed as
   * logged: #fields does those) whose value spans vstart..vend: appends its
   * text and separator (the input before the value is already written).
   */
  #report(b: Buffer, name: string, flags: number, code: number, vstart: number, vend: number, out: OutputBuffer): void {
    const ctx = this.#ctx;
    if (this.#sysRecord) {
      if (this.#machine === -1) this.#machine = ctx.machine = this.#env.hostMachine;
      if (code === K.ARCH) {
        let elf = hex32(b, vstart, vend);
        if (elf < 0) {
          const v = latin1(b, vstart, vend);
          if (!parseUnsigned(v, 16)) return out.latin1(`arch conversion error(${v}) `);
          elf = parsedLo;
        }
        this.#machine = ctx.machine = elfToMachine(elf);
      } else if (code === K.SYSCALL && this.#syscall < 0) {
        if (vend - vstart <= 9 && allDigits(b, vstart, vend)) this.#syscall = digitsValue(b, vstart, vend);
        else {
          const v = latin1(b, vstart, vend);
          if (!parseUnsigned(v, 10)) return out.latin1(`syscall conversion error(${v}) `);
          this.#syscall = parsedInt();
        }
        ctx.syscall = this.#syscall;
      }
    }
    this.#printer.print(code, name, flags, this.#list, ctx, b, vstart, vend, out);
  }
}
