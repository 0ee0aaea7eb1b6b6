// The a0 and a1 ausearch takes from a SYSCALL record before printing it
// (parse_syscall): the first `a0=` and `a1=` after the values of arch= and
// syscall=, read as hex (strtoull). Other records' a0..a3 are read with them.
import type { Buffer } from 'node:buffer';
import { indexOfByte, indexOfBytesNear, latin1Needle } from '../format/index.js';
import { latin1 } from './byte-strings.js';
import { hex32 } from './byte-values.js';
import { parseUnsigned, parsedHi, parsedLo, setParsed } from './c-number.js';

export interface SyscallArgs {
  a0Hi: number;
  a0Lo: number;
  a1Hi: number;
  a1Lo: number;
}

const ARCH_EQ = latin1Needle('arch=');
const SYSCALL_EQ = latin1Needle('syscall=');

/** strtoull(s, NULL, 16) of b[from, to) into parsedHi/parsedLo; plain hex of up to 16 digits without a string. */
export function parseHex64(b: Buffer, from: number, to: number): void {
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

/**
 * strstr(b + from, needle) within b[from, to). The needle mostly stands at
 * `from`, just past a space, or past the header's ": ".
 */
function findAt(b: Buffer, needle: Uint8Array, from: number, to: number): number {
  return indexOfBytesNear(b, needle, from, to, 3);
}

/** strstr(b + from, "aN=") within b[from, to), for the byte `digit` of N: each '=' checked against the two bytes before it. */
function findArg(b: Buffer, digit: number, from: number, to: number): number {
  for (let i = from + 2; i < to; i++) if (b[i] === 61 && b[i - 1] === digit && b[i - 2] === 97) return i - 2;
  return -1;
}

/** Sets `into` from the record b[start, end); 0 where a field is missing (ausearch then drops the event anyway). */
export function scanSyscallArgs(b: Buffer, start: number, end: number, into: SyscallArgs): void {
  into.a0Hi = into.a0Lo = into.a1Hi = into.a1Lo = 0;
  let at = findAt(b, ARCH_EQ, start, end);
  let term = at < 0 ? -1 : indexOfByte(b, 32, at + 5, end);
  if (term < 0) return;
  at = findAt(b, SYSCALL_EQ, term, end);
  term = at < 0 ? -1 : indexOfByte(b, 32, at + 8, end);
  if (term < 0) return;
  at = findArg(b, 48, term, end);
  term = at < 0 ? -1 : indexOfByte(b, 32, at + 3, end);
  if (term < 0) return;
  parseHex64(b, at + 3, term);
  into.a0Hi = parsedHi;
  into.a0Lo = parsedLo;
  at = findArg(b, 49, term, end);
  term = at < 0 ? -1 : indexOfByte(b, 32, at + 3, end);
  if (term < 0) return;
  parseHex64(b, at + 3, term);
  into.a1Hi = parsedHi;
  into.a1Lo = parsedLo;
}
