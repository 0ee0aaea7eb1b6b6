// Finds chosen name=value fields in a record body, reading its bytes in
// place: tokens split on spaces, a user message's msg='...' fields flattened,
// trailing `:` `,` `'` `)` trimmed — the splitting format/'s parseFields does,
// without a string or an object per field. Only the first value of each
// name in a record is reported.
import type { Buffer } from 'node:buffer';

const SPACE = 0x20;
const EQ = 0x3d;
const QUOTE1 = 0x27;
const OPEN = 0x28;
const CLOSE = 0x29;
const COLON = 0x3a;
const COMMA = 0x2c;

export interface FieldNames {
  /** The id of a name [s, e) of `b`, or -1. */
  idOf(b: Buffer, s: number, e: number): number;
  readonly count: number;
}

/** A lookup of names to ids 0..n-1 by length and first and last byte, then the bytes. */
export function fieldNames(names: readonly (readonly string[])[]): FieldNames {
  const table = new Map<number, { bytes: Uint8Array; id: number }[]>();
  names.forEach((aliases, id) => {
    for (const name of aliases) {
      const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
      const h = (bytes.length << 16) | ((bytes[0] as number) << 8) | (bytes[bytes.length - 1] as number);
      const bucket = table.get(h);
      if (bucket === undefined) table.set(h, [{ bytes, id }]);
      else bucket.push({ bytes, id });
    }
  });
  return {
    count: names.length,
    idOf(b, s, e) {
      const n = e - s;
      if (n <= 0) return -1;
      const bucket = table.get((n << 16) | ((b[s] as number) << 8) | (b[e - 1] as number));
      if (bucket === undefined) return -1;
      outer: for (const { bytes, id } of bucket) {
        for (let i = 1; i < n - 1; i++) if (bytes[i] !== b[s + i]) continue outer;
        return id;
      }
      return -1;
    },
  };
}

/**
 * Calls found(id, valueStart, valueEnd) for each wanted field of body
 * [from, to) whose id is not yet marked in `seen` (and marks it). Values are
 * as logged: quotes kept, trimmed as parseFields trims them.
 */
export function scanFields(b: Buffer, from: number, to: number, names: FieldNames, seen: Uint8Array,
  found: (id: number, s: number, e: number) => void): void {
  let p = from;
  while (p < to) {
    while (p < to && b[p] === SPACE) p++;
    if (p >= to) return;
    // One pass finds the token's end and its first '=' (tokens are short:
    // a loop here costs less than a native indexOf call per token).
    let ns = p;
    let eq = -1;
    let te = p;
    for (; te < to; te++) {
      const c = b[te] as number;
      if (c === SPACE) break;
      if (c === EQ && eq < 0) eq = te;
    }
    p = te;
    if (eq < 0) continue;
    // msg='op=... : the first field of a user message; msg=audit(...) is the header again.
    if (eq - ns === 3 && b[ns] === 0x6d && b[ns + 1] === 0x73 && b[ns + 2] === 0x67) {
      if (b[eq + 1] === 0x61) continue;
      if (b[eq + 1] === QUOTE1) {
        ns = eq + 2;
        eq = indexIn(b, EQ, ns, te);
        if (eq < 0) continue;
      }
    }
    if (b[ns] === OPEN) ns++;
    const id = names.idOf(b, ns, eq);
    if (id < 0 || seen[id] === 1) continue;
    let ve = te;
    const vs = eq + 1;
    if (ve > vs && b[ve - 1] === COLON) ve--;
    if (ve > vs && b[ve - 1] === COMMA) ve--;
    if (ve > vs && b[ve - 1] === QUOTE1) ve--;
    if (ve > vs && b[ve - 1] === CLOSE && !isNoneOrNull(b, vs, ve)) ve--;
    if (ve <= vs) continue;
    seen[id] = 1;
    found(id, vs, ve);
  }
}

function indexIn(b: Buffer, byte: number, s: number, e: number): number {
  for (let i = s; i < e; i++) if (b[i] === byte) return i;
  return -1;
}

/** `(none)` or `(null)`, which keep their closing parenthesis. */
function isNoneOrNull(b: Buffer, s: number, e: number): boolean {
  if (e - s !== 6 || b[s] !== OPEN || b[s + 1] !== 0x6e) return false;
  return (b[s + 2] === 0x6f && b[s + 3] === 0x6e && b[s + 4] === 0x65) || (b[s + 2] === 0x75 && b[s + 3] === 0x6c && b[s + 4] === 0x6c);
}
