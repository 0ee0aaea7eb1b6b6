// SYSCALL records as the kernel writes them (audit_log_exit, then
// audit_log_task_info and the key): `arch= syscall= [success= exit=] a0= a1=
// a2= a3= items= ppid= pid= auid= uid= gid= euid= suid= fsuid= egid= sgid=
// fsgid= tty= ses= comm= exe= [subj=] key=`, one space apart. Such a record
// is cut against that list instead of by the general field loop: each name
// checked where it must stand, each kind known, no run memo. The cut is done
// first and gives up (nothing written, nothing changed) the moment the record
// departs from the list or a value could make ausearch's tokenizer cut
// elsewhere (a comma, a quote, an unclosed quote, a byte after a closing
// quote, ...); the formatter then runs its general loop. Printing then calls
// the same printers as the general loop, so only the cut is specialised.
import type { Buffer } from 'node:buffer';
import { NAME_KEY } from './byte-strings.js';
import { allDigits, digitsValue, hex32 } from './byte-values.js';
import { parsedHi, parsedLo } from './c-number.js';
import type { InterpList } from './enriched.js';
import { kindOfName } from './field-kind.js';
import type { SyscallContext } from './format-syscall.js';
import { K, kindCode } from './kind-codes.js';
import { elfToMachine } from './names.js';
import type { OutputBuffer } from './output-buffer.js';
import { SpanMemo } from './span-memo.js';
import { parseHex64, type SyscallArgs } from './syscall-scan.js';
import type { ValuePrinter } from './value-printer.js';

/** success= and exit= come together or not at all; subj= may be missing. */
const REQUIRED = 0;
const PAIR = 1;
const OPTIONAL = 2;

interface ShapeField {
  readonly name: string;
  /** What stands before the value: the separator (": " for the first field), the name and '='. */
  readonly gap: string;
  readonly code: number;
  readonly flags: number;
  readonly presence: number;
}

function field(name: string, presence = REQUIRED): ShapeField {
  return { name, gap: `${name === 'arch' ? ': ' : ' '}${name}=`, code: kindCode(kindOfName(name)), flags: name === 'key' ? NAME_KEY : 0, presence };
}

