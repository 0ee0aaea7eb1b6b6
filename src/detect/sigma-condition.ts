// Sigma conditions: `and`, `or`, `not`, parentheses, `1 of X` / `all of X`
// (also `N of X`) where X is `them` or an identifier pattern with `*`
// wildcards. Precedence from least to most binding: or, and, not, x of, ( ).
// Identifiers are resolved against the rule's search identifiers when the
// condition is compiled, so a typo is an error at load time, not a silent
// never-match. The v1 aggregations (`| count() ...`, `near`) are refused.

export type Condition =
  | { readonly kind: 'id'; readonly name: string }
  | { readonly kind: 'not'; readonly arg: Condition }
  | { readonly kind: 'and' | 'or'; readonly args: readonly Condition[] }
  /** At least `count` (undefined: all) of `names`. */
  | { readonly kind: 'of'; readonly count: number | undefined; readonly names: readonly string[] };

type Token = { kind: 'word'; text: string } | { kind: 'open' } | { kind: 'close' };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(') {
      out.push({ kind: 'open' });
      i++;
    } else if (c === ')') {
      out.push({ kind: 'close' });
      i++;
    } else if (c === '|') {
      throw new Error(`aggregations ('|' in the condition) are Sigma v1 and not supported; use correlation rules`);
    } else {
      let j = i;
      while (j < text.length && !' \t\n\r()|'.includes(text[j] as string)) j++;
      out.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return out;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Parses `text` against the identifiers the rule defines; throws Error(reason). */
export function parseCondition(text: string, identifiers: readonly string[]): Condition {
  const tokens = tokenize(text);
  let pos = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };
  const describe = (t: Token | undefined): string => (t === undefined ? 'the end' : t.kind === 'word' ? `'${t.text}'` : t.kind === 'open' ? "'('" : "')'");

  const parseOr = (): Condition => {
    const args = [parseAnd()];
    while (peekWord() === 'or') {
      pos++;
      args.push(parseAnd());
    }
    return args.length === 1 ? (args[0] as Condition) : { kind: 'or', args };
  };
  const parseAnd = (): Condition => {
    const args = [parseNot()];
    while (peekWord() === 'and') {
      pos++;
      args.push(parseNot());
    }
    return args.length === 1 ? (args[0] as Condition) : { kind: 'and', args };
  };
  const parseNot = (): Condition => {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', arg: parseNot() };
    }
    return parseAtom();
  };
  const parseAtom = (): Condition => {
    const t = tokens[pos];
    if (t === undefined) throw new Error('the condition ends where an identifier was expected');
    if (t.kind === 'open') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind !== 'close') throw new Error(`expected ')' but found ${describe(tokens[pos])}`);
      pos++;
      return inner;
    }
    if (t.kind === 'close') throw new Error(`unexpected ')'`);
    const word = t.text;
    const lower = word.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'not' || lower === 'of') throw new Error(`unexpected '${word}'`);
    const next = tokens[pos + 1];
    if (next?.kind === 'word' && next.text.toLowerCase() === 'of') {
      let count: number | undefined;
      if (lower === 'all') count = undefined;
      else if (lower === 'any') count = 1;
      else if (/^[1-9]\d*$/.test(word)) count = Number(word);
      else throw new Error(`'${word} of': expected '1 of' or 'all of'`);
      const target = tokens[pos + 2];
      if (target?.kind !== 'word') throw new Error(`'${word} of' needs 'them' or an identifier pattern`);
      pos += 3;
      const names = target.text === 'them'
        ? identifiers.filter((n) => !n.startsWith('_'))
        : identifiers.filter((n) => globToRegExp(target.text).test(n));
      if (names.length === 0) throw new Error(`'${word} of ${target.text}' matches no search identifier`);
      return { kind: 'of', count, names };
    }
    if (!identifiers.includes(word)) throw new Error(`'${word}' is not a search identifier of this rule (it has ${identifiers.map((n) => `'${n}'`).join(', ')})`);
    pos++;
    return { kind: 'id', name: word };
  };

  const tree = parseOr();
  if (pos < tokens.length) throw new Error(`unexpected ${describe(tokens[pos])}`);
  return tree;
}

/** Evaluates a condition with `test` deciding each identifier. */
export function evaluateCondition(c: Condition, test: (name: string) => boolean): boolean {
  switch (c.kind) {
    case 'id':
      return test(c.name);
    case 'not':
      return !evaluateCondition(c.arg, test);
    case 'and':
      return c.args.every((a) => evaluateCondition(a, test));
    case 'or':
      return c.args.some((a) => evaluateCondition(a, test));
    case 'of': {
      if (c.count === undefined) return c.names.every(test);
      let n = 0;
      for (const name of c.names) if (test(name) && ++n >= (c.count ?? 1)) return true;
      return false;
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}
