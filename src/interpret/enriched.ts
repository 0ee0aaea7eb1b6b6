// The interpretations an ENRICHED log carries after 0x1D (`UID="root"
// ARCH=x86_64 SYSCALL=openat`, or for SOCKADDR `SADDR={ ... }`), read as
// auparse's load_interpretation_list does: space-separated name=value tokens,
// names lower-cased, the first of a name wins. Parsed lists are cached by tail
// text: the same tails repeat across a log.

export interface InterpList {
  readonly names: readonly string[];
  readonly values: readonly string[];
  /** The value of each name, the first one where a name repeats (what lookupInterp reads). */
  readonly byName: ReadonlyMap<string, string>;
}

function listOf(names: string[], values: string[]): InterpList {
  const byName = new Map<string, string>();
  names.forEach((n, i) => {
    if (!byName.has(n)) byName.set(n, values[i] as string);
  });
  return { names, values, byName };
}

/** Parses an ENRICHED tail; undefined where auparse loads nothing. */
export function parseInterpList(tail: string): InterpList | undefined {
  if (tail.startsWith('SADDR=')) {
    const open = tail.indexOf('{', 6);
    if (open < 0 || tail.indexOf('}', open) < 0) return undefined;
    // The value runs to the end of the tail, past the closing brace.
    return listOf(['saddr'], [tail.slice(open)]);
  }
  const names: string[] = [];
  const values: string[] = [];
  for (const token of tail.split(' ')) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) continue;
    names.push(asciiLower(token.slice(0, eq)));
    values.push(token.slice(eq + 1));
  }
  return names.length === 0 ? undefined : listOf(names, values);
}

function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return s;
}

/** The value recorded for `name`, or undefined. */
export function lookupInterp(list: InterpList, name: string): string | undefined {
  return list.byName.get(name);
}

const CACHE_MAX = 512;

/** parseInterpList behind a bounded cache. */
export class InterpListCache {
  readonly #cache = new Map<string, InterpList | null>();

  get(tail: string | undefined): InterpList | undefined {
    if (tail === undefined) return undefined;
    let list = this.#cache.get(tail);
    if (list === undefined) {
      list = parseInterpList(tail) ?? null;
      if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
      this.#cache.set(tail, list);
    }
    return list ?? undefined;
  }
}
