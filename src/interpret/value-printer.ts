// report_interpret's printing of one value and the space after it: the name
// the writing machine recorded (ENRICHED) unless it reads `unknown-...`, else
// interpretValue (the reference) — or, on the fast path, the byte-level
// printers where they apply and interpretValue remembered by the value's
// bytes where the text depends on the value alone.
import type { Buffer } from 'node:buffer';
import { ByteFieldPrinter } from './byte-fields.js';
import { latin1, NAME_KEY } from './byte-strings.js';
import { lookupInterp, type InterpList } from './enriched.js';
import type { SyscallContext } from './format-syscall.js';
import { printEscaped } from './hex-text.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { K, KIND_OF_CODE } from './kind-codes.js';
import type { OutputBuffer } from './output-buffer.js';
import { ValueCache } from './value-cache.js';

export class ValuePrinter {
  readonly #env: ValueEnv;
  readonly #fast: boolean;
  /** Byte-level printers, in tty and raw escape modes (fast path). */
  readonly #bytes: ByteFieldPrinter | undefined;
  readonly #values = new ValueCache();

  constructor(env: ValueEnv, fast: boolean) {
    this.#env = env;
    this.#fast = fast;
    this.#bytes = fast && (env.escape === 'tty' || env.escape === 'raw') ? new ByteFieldPrinter(env, this.#values) : undefined;
  }

  /** Appends the value b[vstart, vend) of field `name` (flags from the name table) of kind `code`, and its separator. */
  print(code: number, name: string, flags: number, list: InterpList | undefined, ctx: SyscallContext, b: Buffer, vstart: number, vend: number, out: OutputBuffer): void {
    let text: string | undefined;
    const recorded = list === undefined ? undefined : lookupInterp(list, name);
    if (recorded !== undefined && !recorded.startsWith('unknown-')) {
      // The writing machine's name (ENRICHED), printed unescaped as auparse does.
      text = code === K.UID || code === K.GID ? printEscaped(recorded) : recorded;
    } else {
      // A field named key is split at 0x01 after escaping: the byte printers
      // do that for escaped-key only (a TRUSTED_APP key is plain escaped).
      const bytes = flags !== NAME_KEY || code === K.ESCAPED_KEY ? this.#bytes : undefined;
      if (bytes !== undefined && bytes.print(code, b, vstart, vend, ctx, out)) return out.byte(32);
      text = this.#value(code, name, ctx, b, vstart, vend);
    }
    text ??= '(null)';
    if (flags === NAME_KEY) out.latin1(text.indexOf('\x01') < 0 ? `${text} ` : `${text.split('\x01').join(' key=')} `);
    else if (code === K.TTY_DATA) out.latin1(text);
    else {
      out.latin1(text);
      out.byte(32);
    }
  }

  /** interpretValue (no recorded name applies); on the fast path remembered by the value's bytes where nothing else matters. */
  #value(code: number, name: string, ctx: SyscallContext, b: Buffer, vstart: number, vend: number): string | undefined {
    const kind = KIND_OF_CODE[code] as (typeof KIND_OF_CODE)[number];
    if (!this.#fast || code < K.FIRST_VALUE_ONLY) return interpretValue(kind, name, latin1(b, vstart, vend), ctx, undefined, this.#env);
    const values = this.#values;
    const hit = values.find(code, b, vstart, vend);
    if (hit >= 0) return values.text(hit);
    const text = interpretValue(kind, name, latin1(b, vstart, vend), ctx, undefined, this.#env);
    values.put(code, b, vstart, vend, text);
    return text;
  }
}
