// Query parameters read against a declared table: each known name has a
// reader that returns its value or says what is wrong; an unknown or
// repeated name is an error too. The API answers every error with 400 and
// the message, naming the parameter.

export type ParamRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface ParamSpec<T> {
  /** Reads the text; `undefined` when the parameter is absent. */
  read(text: string | undefined): ParamRead<T>;
}

export type ParamTable = Readonly<Record<string, ParamSpec<unknown>>>;
export type ParamValues<S extends ParamTable> = { readonly [K in keyof S]: S[K] extends ParamSpec<infer T> ? T : never };

export type ParamsResult<S extends ParamTable> =
  | { readonly ok: true; readonly values: ParamValues<S> }
  | { readonly ok: false; readonly parameter: string; readonly message: string };

export function readParams<S extends ParamTable>(search: URLSearchParams, table: S): ParamsResult<S> {
  const seen = new Set<string>();
  for (const name of search.keys()) {
    if (!Object.hasOwn(table, name)) {
      const known = Object.keys(table);
      return { ok: false, parameter: name, message: `unknown parameter '${name}'${known.length === 0 ? ' (this call takes none)' : `; known: ${known.join(', ')}`}` };
    }
    if (seen.has(name)) return { ok: false, parameter: name, message: `parameter '${name}' is given more than once` };
    seen.add(name);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const r = spec.read(search.get(name) ?? undefined);
    if (!r.ok) return { ok: false, parameter: name, message: `${name}: ${r.message}` };
    values[name] = r.value;
  }
  return { ok: true, values: values as ParamValues<S> };
}

export function text(maxLength: number, fallback = ''): ParamSpec<string> {
  return {
    read: (t) => {
      if (t === undefined) return { ok: true, value: fallback };
      if (t.length > maxLength) return { ok: false, message: `longer than ${maxLength} characters` };
      if (/[\u0000]/.test(t)) return { ok: false, message: 'contains a NUL character' };
      return { ok: true, value: t };
    },
  };
}

export function integer(min: number, max: number, fallback: number): ParamSpec<number> {
  return {
    read: (t) => {
      if (t === undefined) return { ok: true, value: fallback };
      if (!/^-?\d{1,16}$/.test(t)) return { ok: false, message: `'${clip(t)}' is not an integer` };
      const n = Number(t);
      if (n < min || n > max) return { ok: false, message: `${n} is not between ${min} and ${max}` };
      return { ok: true, value: n };
    },
  };
}

export function oneOf<const T extends string>(values: readonly T[], fallback: T): ParamSpec<T> {
  return {
    read: (t) => {
      if (t === undefined) return { ok: true, value: fallback };
      const v = values.find((x) => x === t);
      return v === undefined ? { ok: false, message: `'${clip(t)}' is not one of ${values.join(', ')}` } : { ok: true, value: v };
    },
  };
}

/** ms since the epoch from an integer or an ISO 8601 date-time (with its zone, or UTC). */
export const instant: ParamSpec<number | undefined> = {
  read: (t) => {
    if (t === undefined) return { ok: true, value: undefined };
    if (/^-?\d{1,15}$/.test(t)) return { ok: true, value: Number(t) };
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(t)) {
      return { ok: false, message: `'${clip(t)}' is not a time (milliseconds since 1970, or ISO 8601 like 2026-11-29T15:52:03Z)` };
    }
    const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(t) && t.includes('T');
    const ms = Date.parse(t.includes('T') && !hasZone ? `${t}Z` : t);
    if (Number.isNaN(ms)) return { ok: false, message: `'${clip(t)}' is not a valid date` };
    return { ok: true, value: ms };
  },
};

/** A page cursor: `MS:SEQ` as the previous page returned it. */
export const cursor: ParamSpec<{ readonly ms: number; readonly seq: number } | undefined> = {
  read: (t) => {
    if (t === undefined) return { ok: true, value: undefined };
    const m = /^(-?\d{1,15}):(\d{1,15})$/.exec(t);
    if (m === null) return { ok: false, message: `'${clip(t)}' is not a cursor (use the 'next' value of the previous page)` };
    return { ok: true, value: { ms: Number(m[1]), seq: Number(m[2]) } };
  },
};

/** Texts in messages are cut short: they are the caller's own input echoed back. */
function clip(t: string): string {
  return t.length > 40 ? `${t.slice(0, 40)}...` : t;
}
