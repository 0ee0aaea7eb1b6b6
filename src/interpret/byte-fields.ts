// Byte-level printers for the kinds most fields have (ids, sessions,
// success, exit codes, syscall and arch names, a0..a3, quoted or hex strings,
// proctitle, uring_op): straight from the record's bytes into the output
// buffer, with the printed names cached. They give the same bytes as the
// string path (interpretValue) in tty and raw escape modes
// (test/interpret/corpus.test.ts and the live tests compare both); a value
// they do not handle (returning false) goes to the string path.
import type { Buffer } from 'node:buffer';
import { allDigits, bytesEqual, digitsValue, hex32, putBytes, putEscaped, putProctitle } from './byte-values.js';
import { escapeText } from './escape.js';
import { argKind, CONTEXT_ARG_KINDS, type SyscallContext } from './format-syscall.js';
import { printExit } from './format-values.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { K, KIND_OF_CODE } from './kind-codes.js';
import { elfToMachine, machineName, syscallName, uringOpName } from './names.js';
import type { OutputBuffer } from './output-buffer.js';
import type { ArgKind } from './syscall-args.table.js';
import type { ValueCache } from './value-cache.js';

const CACHE_MAX = 4096;
/** How an argument of the current syscall prints: as 0x<hex>, by the string path, or through the value cache under ARG_CODE + its kind's number. */
const ARG_HEX = -1;
const ARG_SLOW = -2;
const ARG_CODE = 64;

/** Syscall numbers below this are looked up in per-machine arrays. */
const SMALL_SYSCALLS = 2048;

/** The name this printer prints for a syscall, or null where the string path prints it (no name; socketcall and ipc also name their a0). */
function byteSyscallName(machine: number, nr: number): string | null {
  const n = syscallName(machine, nr);
  return n === undefined || n === 'socketcall' || n === 'ipc' ? null : n;
}

export class ByteFieldPrinter {
  readonly #env: ValueEnv;
  readonly #tty: boolean;
  readonly #values: ValueCache;
  readonly #uids = new Map<number, string>();
  readonly #gids = new Map<number, string>();
  readonly #syscalls = new Map<number, string | null>();
  readonly #errnos = new Map<number, string>();
  readonly #arches = new Map<number, string>();
  // Records mostly share one arch.
  #lastArch = -1;
  #lastArchName = '';
  /** Syscall names by machine and number (null: the string path prints it), for the usual small numbers. */
  readonly #syscallNames: Array<Array<string | null | undefined> | undefined> = [];
  readonly #argCodeCache = new Map<number, Int16Array>();
  readonly #argKindNumbers = new Map<ArgKind, number>();
  // a0..a3 come one after another in a record: the last syscall's answer is kept at hand.
  #argMachine = Number.NaN;
  #argSyscall = Number.NaN;
  #argCodes: Int16Array = new Int16Array(4);

  constructor(env: ValueEnv, values: ValueCache) {
    this.#env = env;
    this.#tty = env.escape === 'tty';
    this.#values = values;
  }

