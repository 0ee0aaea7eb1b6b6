// Field extraction for SYSCALL records and the task description they share
// with FEATURE_CHANGE and ANOM_LINK, following ausearch 3.0.9's parser step by
// step, including where each search starts: a field is looked for after the
// last one read, and a missing required field makes the whole event
// unmatchable (a nonzero code).
import { strtol, unescapeHex } from './c-text.js';
import type { ParseCtx } from './parse-common.js';
import { KEEP_TERM, i32At, noteEuid, noteLoginuid, noteUid, overflowsU64, readQuotedOrHex, u32At } from './parse-common.js';

export function parseSyscall(ctx: ParseCtx, m: string): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.arch) {
    str = m.indexOf('arch=', term);
    if (str < 0) return 1;
    ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 2;
    const arch = i32At(m, ptr, term, 16);
    if (Number.isNaN(arch)) return 3;
    s.arch = arch;
  }
  str = m.indexOf('syscall=', term);
  if (str < 0) return 4;
  ptr = str + 8;
  term = m.indexOf(' ', ptr);
  if (term < 0) return 5;
  const sc = i32At(m, ptr, term);
  if (Number.isNaN(sc)) return 6;
  s.syscall = sc;
  if (w.success) {
    str = m.indexOf('success=', term);
    if (str >= 0) {
      ptr = str + 8;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 7;
      s.success = m.slice(ptr, term) === 'yes' ? 1 : 0;
    }
  }
  if (w.exit) {
    str = m.indexOf('exit=', term);
    if (str < 0) return 8;
    ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 9;
    const exit = strtol(m, ptr, term, 0);
    if (exit === undefined) return 10;
    s.exit = exit;
    s.exitIsSet = true;
  }
  // a0 and a1 are read (for -i) whatever the criteria: both must be there.
  for (let arg = 0; arg < 2; arg++) {
    str = m.indexOf(arg === 0 ? 'a0=' : 'a1=', term);
    if (str < 0) return 11;
    ptr = str + 3;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 12;
    if (overflowsU64(m, ptr, term, 16)) return 13;
  }
  const ret = parseTaskInfo(ctx, m);
  if (ret !== 0) return ret;
  if (w.key) {
    str = m.indexOf('key=', term);
    if (str >= 0) {
      str += 4;
      if (m.charCodeAt(str) === 34 /* " */) {
        const close = m.indexOf('"', str + 1);
        if (close < 0) return 44;
        s.addKey(m.slice(str + 1, close));
      } else {
        // A hex key holds several keys joined by 0x01 (AUDIT_KEY_SEPARATOR);
        // `key=(null)` is kept as the key "(null)".
        const keys = unescapeHex(m, str);
        if (keys === null) return 45;
        for (const k of keys.split('\x01')) if (k.length > 0) s.addKey(k);
        if (s.keys === null) s.keys = [];
      }
    }
  }
  return 0;
}

export function parseTaskInfo(ctx: ParseCtx, m: string): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.ppid) {
    str = m.indexOf('ppid=', term);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 14;
      const v = i32At(m, ptr, term);
      if (Number.isNaN(v)) return 15;
      s.ppid = v;
    }
  }
  if (w.pid) {
    str = m.indexOf(' pid=', term);
    if (str < 0) return 16;
    ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 17;
    const v = i32At(m, ptr, term);
    if (Number.isNaN(v)) return 18;
    s.pid = v;
  }
  if (w.loginuid) {
    str = m.indexOf('auid=', term);
    if (str < 0) {
      str = m.indexOf('loginuid=', term);
      if (str < 0) return 19;
      ptr = str + 9;
    } else ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 20;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 21;
    noteLoginuid(ctx, v);
  }
  if (w.uid) {
    // The first "uid=" may be the tail of "auid=": skip those.
    for (;;) {
      str = m.indexOf('uid=', term);
      if (str < 0) return 22;
      if (m.charCodeAt(str - 1) !== 97 /* a */) break;
      term = str + 1;
    }
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 23;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 24;
    noteUid(ctx, v);
  }
  if (w.gid) {
    str = m.indexOf('gid=', term);
    if (str < 0) return 25;
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 26;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 27;
    s.gid = v;
  }
  if (w.euid) {
    str = m.indexOf('euid=', term);
    if (str < 0) return 28;
    ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 29;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 30;
    noteEuid(ctx, v);
  }
  if (w.egid) {
    str = m.indexOf('egid=', term);
    if (str < 0) return 31;
    ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 32;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 33;
    s.egid = v;
  }
  if (w.terminal) {
    str = m.indexOf('tty=', term);
    if (str >= 0) {
      str += 4;
      term = m.indexOf(' ', str);
      if (term < 0) return 34;
      s.terminal = m.slice(str, term);
    }
  }
  if (w.session) {
    str = m.indexOf('ses=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 35;
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 36;
      s.sessionId = v;
    }
  }
  if (w.comm) {
    str = m.indexOf('comm=', term);
    if (str < 0) return 38;
    s.comm = null;
    const r = readQuotedOrHex(m, str + 5);
    if (r === undefined) return 37;
    s.comm = r.value;
    if (r.term !== KEEP_TERM) term = r.term;
  }
  if (w.exe) {
    // Looked for from the start of the record, not after comm.
    str = m.indexOf('exe=');
    if (str < 0) return 40;
    const r = readQuotedOrHex(m, str + 4);
    if (r === undefined) return 39;
    s.exe = r.value;
    if (r.term !== KEEP_TERM) term = r.term;
  }
  if (w.subject) {
    str = m.indexOf('subj=', term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(' ', str);
      if (term < 0) return 41;
      s.addContext({ subject: m.slice(str, term), object: null });
    }
  }
  if (w.success) {
    str = m.indexOf('res=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      const v = i32At(m, ptr, term);
      if (Number.isNaN(v)) return 43;
      s.success = v;
    }
  }
  return 0;
}