const SHAPE: readonly ShapeField[] = [
  field('arch'),
  field('syscall'),
  field('success', PAIR),
  field('exit', PAIR),
  ...['a0', 'a1', 'a2', 'a3', 'items', 'ppid', 'pid', 'auid', 'uid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'sgid', 'fsgid', 'tty', 'ses', 'comm', 'exe'].map((n) => field(n)),
  field('subj', OPTIONAL),
  field('key'),
];
const COUNT = SHAPE.length;
const ARCH = 0;
const SYSCALL = 1;
const A0 = SHAPE.findIndex((f) => f.name === 'a0');
const A1 = A0 + 1;
/** The last field before the credentials: what follows it is printed from its bytes alone. */
const PID = SHAPE.findIndex((f) => f.name === 'pid');

/** Little-endian int32 of latin1 text s[at, at + 4). */
function word(s: string, at: number): number {
  return (s.charCodeAt(at) | (s.charCodeAt(at + 1) << 8) | (s.charCodeAt(at + 2) << 16) | (s.charCodeAt(at + 3) << 24)) | 0;
}

// The gaps as words: the first four bytes, the last four, and (gaps over 8 bytes) bytes 4..8.
const GAP_LEN = Int32Array.from(SHAPE, (f) => f.gap.length);
const GAP_HEAD = Int32Array.from(SHAPE, (f) => word(f.gap, 0));
const GAP_TAIL = Int32Array.from(SHAPE, (f) => word(f.gap, f.gap.length - 4));
const GAP_MID = Int32Array.from(SHAPE, (f) => (f.gap.length > 8 ? word(f.gap, 4) : 0));
if (SHAPE.some((f) => f.gap.length < 4 || f.gap.length > 12)) throw new Error('syscall-fields: a gap the word compare cannot check');
const CODES = Uint8Array.from(SHAPE, (f) => f.code);
const PRESENCE = Uint8Array.from(SHAPE, (f) => f.presence);

export class SyscallFields {
  readonly #printer: ValuePrinter;
  readonly #tails = new SpanMemo();
  /** Value spans per SHAPE position from the cut (-1: the field is missing). */
  readonly #from = new Int32Array(COUNT);
  readonly #to = new Int32Array(COUNT);

  constructor(printer: ValuePrinter) {
    this.#printer = printer;
  }

  /**
   * Prints the fields b[start, end) (start just past the time stamp's `)`;
   * `view` over b's bytes) if they have the kernel's shape; sets `args` (the
   * a0/a1 ausearch remembers) and `ctx` as the general loop would. False:
   * nothing done.
   */
  format(b: Buffer, view: DataView, start: number, end: number, list: InterpList | undefined, ctx: SyscallContext, args: SyscallArgs, out: OutputBuffer): boolean {
    const from = this.#from;
    const to = this.#to;
    let p = this.#cut(b, view, start, end, 0, PID + 1);
    if (p < 0) return false;
    // The rest (credentials to key) printed before with these bytes and names is printed the same.
    const tailFrom = p + 1;
    const tails = this.#tails;
    const hit = tails.find(list, 0, view, tailFrom, end);
    if (hit < 0 && this.#cut(b, view, p, end, PID + 1, COUNT) < 0) return false;

    // arch= and syscall= as the general loop reads them; odd ones go there.
    const elf = hex32(b, from[ARCH] as number, to[ARCH] as number);
    const machine = elf < 0 ? -1 : elfToMachine(elf);
    if (machine < 0) return false;
    const sysFrom = from[SYSCALL] as number;
    const sysTo = to[SYSCALL] as number;
    if (sysTo - sysFrom > 9 || !allDigits(b, sysFrom, sysTo)) return false;
    const nr = digitsValue(b, sysFrom, sysTo);

    // What scanSyscallArgs finds: with no '=' in the values before a1=, the first a0= and a1= are these fields.
    parseHex64(b, from[A0] as number, to[A0] as number);
    args.a0Hi = ctx.a0Hi = parsedHi;
    args.a0Lo = ctx.a0Lo = parsedLo;
    parseHex64(b, from[A1] as number, to[A1] as number);
    args.a1Hi = ctx.a1Hi = parsedHi;
    args.a1Lo = ctx.a1Lo = parsedLo;
    ctx.machine = machine;
    ctx.syscall = -1;

    out.copy(view, this.#print(b, view, start, 0, PID + 1, list, ctx, nr, out), tailFrom);
    if (hit >= 0) {
      tails.replay(hit, out);
      return true;
    }
    const outFrom = out.len;
    this.#print(b, view, tailFrom, PID + 1, COUNT, list, ctx, nr, out);
    tails.put(list, 0, view, tailFrom, end, out, outFrom);
    return true;
  }

  /**
   * Prints the cut fields SHAPE[first, last), the input from `span` on owed
   * to the output (names, and values printed as logged); returns where the
   * input owed then starts. syscall= sets the context's syscall `nr` as the
   * general loop does when it reaches it.
   */
  #print(b: Buffer, view: DataView, span: number, first: number, last: number, list: InterpList | undefined, ctx: SyscallContext, nr: number, out: OutputBuffer): number {
    const from = this.#from;
    const to = this.#to;
    const printer = this.#printer;
    for (let k = first; k < last; k++) {
      const vstart = from[k] as number;
      const code = CODES[k] as number;
      if (vstart < 0 || code === K.UNCLASSIFIED) continue;
      if (k === SYSCALL) ctx.syscall = nr;
      out.copy(view, span, vstart);
      const vend = to[k] as number;
      const f = SHAPE[k] as ShapeField;
      printer.print(code, f.name, f.flags, list, ctx, b, vstart, vend, out);
      span = vend + 1;
    }
    return span;
  }

  /**
   * Cuts the fields SHAPE[first, last) from b[p] on, filling the value spans;
   * the position just past the last value (its separator), or -1 where the
   * record departs from the shape.
   */
  #cut(b: Buffer, view: DataView, p: number, end: number, first: number, last: number): number {
    const from = this.#from;
    const to = this.#to;
    for (let k = first; k < last; k++) {
      const n = GAP_LEN[k] as number;
      if (
        p + n > end ||
        view.getInt32(p, true) !== GAP_HEAD[k] ||
        view.getInt32(p + n - 4, true) !== GAP_TAIL[k] ||
        (n > 8 && view.getInt32(p + 4, true) !== GAP_MID[k])
      ) {
        const presence = PRESENCE[k] as number;
        if (presence === REQUIRED) return -1;
        from[k] = -1;
        if (presence === PAIR) from[++k] = -1;
        continue;
      }
      const vstart = p + n;
      let vend: number;
      const q = b[vstart];
      if (q === 34 || q === 39) {
        // Quoted: the tokenizer takes up to the same quote and skips one byte after it.
        if (k <= A1) return -1;
        let close = vstart + 1;
        while (close < end && b[close] !== q) close++;
        if (close >= end) return -1;
        vend = close + 1;
      } else {
        // Bare: up to a space; a comma would end the value there (or make a
        // subj MAC label run on), and before a1 '=' could be where ausearch
        // finds a0= or a1=.
        let i = vstart;
        if (k <= A1) {
          for (; i < end; i++) {
            const c = b[i] as number;
            if (c === 32) break;
            if (c === 44 || c === 61) return -1;
          }
        } else {
          for (; i < end; i++) {
            const c = b[i] as number;
            if (c === 32) break;
            if (c === 44) return -1;
          }
        }
        vend = i;
      }
      if (k === COUNT - 1 ? vend !== end : vend >= end || b[vend] !== 32) return -1;
      from[k] = vstart;
      to[k] = vend;
      p = vend;
    }
    return p;
  }
}