  /** Prints the value b[from, to) of a field of kind `code`; false hands it to the string path. */
  print(code: number, b: Buffer, from: number, to: number, ctx: SyscallContext, out: OutputBuffer): boolean {
    const tty = this.#tty;
    switch (code) {
      case K.UID:
      case K.GID: {
        // Up to 10 digits strtoul cannot overflow; auparse casts to int (4294967295 is -1, "unset").
        if (to - from > 10 || !allDigits(b, from, to)) return false;
        const id = digitsValue(b, from, to) | 0;
        const cache = code === K.UID ? this.#uids : this.#gids;
        let s = cache.get(id);
        if (s === undefined) {
          s = this.#escaped(code === K.UID ? this.#env.ids.uidName(id) : this.#env.ids.gidName(id));
          if (cache.size >= CACHE_MAX) cache.clear();
          cache.set(id, s);
        }
        out.latin1(s);
        return true;
      }
      case K.SESSION:
        if (!allDigits(b, from, to)) return false;
        if (bytesEqual(b, from, to, '4294967295')) out.latin1('unset');
        else out.bytes(b, from, to);
        return true;
      case K.SUCCESS:
        if (to === from) return true;
        if (to - from !== 1 || (b[from] !== 48 && b[from] !== 49)) {
          const c = b[from] as number;
          if (c >= 48 && c <= 57) return false;
          putBytes(out, b, from, to, tty);
          return true;
        }
        out.latin1(b[from] === 49 ? 'yes' : 'no');
        return true;
      case K.EXIT:
        return this.#exit(b, from, to, out);
      case K.SYSCALL:
        return this.#syscall(b, from, to, ctx, out);
      case K.ARCH: {
        const v = hex32(b, from, to);
        if (v < 0) return false;
        if (v === this.#lastArch) {
          out.latin1(this.#lastArchName);
          return true;
        }
        let s = this.#arches.get(v);
        if (s === undefined) {
          const m = elfToMachine(v);
          const name = m < 0 ? undefined : machineName(m);
          if (name === undefined) return false;
          s = name;
          this.#arches.set(v, s);
        }
        this.#lastArch = v;
        this.#lastArchName = s;
        out.latin1(s);
        return true;
      }
      case K.A0:
      case K.A1:
      case K.A2:
      case K.A3:
        return this.#arg(code, b, from, to, ctx, out);
      case K.ESCAPED:
      case K.ESCAPED_FILE:
        putEscaped(out, b, from, to, tty, false);
        return true;
      case K.ESCAPED_KEY:
        putEscaped(out, b, from, to, tty, true);
        return true;
      case K.PROCTITLE:
        putProctitle(out, b, from, to, tty);
        return true;
      case K.URING_OP: {
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

  #syscall(b: Buffer, from: number, to: number, ctx: SyscallContext, out: OutputBuffer): boolean {
    if (!allDigits(b, from, to)) return false;
    const machine = ctx.machine < 0 ? this.#env.hostMachine : ctx.machine;
    const nr = ctx.syscall;
    let s: string | null | undefined;
    if (machine >= 0 && machine < 64 && nr >= 0 && nr < SMALL_SYSCALLS) {
      const table = (this.#syscallNames[machine] ??= new Array<string | null | undefined>(SMALL_SYSCALLS).fill(undefined));
      s = table[nr];
      if (s === undefined) table[nr] = s = byteSyscallName(machine, nr);
    } else {
      const key = machine * 4294967296 + (nr >>> 0);
      s = this.#syscalls.get(key);
      if (s === undefined) {
        s = byteSyscallName(machine, nr);
        if (this.#syscalls.size >= CACHE_MAX) this.#syscalls.clear();
        this.#syscalls.set(key, s);
      }
    }
    if (s === null) return false;
    out.latin1(s);
    return true;
  }

  /**
   * a0..a3: plain hex where the syscall gives the argument no meaning; else,
   * unless its text reads the record's context too, the printed value is
   * remembered per (argument kind, value) in the value cache.
   */
  #arg(code: number, b: Buffer, from: number, to: number, ctx: SyscallContext, out: OutputBuffer): boolean {
    const how = this.#argCodesOf(ctx)[code - K.A0] as number;
    if (how === ARG_HEX) {
      out.latin1('0x');
      putBytes(out, b, from, to, this.#tty);
      return true;
    }
    if (how === ARG_SLOW) return false;
    const values = this.#values;
    const hit = values.find(how, b, from, to);
    let text: string | undefined;
    if (hit >= 0) text = values.text(hit);
    else {
      text = interpretValue(KIND_OF_CODE[code] as 'a0', '', b.toString('latin1', from, to), ctx, undefined, this.#env);
      values.put(how, b, from, to, text);
    }
    out.latin1(text ?? '(null)');
    return true;
  }

  /** How a0..a3 of the context's syscall print, per machine and syscall. */
  #argCodesOf(ctx: SyscallContext): Int16Array {
    if (ctx.machine === this.#argMachine && ctx.syscall === this.#argSyscall) return this.#argCodes;
    const key = ctx.machine * 4294967296 + (ctx.syscall >>> 0);
    let codes = this.#argCodeCache.get(key);
    if (codes === undefined) {
      codes = new Int16Array(4);
      for (let pos = 0; pos < 4; pos++) codes[pos] = this.#argCode(argKind(pos as 0 | 1 | 2 | 3, ctx));
      if (this.#argCodeCache.size >= CACHE_MAX) this.#argCodeCache.clear();
      this.#argCodeCache.set(key, codes);
    }
    this.#argMachine = ctx.machine;
    this.#argSyscall = ctx.syscall;
    this.#argCodes = codes;
    return codes;
  }

  #argCode(kind: ArgKind | undefined): number {
    if (kind === undefined) return ARG_HEX;
    if (CONTEXT_ARG_KINDS.has(kind)) return ARG_SLOW;
    let n = this.#argKindNumbers.get(kind);
    if (n === undefined) {
      n = this.#argKindNumbers.size;
      this.#argKindNumbers.set(kind, n);
    }
    return ARG_CODE + n;
  }

  #exit(b: Buffer, from: number, to: number, out: OutputBuffer): boolean {
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
