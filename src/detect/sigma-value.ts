// Sigma value matching: a field's values (or the keyword texts of a record)
// against a detection value with its modifiers. Sigma compares strings,
// case-insensitively unless `cased`; plain values have `*` / `?` wildcards
// and `\` escapes; `contains` / `startswith` / `endswith` add the implied `*`;
// a list is any-of, or all-of with `all`; `re` is a regular expression (case
// sensitive unless `re|i`); `cidr` an address range; `base64` /
// `base64offset` match the value's encodings; `exists`, `neq` and the numeric
// `lt` / `lte` / `gt` / `gte` are supported too. Modifiers without meaning for
// audit records (windash, utf16*, wide, expand, fieldref, time parts) are
// refused with the name of the modifier.

export type Modifier =
  | 'contains' | 'startswith' | 'endswith' | 'all' | 're' | 'i' | 'm' | 's' | 'cidr' | 'base64' | 'base64offset'
  | 'exists' | 'cased' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';

const KNOWN: ReadonlySet<string> = new Set<Modifier>([
  'contains', 'startswith', 'endswith', 'all', 're', 'i', 'm', 's', 'cidr', 'base64', 'base64offset', 'exists', 'cased', 'neq',
  'lt', 'lte', 'gt', 'gte',
]);
const UNSUPPORTED: ReadonlySet<string> = new Set([
  'windash', 'utf16le', 'utf16be', 'utf16', 'wide', 'expand', 'fieldref', 'minute', 'hour', 'day', 'week', 'month', 'year',
]);

/** A detection value as written: text, or null (`field: null` / `~`). */
export type SigmaValue = string | null;

/** Tests one field: its values (undefined when the record lacks the field). */
export type ValueTest = (values: readonly string[] | undefined) => boolean;

export type ModifierCheck = { ok: true; modifiers: Modifier[] } | { ok: false; reason: string };

export function checkModifiers(names: readonly string[]): ModifierCheck {
  const out: Modifier[] = [];
  for (const n of names) {
    if (UNSUPPORTED.has(n)) return { ok: false, reason: `modifier '${n}' is not supported for the auditd log source` };
    if (!KNOWN.has(n)) return { ok: false, reason: `unknown modifier '${n}'` };
    out.push(n as Modifier);
  }
  const has = (m: Modifier): boolean => out.includes(m);
  if ((has('i') || has('m') || has('s')) && !has('re')) return { ok: false, reason: `modifiers i, m and s go with 're'` };
  const positions = ['contains', 'startswith', 'endswith'].filter((m) => has(m as Modifier));
  if (positions.length > 1) return { ok: false, reason: `'${positions.join("' and '")}' cannot be combined` };
  if (has('re') && (positions.length > 0 || has('base64') || has('base64offset') || has('cidr'))) {
    return { ok: false, reason: `'re' cannot be combined with '${[...positions, 'base64', 'base64offset', 'cidr'].find((m) => has(m as Modifier))}'` };
  }
  return { ok: true, modifiers: out };
}

type TextTest = (text: string) => boolean;

/** One value under its modifiers → a test of one string; throws Error(reason) for a bad value. */
function compileOne(value: string, mods: readonly Modifier[]): TextTest {
  const has = (m: Modifier): boolean => mods.includes(m);
  if (has('re')) {
    const flags = `${has('i') ? 'i' : ''}${has('m') ? 'm' : ''}${has('s') ? 's' : ''}`;
    let re: RegExp;
    try {
      re = new RegExp(value, flags);
    } catch (e) {
      throw new Error(`bad regular expression '${value}': ${(e as Error).message}`);
    }
    return (t) => re.test(t);
  }
  if (has('cidr')) {
    const range = parseCidr(value);
    if (range === undefined) throw new Error(`'${value}' is not an address range (CIDR)`);
    return (t) => inRange(t, range);
  }
  const numeric = mods.find((m) => m === 'lt' || m === 'lte' || m === 'gt' || m === 'gte');
  if (numeric !== undefined) {
    const limit = Number(value);
    if (!Number.isFinite(limit)) throw new Error(`'${value}' is not a number for '${numeric}'`);
    return (t) => {
      if (!/^-?\d+(\.\d+)?$/.test(t)) return false;
      const n = Number(t);
      return numeric === 'lt' ? n < limit : numeric === 'lte' ? n <= limit : numeric === 'gt' ? n > limit : n >= limit;
    };
  }
  let patterns: string[] = [value];
  if (has('base64')) patterns = [Buffer.from(unescapeWildcards(value), 'latin1').toString('base64')];
  else if (has('base64offset')) patterns = base64Offsets(unescapeWildcards(value));
  const cased = has('cased') || has('base64') || has('base64offset');
  const tests = patterns.map((p) => globTest(p, has('base64') || has('base64offset') ? 'literal' : 'glob', position(mods), cased));
  const any: TextTest = tests.length === 1 ? (tests[0] as TextTest) : (t) => tests.some((f) => f(t));
  return has('neq') ? (t) => !any(t) : any;
}

function position(mods: readonly Modifier[]): 'exact' | 'contains' | 'startswith' | 'endswith' {
  if (mods.includes('contains')) return 'contains';
  if (mods.includes('startswith')) return 'startswith';
  if (mods.includes('endswith')) return 'endswith';
  return 'exact';
}

/**
 * A field test: values OR-ed (AND-ed with `all`); a field matches when any of
 * its values passes. `null` matches a missing or empty field; `exists` takes
 * true / false.
 */
