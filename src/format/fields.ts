// Splits a record body into name=value fields the way libauparse does
// (auparse/ellist.c parse_up_record): space-separated tokens, the fields of a
// user message inside msg='...' flattened into the record, trailing `:` `,`
// `'` `)` trimmed, SELinux AVC prose turned into `seresult`/`seperms`, and a
// hex-encoded multi-key (several keys joined by 0x01) split into one `key`
// field each. Values stay as logged (quotes included); decodeValue() decodes.

export interface Field {
  readonly name: string;
  /** The value exactly as logged, quotes included, trailing punctuation trimmed. */
  readonly value: string;
}

const KEY_SEPARATOR = '\x01';

export function parseFields(body: string, recordType: number): Field[] {
  const fields: Field[] = [];
  const isAvc = recordType === 1400 || recordType === 1107; // AVC, USER_AVC
  const tokens = body.split(' ');
  for (let t = 0; t < tokens.length; t++) {
    let token = tokens[t] as string;
    if (token.length === 0) continue;
    let eq = token.indexOf('=');
    if (eq < 0) {
      if (isAvc) avcProse(tokens, t, fields, (skip) => (t = skip));
      continue;
    }
    if (token.startsWith('msg=')) {
      if (token[4] === 'a') continue; // msg=audit(...): header repeated
      if (token[4] === "'") {
        token = token.slice(5);
        eq = token.indexOf('=');
        if (eq < 0) continue;
      }
    }
    let name = token.slice(0, eq);
    if (name.startsWith('(')) name = name.slice(1);
    const value = trimValue(token.slice(eq + 1));
    if (value.length === 0) continue;
    if (name === 'key' && value[0] !== '(' && value[0] !== '"') {
      // Several keys: hex of "k1\x01k2".
      const decoded = decodeHex(value);
      if (decoded === undefined) {
        fields.push({ name, value });
        continue;
      }
      for (const k of decoded.split(KEY_SEPARATOR)) if (k.length > 0) fields.push({ name: 'key', value: `"${k}"` });
      continue;
    }
    fields.push({ name, value });
  }
  return fields;
}

function trimValue(v: string): string {
  let end = v.length;
  if (end > 0 && v[end - 1] === ':') end--;
  if (end > 0 && v[end - 1] === ',') end--;
  if (end > 0 && v[end - 1] === "'") end--;
  let out = end === v.length ? v : v.slice(0, end);
  if (out.endsWith(')') && out !== '(none)' && out !== '(null)') out = out.slice(0, -1);
  return out;
}

/** SELinux AVC records: `avc:  denied  { read write } for ...` has unnamed parts. */
function avcProse(tokens: readonly string[], t: number, fields: Field[], advance: (to: number) => void): void {
  const token = tokens[t] as string;
  if (fields.length === 0) {
    if (!token.startsWith('avc')) fields.push({ name: 'seresult', value: token });
    return;
  }
  if (fields.length === 1 && token === '{') {
    const perms: string[] = [];
    let i = t + 1;
    for (; i < tokens.length && tokens[i] !== '}'; i++) if ((tokens[i] as string).length > 0) perms.push(tokens[i] as string);
    fields.push({ name: 'seperms', value: perms.join(',') });
    advance(i);
  }
}

/** Upper- or lower-case hex to latin1 text; undefined if not even-length hex. */
export function decodeHex(hex: string): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0) return undefined;
  let out = '';
  for (let i = 0; i < hex.length; i += 2) {
    const hi = hexDigit(hex.charCodeAt(i));
    const lo = hexDigit(hex.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out += String.fromCharCode(hi * 16 + lo);
  }
  return out;
}

/** The value of a hex digit's character code (either case), or -1 for any other character. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

export type ValueForm = 'quoted' | 'null' | 'none' | 'hex' | 'bare';

/** How a value was written: "quoted", (null), (none), hex-looking, or bare. */
export function valueForm(value: string): ValueForm {
  if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') return 'quoted';
  if (value === '(null)') return 'null';
  if (value === '(none)') return 'none';
  if (value.length % 2 === 0 && value.length > 0 && decodeHex(value) !== undefined) return 'hex';
  return 'bare';
}

/**
 * The text a value stands for, for a field that holds an untrusted string
 * (path, comm, exe, proctitle...): quotes removed, hex decoded; `(null)` and
 * other bare values as they are.
 */
export function decodeStringValue(value: string): string {
  if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') return value.slice(1, -1);
  return decodeHex(value) ?? value;
}
