// Reading option values the way ausearch 3.0.9 does: ids as strtoul reads
// them or names through the user database, -m lists, and string criteria
// turned back into the bytes they were typed as.
import { Buffer } from 'node:buffer';
import { isDigitCode, strtoul, toI32, toU32 } from './c-text.js';
import { libauditTypeNumber } from '../format/index.js';

export const ERANGE_TEXT = 'Numerical result out of range';

// Records are compared as bytes (latin1 strings); argv arrives decoded as
// UTF-8, so string criteria go back to their bytes.
export function bytesOf(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

export function isDigitStart(s: string): boolean {
  return isDigitCode(s.charCodeAt(0));
}

// A uid/gid option's value: digits as strtoul reads them, else a name looked
// up in the user database. 'stop' when ausearch stops reading at once.
export function readId(a: string, lookup: (name: string) => number | undefined, numericError: string, unknown: string,
  fail: (msg: string) => void): number | 'error' | 'stop' {
  if (isDigitStart(a)) {
    const v = strtoul(a, 0, a.length, 10);
    if (v === undefined) {
      fail(`${numericError} (${ERANGE_TEXT}) for ${a}\n`);
      return 'error';
    }
    return toU32(v);
  }
  const id = lookup(a);
  if (id === undefined) {
    fail(`${unknown} (${a})\n`);
    return 'stop';
  }
  return id;
}

// -m: names (any case), numbers or UNKNOWN[n], comma-separated (empty items
// skipped); the message for a bad item, which ausearch follows by the list.
export function parseMessageTypes(arg: string): number[] | string {
  const out: number[] = [];
  const items = arg.includes(',') ? arg.split(',').filter((s) => s.length > 0) : [arg];
  for (const item of items) {
    if (isDigitStart(item)) {
      const v = strtoul(item, 0, item.length, 10);
      if (v === undefined) return `Numeric message type conversion error (${ERANGE_TEXT}) for ${item}\n`;
      out.push(toI32(v));
    } else {
      const t = libauditTypeNumber(item);
      if (t < 0) return '';
      out.push(t);
    }
  }
  return out;
}