export function compileValueTest(values: readonly SigmaValue[], mods: readonly Modifier[]): ValueTest {
  if (mods.includes('exists')) {
    if (values.length !== 1 || (values[0] !== 'true' && values[0] !== 'false')) throw new Error(`'exists' takes true or false`);
    const want = values[0] === 'true';
    return (vs) => (vs !== undefined && vs.length > 0) === want;
  }
  if (values.length === 0) throw new Error('an empty list of values');
  const tests = values.map((v): ValueTest => {
    if (v === null) return (vs) => vs === undefined || vs.every((x) => x === '');
    const t = compileOne(v, mods);
    return (vs) => vs !== undefined && vs.some(t);
  });
  const all = mods.includes('all');
  if (tests.length === 1) return tests[0] as ValueTest;
  return all ? (vs) => tests.every((t) => t(vs)) : (vs) => tests.some((t) => t(vs));
}

/** Keyword test: each keyword is searched within the texts (a `contains` unless it says otherwise). */
export function compileKeywordTest(values: readonly SigmaValue[], mods: readonly Modifier[]): (texts: readonly string[]) => boolean {
  const kwMods: Modifier[] = mods.some((m) => m === 'startswith' || m === 'endswith' || m === 're' || m === 'cidr') ? [...mods] : [...mods, 'contains'];
  const tests = values.map((v) => {
    if (v === null) throw new Error('a keyword cannot be null');
    return compileOne(v, kwMods);
  });
  const all = mods.includes('all');
  return (texts) => (all ? tests.every((t) => texts.some(t)) : tests.some((t) => texts.some(t)));
}

// --- wildcards ---------------------------------------------------------------

/** Sigma's `\*`, `\?`, `\\` escapes resolved, for modifiers that take the value literally. */
function unescapeWildcards(v: string): string {
  return v.replace(/\\([*?\\])/g, '$1');
}

type Piece = { kind: 'text'; text: string } | { kind: 'star' } | { kind: 'one' };

function pieces(v: string): Piece[] {
  const out: Piece[] = [];
  let text = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '\\' && (v[i + 1] === '*' || v[i + 1] === '?' || v[i + 1] === '\\')) {
      text += v[i + 1];
      i++;
    } else if (c === '*' || c === '?') {
      if (text !== '') out.push({ kind: 'text', text });
      text = '';
      out.push(c === '*' ? { kind: 'star' } : { kind: 'one' });
    } else text += c;
  }
  if (text !== '') out.push({ kind: 'text', text });
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function globTest(value: string, mode: 'glob' | 'literal', where: 'exact' | 'contains' | 'startswith' | 'endswith', cased: boolean): TextTest {
  const parts: Piece[] = mode === 'literal' ? [{ kind: 'text', text: value }] : pieces(value);
  const fold = (s: string): string => (cased ? s : s.toLowerCase());
  if (parts.every((p) => p.kind === 'text')) {
    const lit = fold(parts.map((p) => (p.kind === 'text' ? p.text : '')).join(''));
    switch (where) {
      case 'exact':
        return (t) => fold(t) === lit;
      case 'contains':
        return (t) => fold(t).includes(lit);
      case 'startswith':
        return (t) => fold(t).startsWith(lit);
      case 'endswith':
        return (t) => fold(t).endsWith(lit);
    }
  }
  const body = parts.map((p) => (p.kind === 'text' ? escapeRe(p.text) : p.kind === 'star' ? '.*' : '.')).join('');
  const head = where === 'contains' || where === 'endswith' ? '' : '^';
  const tail = where === 'contains' || where === 'startswith' ? '' : '$';
  const re = new RegExp(`${head}${body}${tail}`, cased ? 's' : 'is');
  return (t) => re.test(t);
}

/** The three base64 encodings of `v` at byte offsets 0, 1, 2 within a longer text (Sigma's base64offset). */
function base64Offsets(v: string): string[] {
  const starts = [0, 2, 3];
  const ends = [0, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.from(' '.repeat(i) + v, 'latin1').toString('base64');
    const end = ends[(v.length + i) % 3] as number;
    out.push(enc.slice(starts[i] as number, end === 0 ? undefined : end));
  }
  return out;
}

// --- addresses ---------------------------------------------------------------

interface Cidr {
  readonly v6: boolean;
  readonly bits: bigint;
  readonly prefix: number;
}

function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (addr === undefined) return undefined;
  const max = addr.v6 ? 128 : 32;
  const prefix = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { v6: addr.v6, bits: addr.bits, prefix };
}

function inRange(text: string, range: Cidr): boolean {
  const a = parseAddress(text);
  if (a === undefined || a.v6 !== range.v6) return false;
  const width = range.v6 ? 128n : 32n;
  const shift = width - BigInt(range.prefix);
  return a.bits >> shift === range.bits >> shift;
}

function parseAddress(text: string): { v6: boolean; bits: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let tailV4: bigint[] = [];
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4 !== null) {
    const four = parseAddress(v4[1] as string);
    if (four === undefined) return undefined;
    tailV4 = [four.bits >> 16n, four.bits & 0xffffn];
    head = text.slice(0, -(v4[1] as string).length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string): bigint[] => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? BigInt(`0x${g}`) : -1n)));
  const left = group(halves[0] as string);
  const right = [...group(halves[1] ?? ''), ...tailV4];
  if (halves.length === 1 && tailV4.length > 0) left.push(...tailV4);
  const fill = 8 - left.length - (halves.length === 2 ? right.length : 0);
  if ((halves.length === 1 && left.length !== 8) || fill < 0) return undefined;
  const groups = halves.length === 2 ? [...left, ...new Array<bigint>(fill).fill(0n), ...right] : left;
  if (groups.some((g) => g < 0n)) return undefined;
  return { v6: true, bits: groups.reduce((acc, g) => (acc << 16n) | g, 0n) };
}
