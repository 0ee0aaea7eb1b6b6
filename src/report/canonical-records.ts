// Recognisers for the three hot record types as the kernel writes them
// (SYSCALL, PATH, CWD), reading their bytes in place for the main summary.
// Each handles only a record whose shape makes the result provably the one
// query/'s ausearch-compatible parser gives (every field `name=value`, no '='
// inside a value, quoted values closed, the names ausearch searches for each
// present at most once, numbers in range); anything else returns false and
// the caller hands the record's text to query/. A differential test holds the
// two to the same results on real and mangled records.
import type { Buffer } from 'node:buffer';
import { hexDigit } from '../format/index.js';
import type { SearchItems } from '../query/index.js';
import { ByteStrings, EQ, QUOTE, SPACE, addKeys, decimal, hex64, stringValue } from './record-bytes.js';
import { readKernelSyscall } from './syscall-kernel.js';

export { ByteStrings };

// The names ausearch's SYSCALL parser looks for (with the main summary's
// fields), as slots; a name that merely ends with one of them makes the
// record non-canonical (strstr would find it there).
const enum F { ARCH, SYSCALL, SUCCESS, A0, A1, PID, AUID, LOGINUID, TTY, COMM, EXE, KEY, RES, COUNT }
const NEEDLES: ReadonlyArray<readonly [F, string]> = [
  [F.ARCH, 'arch'], [F.SYSCALL, 'syscall'], [F.SUCCESS, 'success'], [F.A0, 'a0'], [F.A1, 'a1'], [F.PID, 'pid'],
  [F.AUID, 'auid'], [F.LOGINUID, 'loginuid'], [F.TTY, 'tty'], [F.COMM, 'comm'], [F.EXE, 'exe'], [F.KEY, 'key'], [F.RES, 'res'],
];
const NEEDLE_BYTES = NEEDLES.map(([f, n]) => [f, Array.from(n, (c) => c.charCodeAt(0))] as const);

/** Token slots found in the current record: token index, name start, value start, value end. */
const tokIndex = new Int32Array(F.COUNT);
const valStart = new Int32Array(F.COUNT);
const valEnd = new Int32Array(F.COUNT);

// Which slot a name [s, e) fills, -1 for none, -2 when it only ends with a
// needle. The kernel's own SYSCALL field names are told apart by length and
// a byte or two; any other name goes through the general suffix test.
function slotOf(b: Buffer, s: number, e: number): number {
  const c0 = b[s] as number;
  const last = b[e - 1] as number;
  switch (e - s) {
    case 2: // a0..a3
      if (c0 === 0x61) return last === 0x30 ? F.A0 : last === 0x31 ? F.A1 : last === 0x32 || last === 0x33 ? -1 : slotBySuffix(b, s, e);
      break;
    case 3: // pid tty exe key res uid gid ses
      if (c0 === 0x70 && b[s + 1] === 0x69 && last === 0x64) return F.PID;
      if (c0 === 0x74 && b[s + 1] === 0x74 && last === 0x79) return F.TTY;
      if (c0 === 0x65 && b[s + 1] === 0x78 && last === 0x65) return F.EXE;
      if (c0 === 0x6b && b[s + 1] === 0x65 && last === 0x79) return F.KEY;
      if ((c0 === 0x75 || c0 === 0x67) && b[s + 1] === 0x69 && last === 0x64) return -1;
      if (c0 === 0x73 && b[s + 1] === 0x65 && last === 0x73) return -1;
      break;
    case 4: // arch auid comm ppid euid suid egid sgid subj exit
      if (c0 === 0x61 && b[s + 1] === 0x72 && b[s + 2] === 0x63 && last === 0x68) return F.ARCH;
      if (c0 === 0x61 && b[s + 1] === 0x75 && b[s + 2] === 0x69 && last === 0x64) return F.AUID;
      if (c0 === 0x63 && b[s + 1] === 0x6f && b[s + 2] === 0x6d && last === 0x6d) return F.COMM;
      if ((c0 === 0x70 && b[s + 1] === 0x70) || ((c0 === 0x65 || c0 === 0x73) && (b[s + 1] === 0x75 || b[s + 1] === 0x67))) {
        if (b[s + 2] === 0x69 && last === 0x64) return -1;
      }
      if (c0 === 0x73 && b[s + 1] === 0x75 && b[s + 2] === 0x62 && last === 0x6a) return -1;
      if (c0 === 0x65 && b[s + 1] === 0x78 && b[s + 2] === 0x69 && last === 0x74) return -1;
      break;
    case 5: // items fsuid fsgid
      if (c0 === 0x69 && b[s + 1] === 0x74 && b[s + 2] === 0x65 && b[s + 3] === 0x6d && last === 0x73) return -1;
      if (c0 === 0x66 && b[s + 1] === 0x73 && (b[s + 2] === 0x75 || b[s + 2] === 0x67) && b[s + 3] === 0x69 && last === 0x64) return -1;
      break;
    case 7: // syscall success
      if (c0 === 0x73 && b[s + 1] === 0x79 && b[s + 2] === 0x73 && b[s + 3] === 0x63 && b[s + 4] === 0x61 && b[s + 5] === 0x6c && last === 0x6c) return F.SYSCALL;
      if (c0 === 0x73 && b[s + 1] === 0x75 && b[s + 2] === 0x63 && b[s + 3] === 0x63 && b[s + 4] === 0x65 && b[s + 5] === 0x73 && last === 0x73) return F.SUCCESS;
      break;
    default:
      break;
  }
  return slotBySuffix(b, s, e);
}

