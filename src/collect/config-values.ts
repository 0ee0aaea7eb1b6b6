// Parsers for the value kinds of the collector's configuration file: each
// takes the text after `=` and returns a value or the reason it is bad, so
// the caller can name the key and the line. Pure.

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/** One of `words` (case-insensitive, as auditd reads its keywords). */
export function oneOf<const W extends string>(words: readonly W[]): (text: string) => Parsed<W> {
  return (text) => {
    const w = text.toLowerCase();
    return (words as readonly string[]).includes(w) ? ok(w as W) : bad(`'${text}' is not one of ${words.join(', ')}`);
  };
}

export const yesNo = (text: string): Parsed<boolean> => {
  const w = text.toLowerCase();
  if (w === 'yes') return ok(true);
  if (w === 'no') return ok(false);
  return bad(`'${text}' is not yes or no`);
};

/** A decimal count within [min, max]. */
export function count(min: number, max: number, unit = ''): (text: string) => Parsed<number> {
  return (text) => {
    if (!/^\d{1,15}$/.test(text)) return bad(`'${text}' is not a whole number${unit === '' ? '' : ` of ${unit}`}`);
    const n = Number(text);
    if (n < min || n > max) return bad(`${n} is outside ${min}..${max}${unit === '' ? '' : ` ${unit}`}`);
    return ok(n);
  };
}

export type SpaceAmount = { readonly kind: 'megabytes'; readonly megabytes: number } | { readonly kind: 'percent'; readonly percent: number };

/** auditd's space_left: megabytes, or a percentage of the file system (`25%`, below 100). */
export function spaceAmount(text: string): Parsed<SpaceAmount> {
  const m = /^(\d{1,12})(%?)$/.exec(text);
  if (m === null) return bad(`'${text}' is not megabytes or a percentage like 25%`);
  const n = Number(m[1]);
  if (m[2] === '%') return n > 99 ? bad('percentages must be below 100') : ok({ kind: 'percent', percent: n });
  return ok({ kind: 'megabytes', megabytes: n });
}

/** What to do when space runs low, the disk fills or a write fails (auditd's failure actions). */
export type DiskAction =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'syslog' }
  | { readonly kind: 'rotate' }
  | { readonly kind: 'suspend' }
  | { readonly kind: 'single' }
  | { readonly kind: 'halt' }
  | { readonly kind: 'exec'; readonly path: string };

export function diskAction(text: string): Parsed<DiskAction> {
  const w = text.toLowerCase();
  switch (w) {
    case 'ignore':
    case 'syslog':
    case 'rotate':
    case 'suspend':
    case 'single':
    case 'halt':
      return ok({ kind: w });
    case 'email':
      return bad('email is not supported by auspex collect (use exec with a script that mails)');
    default:
      break;
  }
  if (w.startsWith('exec')) {
    const path = text.slice(4).trim();
    if (!path.startsWith('/')) return bad(`exec needs an absolute path to run ('exec /path/to/script')`);
    return ok({ kind: 'exec', path });
  }
  return bad(`'${text}' is not one of ignore, syslog, rotate, suspend, single, halt, exec /path`);
}

export function absolutePath(text: string): Parsed<string> {
  return text.startsWith('/') ? ok(text) : bad(`'${text}' is not an absolute path`);
}

/** A path, or `-` for standard output. */
export function pathOrDash(text: string): Parsed<string> {
  return text === '-' || text.startsWith('/') ? ok(text) : bad(`'${text}' is not an absolute path or -`);
}

export type SourceSpec =
  | { readonly kind: 'auto' }
  | { readonly kind: 'multicast' }
  | { readonly kind: 'unicast' }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'file'; readonly path: string };

export function sourceSpec(text: string): Parsed<SourceSpec> {
  switch (text) {
    case 'auto':
    case 'multicast':
    case 'unicast':
    case 'stdin':
      return ok({ kind: text });
    default:
      break;
  }
  if (text.startsWith('file:')) {
    const path = text.slice(5);
    return path.length === 0 ? bad('file: needs a path (file:/var/log/audit/audit.log)') : ok({ kind: 'file', path });
  }
  return bad(`'${text}' is not one of auto, multicast, unicast, stdin, file:PATH`);
}

/** A group name or number (log_group); names are resolved by the caller's lookup. */
export function groupId(lookup: (name: string) => number | undefined): (text: string) => Parsed<number> {
  return (text) => {
    if (/^\d{1,10}$/.test(text)) return ok(Number(text));
    const gid = lookup(text);
    return gid === undefined ? bad(`no group named '${text}'`) : ok(gid);
  };
}

/** Anything but empty (node names). */
export function nonEmpty(text: string): Parsed<string> {
  return text.length === 0 ? bad('the value is empty') : ok(text);
}
