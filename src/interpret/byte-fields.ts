// Byte-level printers for the kinds most fields have (ids, sessions,
// success, exit codes, syscall and arch names, plain hex arguments, quoted or
// hex strings, proctitle, uring_op): straight from the record's bytes into
// the output buffer, with the printed names cached. Give the same bytes as the
// string path in tty and raw escape modes (test/interpret/corpus.test.ts and
// the live tests compare both); anything else goes to the string path.
import type { Buffer } from 'node:buffer';
import { latin1 } from './byte-strings.js';
import { allDigits, digitsValue, hex32, putBytes, putEscaped, putProctitle } from './byte-values.js';
import { escapeText } from './escape.js';
import type { FieldKind } from './field-kind.js';
import { argKind, type SyscallContext } from './format-syscall.js';
import { printExit } from './format-values.js';
import type { ValueEnv } from './interpret-value.js';
import { elfToMachine, machineName, syscallName, uringOpName } from './names.js';
import type { OutputBuffer } from './output-buffer.js';
import type { ArgKind } from './syscall-args.table.js';

const CACHE_MAX = 4096;

export class ByteFieldPrinter {
  readonly #env: ValueEnv;
  readonly #tty: boolean;
  readonly #ids = new Map<number, string>();
  readonly #syscalls = new Map<number, string | null>();
  readonly #errnos = new Map<number, string>();
  readonly #arches = new Map<number, string>();
  readonly #argKindCache = new Map<number, ReadonlyArray<ArgKind | undefined>>();

  constructor(env: ValueEnv) {
    this.#env = env;
    this.#tty = env.escape === 'tty';
  }

  /** Prints the value b[from, to) of a field of `kind`; false hands it to the string path. */
  print(kind: FieldKind, b: Buffer, from: number, to: number, ctx: SyscallContext, out: OutputBuffer): boolean {
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
        return this.#exit(b, from, to, out);
      case 'syscall': {
        if (!allDigits(b, from, to)) return false;
        const machine = ctx.machine < 0 ? this.#env.hostMachine : ctx.machine;
        const key = machine * 4294967296 + (ctx.syscall >>> 0);
        let s = this.#syscalls.get(key);
        if (s === undefined) {
          const n = syscallName(machine, ctx.syscall);
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
        if (this.#argKinds(ctx)[kind === 'a0' ? 0 : kind === 'a1' ? 1 : kind === 'a2' ? 2 : 3] !== undefined) return false;
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
  #argKinds(ctx: SyscallContext): ReadonlyArray<ArgKind | undefined> {
    const key = ctx.machine * 4294967296 + (ctx.syscall >>> 0);
    let kinds = this.#argKindCache.get(key);
    if (kinds === undefined) {
      kinds = [argKind(0, ctx), argKind(1, ctx), argKind(2, ctx), argKind(3, ctx)];
      if (this.#argKindCache.size >= CACHE_MAX) this.#argKindCache.clear();
      this.#argKindCache.set(key, kinds);
    }
    return kinds;
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
