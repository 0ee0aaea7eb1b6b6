// What the -i formatter keeps per record type (by the name as written after
// `type=`): 3.0.9's number and label, quirks of the name, the field names its
// records had at each position, the kinds of its fields worked out once, and
// its remembered runs of fields. Plus the field kind as an int code: the
// reference (fieldKind on strings) and the fast way through this knowledge.
import { Buffer } from 'node:buffer';
import { libauditTypeName, libauditTypeNumber } from '../format/index.js';
import { latin1, NAME_ACCT, NAME_LIMIT, type FieldNameTable } from './byte-strings.js';
import { acctKindOfBytes, fieldKind, kindDependsOnValue, T, typeHasExceptions } from './field-kind.js';
import { KIND_CODE } from './kind-codes.js';
import { dataViewOf } from './output-buffer.js';
import type { RunSlots } from './run-memo.js';

export interface TypeInfo {
  /** The type number as auditd 3.0.9 reads the name. */
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
  /** Kind codes by name id where the type or the name makes exceptions, filled as names come (see kindOf). */
  kinds: Uint8Array | undefined;
  /** Runs of fields remembered for this type (fast path). */
  runs: RunSlots | undefined;
  /** Whole-body lookups since the last check, how many hit, and records left before the next (fast path, record-format.ts). */
  memoTries: number;
  memoHits: number;
  memoRest: number;
}

/** TypeInfo.kinds entries: not worked out yet, or depending on the value (acct, TRUSTED_APP). */
const KIND_UNKNOWN = 255;
const KIND_BY_VALUE = 254;
/** Past this many type names (odd logs, or hostile ones) the table starts over. */
const MAX_TYPES = 1024;

export class TypeTable {
  readonly #types = new Map<string, TypeInfo>();

  get(typeName: string): TypeInfo {
    let t = this.#types.get(typeName);
    if (t === undefined) {
      const num = libauditTypeNumber(typeName);
      const label = num >= 0 ? libauditTypeName(num) : undefined;
      t = {
        num,
        shape: [],
        plain: !typeHasExceptions(num),
        head: label === undefined ? undefined : dataViewOf(Buffer.from(`type=${label} msg=audit(`, 'latin1')),
        nul: typeName.indexOf('\0') >= 0,
        arch: typeName.indexOf('arch=') >= 0,
        paren: typeName.indexOf('(') >= 0,
        kinds: undefined,
        runs: undefined,
        memoTries: 0,
        memoHits: 0,
        memoRest: 0,
      };
      if (this.#types.size >= MAX_TYPES) this.#types.clear();
      this.#types.set(typeName, t);
    }
    return t;
  }
}

/** fieldKind for the field `name` with value b[vstart, vend) in a record of type `num`, as a code: the reference. */
export function referenceKind(num: number, name: string, flags: number, b: Buffer, vstart: number, vend: number): number {
  return KIND_CODE[fieldKind(num, name, flags === NAME_ACCT || num === T.TRUSTED_APP ? latin1(b, vstart, vend) : '')];
}

/**
 * referenceKind without strings for a name the table holds (`id`): the
 * name's own kind where the record type makes no exceptions, else worked out
 * once per type and name, and per value only for acct and TRUSTED_APP fields.
 */
export function kindOf(type: TypeInfo, names: FieldNameTable, id: number, flags: number, b: Buffer, vstart: number, vend: number): number {
  if (type.plain && flags !== NAME_ACCT) return names.codes[id] as number;
  const name = names.names[id] as string;
  const kinds = (type.kinds ??= new Uint8Array(NAME_LIMIT).fill(KIND_UNKNOWN));
  let k = kinds[id] as number;
  if (k === KIND_UNKNOWN) {
    k = kindDependsOnValue(type.num, name) ? KIND_BY_VALUE : KIND_CODE[fieldKind(type.num, name, '')];
    kinds[id] = k;
  }
  if (k !== KIND_BY_VALUE) return k;
  // Outside TRUSTED_APP only acct's kind depends on its value.
  if (type.num !== T.TRUSTED_APP) return KIND_CODE[acctKindOfBytes(b, vstart, vend)];
  return referenceKind(type.num, name, flags, b, vstart, vend);
}
