// auditctl's option scanner: GNU getopt_long over auditctl's option string
// (short options with attached or separate arguments, long options with `=` or
// a separate argument, non-options collected for the "parameter passed
// without an option given" check).

/** auditctl 3.0.9's short options; `:` marks an argument. */
export const SHORT_OPTIONS = 'hicslDvtC:e:f:r:b:a:A:d:S:F:m:R:w:W:k:p:q:';

/** Long options: name → takes an argument. `help` is 4.x's. */
export const LONG_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['loginuid-immutable', false],
  ['backlog_wait_time', true],
  ['reset-lost', false],
  ['reset_backlog_wait_time_actual', false],
  ['signal', true],
  ['help', false],
]);

export type GetoptItem =
  | { readonly kind: 'option'; readonly name: string; readonly arg?: string; readonly index: number; readonly next: number }
  /** An unknown option or one missing its argument: `text` is what auditctl names in "Option X is invalid". */
  | { readonly kind: 'invalid'; readonly text: string; readonly index: number; readonly next: number };

const takesArg = (c: string): boolean | undefined => {
  const at = SHORT_OPTIONS.indexOf(c);
  if (at < 0 || c === ':') return undefined;
  return SHORT_OPTIONS[at + 1] === ':';
};

/**
 * Scans `args` (without the program name). Returns the options in order and
 * the non-option arguments. `index` is the position of the option's own token,
 * `next` the position after everything it consumed.
 */
export function scanOptions(args: readonly string[]): { items: GetoptItem[]; operands: string[] } {
  const items: GetoptItem[] = [];
  const operands: string[] = [];
  let i = 0;
  while (i < args.length) {
    const tok = args[i] as string;
    if (tok === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = tok.slice(2, eq < 0 ? undefined : eq);
      const needs = LONG_OPTIONS.get(name);
      if (needs === undefined) {
        items.push({ kind: 'invalid', text: tok, index: i, next: i + 1 });
        i += 1;
      } else if (!needs) {
        items.push({ kind: 'option', name: `--${name}`, index: i, next: i + 1 });
        i += 1;
      } else if (eq >= 0) {
        items.push({ kind: 'option', name: `--${name}`, arg: tok.slice(eq + 1), index: i, next: i + 1 });
        i += 1;
      } else if (i + 1 < args.length) {
        items.push({ kind: 'option', name: `--${name}`, arg: args[i + 1] as string, index: i, next: i + 2 });
        i += 2;
      } else {
        items.push({ kind: 'invalid', text: tok, index: i, next: i + 1 });
        i += 1;
      }
      continue;
    }
    if (!tok.startsWith('-') || tok === '-') {
      operands.push(tok);
      i += 1;
      continue;
    }
    // A cluster of short options: -ls, -aalways,exit
    let j = 1;
    const start = i;
    let next = i + 1;
    while (j < tok.length) {
      const c = tok[j] as string;
      const needs = takesArg(c);
      if (needs === undefined) {
        items.push({ kind: 'invalid', text: tok, index: start, next });
        j += 1;
        continue;
      }
      if (!needs) {
        items.push({ kind: 'option', name: `-${c}`, index: start, next });
        j += 1;
        continue;
      }
      if (j + 1 < tok.length) {
        items.push({ kind: 'option', name: `-${c}`, arg: tok.slice(j + 1), index: start, next });
      } else if (next < args.length) {
        items.push({ kind: 'option', name: `-${c}`, arg: args[next] as string, index: start, next: next + 1 });
        next += 1;
      } else {
        items.push({ kind: 'invalid', text: tok, index: start, next });
      }
      break;
    }
    i = next;
  }
  return { items, operands };
}
