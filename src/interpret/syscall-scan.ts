// The a0 and a1 ausearch takes from a SYSCALL record before printing it
// (parse_syscall): the first `a0=` and `a1=` after the values of arch= and
// syscall=, read as hex (strtoull). Other records' a0..a3 are read with them.
import type { Buffer } from 'node:buffer';
import { indexOfByte } from './byte-scan.js';
import { latin1 } from './byte-strings.js';
import { hex32 } from './byte-values.js';
import { parseUnsigned, parsedHi, parsedLo, setParsed } from './c-number.js';

export interface SyscallArgs {
  a0Hi: number;
  a0Lo: number;
  a1Hi: number;
  a1Lo: number;
}

const bytesOf = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const ARCH_EQ = bytesOf('arch=');
const SYSCALL_EQ = bytesOf('syscall=');
const A0_EQ = bytesOf('a0=');
const A1_EQ = bytesOf('a1=');

/**
 * strstr within b[from, to) for a needle that ends in '=' (and has no other
 * '='): the scan looks only for '=' and then checks the bytes before it, so
 * matches come in the same order strstr finds them.
 */
function find(b: Buffer, needle: readonly number[], from: number, to: number): number {
  const n = needle.length;
  outer: for (let i = from + n - 1; i < to; i++) {
    if (b[i] !== 61) continue;
    const at = i - n + 1;
    for (let k = 0; k < n - 1; k++) if (b[at + k] !== needle[k]) continue outer;
    return at;
  }
  return -1;
}

/** strtoull(s, NULL, 16) of b[from, to) into parsedHi/parsedLo; plain hex of up to 16 digits without a string. */
function parseHex64(b: Buffer, from: number, to: number): void {
  const n = to - from;
  if (n <= 8) {
    const v = hex32(b, from, to);
    if (v >= 0) return setParsed(0, v);
  } else if (n <= 16) {
    const hi = hex32(b, from, to - 8);
    const lo = hex32(b, to - 8, to);
    if (hi >= 0 && lo >= 0) return setParsed(hi, lo);
  }
  parseUnsigned(latin1(b, from, to), 16);
}

/** Sets `into` from the record b[start, end); 0 where a field is missing (ausearch then drops the event anyway). */
export function scanSyscallArgs(b: Buffer, start: number, end: number, into: SyscallArgs): void {
  into.a0Hi = into.a0Lo = into.a1Hi = into.a1Lo = 0;
  let at = find(b, ARCH_EQ, start, end);
  let term = at < 0 ? -1 : indexOfByte(b, 32, at + 5, end);
  if (term < 0) return;
  at = find(b, SYSCALL_EQ, term, end);
  term = at < 0 ? -1 : indexOfByte(b, 32, at + 8, end);
  if (term < 0) return;
  at = find(b, A0_EQ, term, end);
  term = at < 0 ? -1 : indexOfByte(b, 32, at + 3, end);
  if (term < 0) return;
  parseHex64(b, at + 3, term);
  into.a0Hi = parsedHi;
  into.a0Lo = parsedLo;
  at = find(b, A1_EQ, term, end);
  term = at < 0 ? -1 : indexOfByte(b, 32, at + 3, end);
  if (term < 0) return;
  parseHex64(b, at + 3, term);
  into.a1Hi = parsedHi;
  into.a1Lo = parsedLo;
}
