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
import {
  KEEP_TERM, OPTIONAL, fieldRead, findField, noteEuid, noteLoginuid, noteUid, readI32, readQuotedOrHex, readU32, valueRead,
} from './parse-common.js';
import type { RecordText } from './record-text.js';

export function parseSyscall(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  // The first search starts from 0 (past a header that cannot hold it).
  let term = m.bodyAt;
  let str: number;
  let rc: number;
  if (w.arch) {
    rc = readI32(m, ARCH, term, 1, 2, 3, 16);
    if (rc !== 0) return rc;
    s.arch = fieldRead.value;
    term = fieldRead.term;
  }
  rc = readI32(m, SYSCALL, term, 4, 5, 6);
  if (rc !== 0) return rc;
  s.syscall = fieldRead.value;
  term = fieldRead.term;
  if (w.success) {
    rc = findField(m, SUCCESS, term, OPTIONAL, 7);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.success = m.equals(fieldRead.start, term, YES_TEXT) ? 1 : 0;
    }
  }
  if (w.exit) {
    rc = findField(m, EXIT, term, 8, 9);
    if (rc !== 0) return rc;
    term = fieldRead.term;
    const exit = m.strtol(fieldRead.start, term, 0);
    if (exit === undefined) return 10;
    s.exit = exit;
    s.exitIsSet = true;
  }
  // a0 and a1 are read (for -i) whatever the criteria: both must be there.
  for (let arg = 0; arg < 2; arg++) {
    rc = findField(m, arg === 0 ? A0 : A1, term, 11, 12);
    if (rc !== 0) return rc;
    term = fieldRead.term;
    if (m.overflowsU64(fieldRead.start, term, 16)) return 13;
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
  let rc: number;
  if (w.ppid) {
    rc = readI32(m, PPID, term, OPTIONAL, 14, 15);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.ppid = fieldRead.value;
      term = fieldRead.term;
    }
  }
  if (w.pid) {
    rc = readI32(m, SPACE_PID, term, 16, 17, 18);
    if (rc !== 0) return rc;
    s.pid = fieldRead.value;
    term = fieldRead.term;
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
    rc = readU32(m, GID, term, 25, 26, 27);
    if (rc !== 0) return rc;
    s.gid = fieldRead.value;
    term = fieldRead.term;
  }
  if (w.euid) {
    rc = readU32(m, EUID, term, 28, 29, 30);
    if (rc !== 0) return rc;
    noteEuid(ctx, fieldRead.value);
    term = fieldRead.term;
  }
  if (w.egid) {
    rc = readU32(m, EGID, term, 31, 32, 33);
    if (rc !== 0) return rc;
    s.egid = fieldRead.value;
    term = fieldRead.term;
  }
  if (w.terminal) {
    rc = findField(m, TTY, term, OPTIONAL, 34);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.terminal = m.text(fieldRead.start, term);
    }
  }
  if (w.session) {
    rc = readU32(m, SES, term, OPTIONAL, 35, 36);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = fieldRead.term;
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
    rc = findField(m, SUBJ, term, OPTIONAL, 41);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.addContext({ subject: m.text(fieldRead.start, term), object: null });
    }
  }
  if (w.success) {
    rc = readI32(m, RES, term, OPTIONAL, OPTIONAL, 43);
    if (rc > 0) return rc;
    if (rc === 0) s.success = fieldRead.value;
  }
  return 0;
}