function slotBySuffix(b: Buffer, s: number, e: number): number {
  for (const [f, bytes] of NEEDLE_BYTES) {
    const n = bytes.length;
    if (e - s < n) continue;
    let same = true;
    for (let i = 0; i < n; i++) {
      if (b[e - n + i] !== bytes[i]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    if (e - s === n) return f;
    // " pid=" is searched with its space: "ppid" does not hide it.
    return f === F.PID ? -1 : -2;
  }
  return -1;
}

/**
 * SYSCALL, body [body, end) (end: the line's end or its ENRICHED separator):
 * writes the fields query/'s parseSyscall reads for the main summary (arch
 * only with -i) and returns true, or returns false having written nothing.
 */
export function readCanonicalSyscall(b: Buffer, body: number, end: number, s: SearchItems, arch: boolean, strings: ByteStrings): boolean {
  if (readKernelSyscall(b, body, end, s, arch, strings)) return true;
  tokIndex.fill(-1);
  let tok = 0;
  let p = body;
  while (p < end) {
    const nameStart = p;
    while (p < end && b[p] !== EQ && b[p] !== SPACE) p++;
    if (p >= end || b[p] !== EQ || p === nameStart) return false;
    const nameEnd = p++;
    const vs = p;
    if (b[p] === QUOTE) {
      p++;
      while (p < end && b[p] !== QUOTE) {
        if (b[p] === EQ) return false;
        p++;
      }
      if (p >= end) return false;
      p++;
      if (p < end && b[p] !== SPACE) return false;
    } else {
      while (p < end && b[p] !== SPACE) {
        const c = b[p];
        if (c === EQ || c === QUOTE) return false;
        p++;
      }
    }
    const ve = p;
    if (ve === vs) return false;
    const slot = slotOf(b, nameStart, nameEnd);
    if (slot === -2) return false;
    if (slot >= 0) {
      if (tokIndex[slot] !== -1) return false;
      tokIndex[slot] = tok;
      valStart[slot] = vs;
      valEnd[slot] = ve;
    }
    tok++;
    if (p < end) p++; // the space
    else break;
  }
  // Names ausearch would take as something else, or fields it would read differently.
  if (tokIndex[F.RES] !== -1 || tokIndex[F.LOGINUID] !== -1) return false;
  const at = (f: F): number => tokIndex[f] as number;
  // arch, then syscall after it; success after syscall; a0, a1 after that.
  let term = -1;
  let archValue = 0;
  if (arch) {
    if (at(F.ARCH) < 0) return false;
    const vs = valStart[F.ARCH] as number;
    const ve = valEnd[F.ARCH] as number;
    if (ve - vs > 8) return false;
    for (let i = vs; i < ve; i++) if (hexDigit(b[i] as number) < 0) return false;
    archValue = Number.parseInt(b.toString('latin1', vs, ve), 16) | 0;
    term = at(F.ARCH);
  }
  if (at(F.SYSCALL) <= term) return false;
  const syscall = decimal(b, valStart[F.SYSCALL] as number, valEnd[F.SYSCALL] as number, 9);
  if (syscall < 0) return false;
  term = at(F.SYSCALL);
  let success = s.success;
  if (at(F.SUCCESS) > term) {
    const vs = valStart[F.SUCCESS] as number;
    success = valEnd[F.SUCCESS] as number - vs === 3 && b[vs] === 0x79 && b[vs + 1] === 0x65 && b[vs + 2] === 0x73 ? 1 : 0;
    term = at(F.SUCCESS);
  }
  if (at(F.A0) <= term || at(F.A1) <= at(F.A0)) return false;
  if (!hex64(b, valStart[F.A0] as number, valEnd[F.A0] as number) || !hex64(b, valStart[F.A1] as number, valEnd[F.A1] as number)) return false;
  const afterA1 = at(F.A1);
  // The task fields are searched from the record's start again.
  if (at(F.PID) < 0) return false;
  const pid = decimal(b, valStart[F.PID] as number, valEnd[F.PID] as number, 9);
  if (pid < 0 || at(F.AUID) <= at(F.PID)) return false;
  const auid = decimal(b, valStart[F.AUID] as number, valEnd[F.AUID] as number, 10);
  if (auid < 0 || auid > 0xffffffff) return false;
  let task = at(F.AUID);
  let terminal: string | null = s.terminal;
  if (at(F.TTY) > task) {
    terminal = strings.text(b, valStart[F.TTY] as number, valEnd[F.TTY] as number);
    task = at(F.TTY);
  }
  if (at(F.COMM) <= task || at(F.EXE) < 0) return false;
  const comm = stringValue(b, valStart[F.COMM] as number, valEnd[F.COMM] as number, strings);
  const exe = stringValue(b, valStart[F.EXE] as number, valEnd[F.EXE] as number, strings);
  if (comm === undefined || exe === undefined) return false;
  let key: string | undefined;
  let quotedKey = false;
  if (at(F.KEY) > afterA1) {
    const vs = valStart[F.KEY] as number;
    quotedKey = b[vs] === QUOTE;
    key = stringValue(b, vs, valEnd[F.KEY] as number, strings);
    if (key === undefined) return false;
  }
  // Everything checked: write as parseSyscall does.
  if (arch) s.arch = archValue;
  s.syscall = syscall;
  s.success = success;
  s.pid = pid;
  s.loginuid = auid;
  s.terminal = terminal;
  s.comm = comm;
  s.exe = exe;
  if (key !== undefined) addKeys(s, key, quotedKey);
  return true;
}

/** PATH: `item=N name="..."` or `name=(null)`; adds the name as parsePath does (relative names made absolute). */
export function readCanonicalPath(b: Buffer, body: number, end: number, s: SearchItems, strings: ByteStrings): boolean {
  let p = body;
  // item=
  if (!(b[p] === 0x69 && b[p + 1] === 0x74 && b[p + 2] === 0x65 && b[p + 3] === 0x6d && b[p + 4] === EQ)) return false;
  p += 5;
  const digits = p;
  while (p < end && (b[p] as number) >= 48 && (b[p] as number) <= 57) p++;
  if (p === digits || b[p] !== SPACE) return false;
  p++;
  // name=
  if (!(b[p] === 0x6e && b[p + 1] === 0x61 && b[p + 2] === 0x6d && b[p + 3] === 0x65 && b[p + 4] === EQ)) return false;
  p += 5;
  let name: string;
  if (b[p] === QUOTE) {
    const close = b.indexOf(QUOTE, p + 1);
    if (close < 0 || close >= end) return false;
    name = strings.text(b, p + 1, close);
  } else if (end - p >= 6 && b.toString('latin1', p, p + 6) === '(null)') {
    name = '(null)';
  } else return false;
  if (s.filenames === null) s.filenames = [];
  if (name.charCodeAt(0) === 46 && (name.charCodeAt(1) === 46 || name.charCodeAt(1) === 47) && s.cwd !== null) {
    name = `${s.cwd}/${name}`.slice(0, 4095);
  }
  s.addFilename(name);
  return true;
}

/** CWD: `cwd="..."`; the event's first cwd is kept. */
export function readCanonicalCwd(b: Buffer, body: number, end: number, s: SearchItems, strings: ByteStrings): boolean {
  const p = body;
  if (!(b[p] === 0x63 && b[p + 1] === 0x77 && b[p + 2] === 0x64 && b[p + 3] === EQ && b[p + 4] === QUOTE)) return false;
  const close = b.indexOf(QUOTE, p + 5);
  if (close < 0 || close >= end) return false;
  if (s.cwd === null) s.cwd = strings.text(b, p + 5, close);
  return true;
}
