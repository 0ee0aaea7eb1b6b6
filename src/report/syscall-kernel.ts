// SYSCALL records in the kernel's own layout, read field by field in place
// (the first tier of canonical-records.ts' SYSCALL reader): only a record
// with exactly these names in this order, no '=' or '"' inside a value and
// every number in range; anything else returns false and writes nothing.
import type { Buffer } from 'node:buffer';
import { hexDigit } from '../format/index.js';
import type { SearchItems } from '../query/index.js';
import type { ByteStrings } from './record-bytes.js';
import { EQ, QUOTE, SPACE, addKeys, decimal, hex64, stringValue } from './record-bytes.js';

// The kernel's SYSCALL layout (audit_log_exit, audit_log_task_info): these
// names in this order, `success= exit=` only for a syscall that returned,
// `subj=` only with an LSM. Read field by field, without searching.
const NAME = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const K_ARCH = NAME('arch=');
const K_SYSCALL = NAME('syscall=');
const K_SUCCESS = NAME('success=');
const K_EXIT = NAME('exit=');
const K_A = [NAME('a0='), NAME('a1='), NAME('a2='), NAME('a3=')];
const K_ITEMS = NAME('items=');
const K_PPID = NAME('ppid=');
const K_PID = NAME('pid=');
const K_AUID = NAME('auid=');
const K_IDS = ['uid=', 'gid=', 'euid=', 'suid=', 'fsuid=', 'egid=', 'sgid=', 'fsgid='].map(NAME);
const K_TTY = NAME('tty=');
const K_SES = NAME('ses=');
const K_COMM = NAME('comm=');
const K_EXE = NAME('exe=');
const K_SUBJ = NAME('subj=');
const K_KEY = NAME('key=');

/** `name` at p: the position after it, or -1. */
function expect(b: Buffer, p: number, name: Uint8Array): number {
  for (let i = 0; i < name.length; i++) if (b[p + i] !== name[i]) return -1;
  return p + name.length;
}

/** A plain value (no '=' or '"') up to a space or `end`: its end, or -1. */
function plainEnd(b: Buffer, p: number, end: number): number {
  const start = p;
  while (p < end) {
    const c = b[p] as number;
    if (c === SPACE) break;
    if (c === EQ || c === QUOTE) return -1;
    p++;
  }
  return p === start ? -1 : p;
}

/** An untrusted string value: quoted (no '=' inside) or bare: its end, or -1. */
function stringEnd(b: Buffer, p: number, end: number): number {
  if (b[p] !== QUOTE) return plainEnd(b, p, end);
  const close = b.indexOf(QUOTE, p + 1);
  if (close < 0 || close >= end) return -1;
  const eq = b.indexOf(EQ, p + 1);
  if (eq >= 0 && eq < close) return -1;
  const after = close + 1;
  return after === end || b[after] === SPACE ? after : -1;
}

export function readKernelSyscall(b: Buffer, body: number, end: number, s: SearchItems, arch: boolean, strings: ByteStrings): boolean {
  let p = expect(b, body, K_ARCH);
  if (p < 0) return false;
  let e = plainEnd(b, p, end);
  if (e < 0 || e - p > 8) return false;
  let archValue = 0;
  for (let i = p; i < e; i++) {
    const d = hexDigit(b[i] as number);
    if (d < 0) return false;
    archValue = archValue * 16 + d;
  }
  p = expect(b, e + 1, K_SYSCALL);
  if (p < 0) return false;
  e = plainEnd(b, p, end);
  const syscall = e < 0 ? -1 : decimal(b, p, e, 9);
  if (syscall < 0) return false;
  let success = s.success;
  p = e + 1;
  const afterSuccess = expect(b, p, K_SUCCESS);
  if (afterSuccess >= 0) {
    e = plainEnd(b, afterSuccess, end);
    if (e < 0) return false;
    success = e - afterSuccess === 3 && b[afterSuccess] === 0x79 && b[afterSuccess + 1] === 0x65 && b[afterSuccess + 2] === 0x73 ? 1 : 0;
    p = expect(b, e + 1, K_EXIT);
    if (p < 0 || (e = plainEnd(b, p, end)) < 0) return false;
    p = e + 1;
  }
  for (let a = 0; a < 4; a++) {
    const v = expect(b, p, K_A[a] as Uint8Array);
    if (v < 0 || (e = plainEnd(b, v, end)) < 0) return false;
    if (a < 2 && !hex64(b, v, e)) return false;
    p = e + 1;
  }
  p = expect(b, p, K_ITEMS);
  if (p < 0 || (e = plainEnd(b, p, end)) < 0) return false;
  p = expect(b, e + 1, K_PPID);
  if (p < 0 || (e = plainEnd(b, p, end)) < 0) return false;
  p = expect(b, e + 1, K_PID);
  if (p < 0 || (e = plainEnd(b, p, end)) < 0) return false;
  const pid = decimal(b, p, e, 9);
  if (pid < 0) return false;
  p = expect(b, e + 1, K_AUID);
  if (p < 0 || (e = plainEnd(b, p, end)) < 0) return false;
  const auid = decimal(b, p, e, 10);
  if (auid < 0 || auid > 0xffffffff) return false;
  p = e + 1;
  for (const name of K_IDS) {
    const v = expect(b, p, name);
    if (v < 0 || (e = plainEnd(b, v, end)) < 0) return false;
    p = e + 1;
  }
  const tty = expect(b, p, K_TTY);
  if (tty < 0 || (e = plainEnd(b, tty, end)) < 0) return false;
  const ttyEnd = e;
  p = expect(b, e + 1, K_SES);
  if (p < 0 || (e = plainEnd(b, p, end)) < 0) return false;
  const comm = expect(b, e + 1, K_COMM);
  if (comm < 0 || (e = stringEnd(b, comm, end)) < 0) return false;
  const commEnd = e;
  const exe = expect(b, e + 1, K_EXE);
  if (exe < 0 || (e = stringEnd(b, exe, end)) < 0) return false;
  const exeEnd = e;
  p = e + 1;
  const subj = expect(b, p, K_SUBJ);
  if (subj >= 0) {
    if ((e = plainEnd(b, subj, end)) < 0) return false;
    p = e + 1;
  }
  const key = expect(b, p, K_KEY);
  if (key < 0 || (e = stringEnd(b, key, end)) < 0 || e !== end) return false;
  const commText = stringValue(b, comm, commEnd, strings);
  const exeText = stringValue(b, exe, exeEnd, strings);
  const keyText = stringValue(b, key, e, strings);
  if (commText === undefined || exeText === undefined || keyText === undefined) return false;
  if (arch) s.arch = archValue | 0;
  s.syscall = syscall;
  s.success = success;
  s.pid = pid;
  s.loginuid = auid;
  s.terminal = strings.text(b, tty, ttyEnd);
  s.comm = commText;
  s.exe = exeText;
  addKeys(s, keyText, b[key] === QUOTE);
  return true;
}
