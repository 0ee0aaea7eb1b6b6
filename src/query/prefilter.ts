// Byte strings that every event matching the criteria must contain somewhere
// in its records: a string criterion (-k, -x, -c, -f, ...) matches a value
// that the log holds either as written (quoted or bare) or hex-encoded, so
// the criterion's text or its hex must appear in some record line. Search
// uses this to skip, with one fast scan, the events that cannot match.
import type { SearchCriteria } from './options.js';
import { ausearchRecordType } from './msg-types.js';
import { parsersMayPrint, wantsOf } from './search-items.js';

function hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/**
 * Alternatives of which one must appear (latin1 strings), or undefined when
 * no criterion gives such a guarantee. One criterion is enough to filter;
 * the most selective one is taken.
 */
export function necessaryStrings(c: SearchCriteria): string[] | undefined {
  const text = c.key ?? c.exe ?? c.comm ?? c.file ?? c.uuid ?? c.vmName ?? c.hostname ?? c.terminal ??
    (c.contextEither ? undefined : c.subject ?? c.object);
  if (text === undefined || text.length === 0) return undefined;
  // The kernel and libaudit (audit_encode_value) write hex in upper case, and
  // so does every auditd record writer; ausearch decodes either case, so the
  // all-lower-case form is looked for too. Hex mixing the cases (no writer
  // makes it) can still hide an event from this filter.
  const upper = hex(text);
  return [...new Set([text, upper, upper.toLowerCase()])];
}

/** SOCKADDR: see alwaysParsedType. */
const SOCKADDR = 1306;

/**
 * A record type whose events must reach the matcher even when they hold no
 * needle: the SOCKADDR records the parsers may print about (parsersMayPrint),
 * matching or not. Undefined otherwise.
 */
export function alwaysParsedType(c: SearchCriteria): number | undefined {
  return parsersMayPrint(wantsOf(c, false)) ? SOCKADDR : undefined;
}

/**
 * For -m: whether a record of this type (its name as written) is one of the
 * wanted types; every matching event holds one. Undefined when -m is not
 * given, or when the record parsers run before the type test (criteria
 * whose parsers can print, -hn and -f: see compileCriteria's cheapFirst):
 * passing over an event then would drop what they print.
 */
export function typePrefilter(c: SearchCriteria): ((typeName: string) => boolean) | undefined {
  const types = c.messageTypes;
  if (types === undefined) return undefined;
  if (parsersMayPrint(wantsOf(c, false))) return undefined;
  const known = new Map<string, boolean>();
  return (typeName) => {
    let wanted = known.get(typeName);
    if (wanted === undefined) {
      wanted = types.includes(ausearchRecordType(typeName));
      if (known.size < 4096) known.set(typeName, wanted);
    }
    return wanted;
  };
}
