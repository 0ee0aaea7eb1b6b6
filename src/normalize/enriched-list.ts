// An ENRICHED record's tail (after 0x1D) as auparse loads it into its
// interpretation list, behind a bounded cache: the same tails recur all
// through a log.

const INTERP_CACHE_MAX = 1024;
const interpCache = new Map<string, Map<string, string> | null>();

/** parseInterpretations behind a bounded cache: the same tails recur all through a log. */
export function interpretationsOf(tail: string | undefined): Map<string, string> | null {
  if (tail === undefined) return null;
  let list = interpCache.get(tail);
  if (list === undefined) {
    list = parseInterpretations(tail);
    if (interpCache.size >= INTERP_CACHE_MAX) interpCache.clear();
    interpCache.set(tail, list);
  }
  return list;
}

/**
 * An ENRICHED tail as auparse loads it: `SADDR={ ... }` alone, else
 * space-separated NAME=value pairs with names lower-cased (first one wins on
 * lookup); null when nothing usable.
 */
function parseInterpretations(tail: string | undefined): Map<string, string> | null {
  if (tail === undefined) return null;
  const list = new Map<string, string>();
  if (tail.startsWith('SADDR=')) {
    const open = tail.indexOf('{', 6);
    if (open < 0 || tail.indexOf('}', open) < 0) return null;
    list.set('saddr', tail.slice(open));
    return list;
  }
  for (const token of tail.split(' ')) {
    const eq = token.indexOf('=');
    if (eq < 0) continue;
    const name = lowerAscii(token.slice(0, eq));
    if (!list.has(name)) list.set(name, token.slice(eq + 1));
  }
  return list.size > 0 ? list : null;
}

function lowerAscii(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : s[i];
  }
  return out;
}
