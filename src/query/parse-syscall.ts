// Field extraction for SYSCALL records and the task description they share
// with FEATURE_CHANGE and ANOM_LINK, following ausearch 3.0.9's parser step by
// step, including where each search starts: a field is looked for after the
// last one read, and a missing required field makes the whole event
// unmatchable (a nonzero code).
import {
  A0, A1, ARCH, AUID, COMM, EGID, EUID, EXE, EXIT, GID, KEY, LOGINUID, PPID, RES, SES, SP, SPACE_PID, SUBJ, SUCCESS, SYSCALL,
  TTY, UID, YES_TEXT,
} from './field-needles.js';
import type { ParseCtx } from './parse-common.js';
import { KEEP_TERM, noteEuid, noteLoginuid, noteUid, readQuotedOrHex, valueRead } from './parse-common.js';
import type { RecordText } from './record-text.js';

export function parseSyscall(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.arch) {
    str = m.find(ARCH, term);
    if (str < 0) return 1;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 2;
    const arch = m.i32(ptr, term, 16);
    if (Number.isNaN(arch)) return 3;
    s.arch = arch;
  }
  str = m.find(SYSCALL, term);
  if (str < 0) return 4;
  ptr = str + 8;
  term = m.indexOf(SP, ptr);
  if (term < 0) return 5;
  const sc = m.i32(ptr, term);
  if (Number.isNaN(sc)) return 6;
  s.syscall = sc;
  if (w.success) {
    str = m.find(SUCCESS, term);
    if (str >= 0) {
      ptr = str + 8;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 7;
      s.success = m.equals(ptr, term, YES_TEXT) ? 1 : 0;
    }
  }
  if (w.exit) {
    str = m.find(EXIT, term);
    if (str < 0) return 8;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 9;
    const exit = m.strtol(ptr, term, 0);
    if (exit === undefined) return 10;
    s.exit = exit;
    s.exitIsSet = true;
  }
  // a0 and a1 are read (for -i) whatever the criteria: both must be there.
  for (let arg = 0; arg < 2; arg++) {
    str = m.find(arg === 0 ? A0 : A1, term);
    if (str < 0) return 11;
    ptr = str + 3;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 12;
    if (m.overflowsU64(ptr, term, 16)) return 13;
  }
  const ret = parseTaskInfo(ctx, m);
  if (ret !== 0) return ret;
  if (w.key) {
    str = m.find(KEY, term);
    if (str >= 0) {
      str += 4;
      if (m.at(str) === 34 /* " */) {
        const close = m.indexOf(34, str + 1);
        if (close < 0) return 44;
        s.addKey(m.text(str + 1, close));
      } else {
        // A hex key holds several keys joined by 0x01 (AUDIT_KEY_SEPARATOR);
        // `key=(null)` is kept as the key "(null)".
        const keys = m.unescape(str);
        if (keys === null) return 45;
        for (const k of keys.split('\x01')) if (k.length > 0) s.addKey(k);
        if (s.keys === null) s.keys = [];
      }
    }
  }
  return 0;
}

export function parseTaskInfo(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.ppid) {
    str = m.find(PPID, term);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 14;
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 15;
      s.ppid = v;
    }
  }
  if (w.pid) {
    str = m.find(SPACE_PID, term);
    if (str < 0) return 16;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 17;
    const v = m.i32(ptr, term);
    if (Number.isNaN(v)) return 18;
    s.pid = v;
  }
  if (w.loginuid) {
    str = m.find(AUID, term);
    if (str < 0) {
      str = m.find(LOGINUID, term);
      if (str < 0) return 19;
      ptr = str + 9;
    } else ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 20;
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 21;
    noteLoginuid(ctx, v);
  }
  if (w.uid) {
    // The first "uid=" may be the tail of "auid=": skip those.
    for (;;) {
      str = m.find(UID, term);
      if (str < 0) return 22;
      if (m.at(str - 1) !== 97 /* a */) break;
      term = str + 1;
    }
    ptr = str + 4;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 23;
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 24;
    noteUid(ctx, v);
  }
  if (w.gid) {
    str = m.find(GID, term);
    if (str < 0) return 25;
    ptr = str + 4;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 26;
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 27;
    s.gid = v;
  }
  if (w.euid) {
    str = m.find(EUID, term);
    if (str < 0) return 28;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 29;
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 30;
    noteEuid(ctx, v);
  }
  if (w.egid) {
    str = m.find(EGID, term);
    if (str < 0) return 31;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 32;
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 33;
    s.egid = v;
  }
  if (w.terminal) {
    str = m.find(TTY, term);
    if (str >= 0) {
      str += 4;
      term = m.indexOf(SP, str);
      if (term < 0) return 34;
      s.terminal = m.text(str, term);
    }
  }
  if (w.session) {
    str = m.find(SES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 35;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 36;
      s.sessionId = v;
    }
  }
  if (w.comm) {
    str = m.find(COMM, term);
    if (str < 0) return 38;
    s.comm = null;
    if (!readQuotedOrHex(m, str + 5)) return 37;
    s.comm = valueRead.value;
    if (valueRead.term !== KEEP_TERM) term = valueRead.term;
  }
  if (w.exe) {
    // Looked for from the start of the record, not after comm.
    str = m.find(EXE, 0);
    if (str < 0) return 40;
    if (!readQuotedOrHex(m, str + 4)) return 39;
    s.exe = valueRead.value;
    if (valueRead.term !== KEEP_TERM) term = valueRead.term;
  }
  if (w.subject) {
    str = m.find(SUBJ, term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(SP, str);
      if (term < 0) return 41;
      s.addContext({ subject: m.text(str, term), object: null });
    }
  }
  if (w.success) {
    str = m.find(RES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 43;
      s.success = v;
    }
  }
  return 0;
}
