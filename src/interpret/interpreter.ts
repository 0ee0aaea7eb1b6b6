// The public faces of interpret/: a formatter that prints records exactly as
// `ausearch -i` does, and a field interpreter (one field, or all fields of a
// record) for JSON and CSV output. Options are grouped and defaulted here.
import { parseUnsigned, parsedHi, parsedInt, parsedLo } from './c-number.js';
import { InterpListCache } from './enriched.js';
import type { EscapeMode } from './escape.js';
import { fieldKind, T } from './field-kind.js';
import { IdNamer } from './format-ids.js';
import type { SyscallContext } from './format-syscall.js';
import { NO_INTERFACES, NO_PROTOCOLS, NO_USERS, type InterfaceDb, type ProtocolDb, type UserDb } from './host-names.js';
import { interpretValue, type ValueEnv } from './interpret-value.js';
import { libauditTypeNumber } from '../format/index.js';
import { elfToMachine, unameToMachine } from './names.js';
import { OutputBuffer } from './output-buffer.js';
import { InterpretedRecordFormatter, type EventStamp, type InterpretableRecord } from './record-format.js';

export interface InterpretOptions {
  /** Users and groups of the reading machine, for RAW logs (ausearch uses the host's). Default: none known. */
  readonly users?: UserDb;
  /** IP protocol names of the reading machine (/etc/protocols). Default: none known. */
  readonly protocols?: ProtocolDb;
  /** Network interface names of the reading machine (IPv6 link-local scopes). Default: none known. */
  readonly interfaces?: InterfaceDb;
  /** ausearch --escape mode for interpreted values. Default 'tty'. */
  readonly escape?: EscapeMode;
  /**
   * `uname -m` of the reading machine: the syscall table used for a SYSCALL
   * record before its arch field and for syscall fields of other records, as
   * ausearch does. Default 'x86_64'.
   */
  readonly hostMachine?: string;
  /**
   * `uring_op` as the io_uring op's name (`uring_op=openat`, as auditd 4.x
   * prints it; a number past Linux 6.18's ops stays a number) or, as auditd
   * 3.0.9 prints it, the number. Default 'name': a documented difference.
   */
  readonly uringOp?: 'name' | 'number';
  /** Byte-level shortcuts for common values (on by default; tests turn them off to check they agree). */
  readonly byteShortcuts?: boolean;
}

/**
 * Prints records as `ausearch -i` does. Call it for every record in the order
 * ausearch prints them: like ausearch, it remembers the last SYSCALL record's
 * a0 and a1 across records.
 */
export interface InterpretedFormatter {
  /**
   * Appends the exact bytes `ausearch -i` prints for this record of this
   * event, newline(s) included; nothing where ausearch prints nothing (no `(`
   * in the record). The fast way: write `out.view()` out now and then, and clear it.
   */
  formatRecordInto(record: InterpretableRecord, event: EventStamp, out: OutputBuffer): void;
  /** The same as latin1 text (one char per byte). */
  formatRecord(record: InterpretableRecord, event: EventStamp): string;
}

function makeEnv(options: InterpretOptions): ValueEnv {
  return {
    ids: new IdNamer(options.users ?? NO_USERS),
    protocols: options.protocols ?? NO_PROTOCOLS,
    interfaces: options.interfaces ?? NO_INTERFACES,
    escape: options.escape ?? 'tty',
    hostMachine: unameToMachine(options.hostMachine ?? 'x86_64'),
    uringOpNames: options.uringOp !== 'number',
  };
}

export function createInterpretedFormatter(options: InterpretOptions = {}): InterpretedFormatter {
  const f = new InterpretedRecordFormatter(makeEnv(options), options.byteShortcuts !== false);
  const scratch = new OutputBuffer(1 << 12);
  return {
    formatRecordInto: (record, event, out) => f.formatInto(record, event, out),
    formatRecord(record, event) {
      scratch.clear();
      f.formatInto(record, event, scratch);
      return scratch.text();
    },
  };
}

/** What one field's interpretation may depend on: its record's arch, syscall, a0, a1 and ENRICHED tail. */
export interface FieldContext {
  readonly arch?: string;
  readonly syscall?: string;
  readonly a0?: string;
  readonly a1?: string;
  readonly interp?: string;
}

export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

export interface FieldInterpreter {
  /**
   * A field's value as ausearch -i prints it (without the separators the -i
   * line adds). `recordType` is the record's type name as logged or its
   * number as auditd 3.0.9 numbers it; values of kinds ausearch leaves alone
   * come back unchanged.
   */
  interpretField(recordType: string | number, name: string, value: string, context?: FieldContext): string;
  /** All `fields` of a record, in order, with the record's own arch/syscall/a0/a1 and ENRICHED tail as context. */
  interpretFields(record: { readonly typeName: string; readonly interp?: string | undefined }, fields: readonly NamedValue[]): string[];
}

export function createFieldInterpreter(options: InterpretOptions = {}): FieldInterpreter {
  const env = makeEnv(options);
  const lists = new InterpListCache();
  const ctx: SyscallContext = { machine: -1, syscall: 0, a0Hi: 0, a0Lo: 0, a1Hi: 0, a1Lo: 0 };

  const interpretOne = (type: number, name: string, value: string, c: FieldContext | undefined): string => {
    const kind = fieldKind(type, name, value);
    if (kind === 'unclassified') return value;
    setContext(ctx, type, c, env.hostMachine);
    return interpretValue(kind, name, value, ctx, lists.get(c?.interp), env) ?? '(null)';
  };

  return {
    interpretField(recordType, name, value, context) {
      const type = typeof recordType === 'number' ? recordType : libauditTypeNumber(recordType);
      return interpretOne(type, name, value, context);
    },
    interpretFields(record, fields) {
      const type = libauditTypeNumber(record.typeName);
      const first = (n: string): string | undefined => fields.find((f) => f.name === n)?.value;
      const c: FieldContext = {
        ...optional('arch', first('arch')),
        ...optional('syscall', first('syscall')),
        ...optional('a0', first('a0')),
        ...optional('a1', first('a1')),
        ...optional('interp', record.interp),
      };
      return fields.map((f) => interpretOne(type, f.name, f.value, c));
    },
  };
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

/** The machine, syscall and a0/a1 report_interpret would use for a field of this record type. */
function setContext(ctx: SyscallContext, type: number, c: FieldContext | undefined, hostMachine: number): void {
  ctx.machine = -1;
  ctx.syscall = 0;
  if (type === T.SYSCALL || type === T.SECCOMP) {
    ctx.machine = hostMachine;
    if (c?.arch !== undefined && parseUnsigned(c.arch, 16)) ctx.machine = elfToMachine(parsedLo);
    ctx.syscall = c?.syscall !== undefined && parseUnsigned(c.syscall, 10) ? parsedInt() : -1;
  }
  ctx.a0Hi = ctx.a0Lo = ctx.a1Hi = ctx.a1Lo = 0;
  if (c?.a0 !== undefined && parseUnsigned(c.a0, 16)) {
    ctx.a0Hi = parsedHi;
    ctx.a0Lo = parsedLo;
  }
  if (c?.a1 !== undefined && parseUnsigned(c.a1, 16)) {
    ctx.a1Hi = parsedHi;
    ctx.a1Lo = parsedLo;
  }
}
