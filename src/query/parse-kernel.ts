// Field extraction for kernel records that describe a task in their own
// layouts: SECCOMP and the ANOM_* records, NETFILTER_CFG/EVENT_LISTENER, TTY
// and INTEGRITY_*, following ausearch 3.0.9's parsers (see parse-syscall.ts).
import { ARCH, AUID, COMM, EXE, GID, PID, RES, SES, SP, SPACE_NAME, SPACE_PID, SPACE_UID, SUBJ, SYSCALL, TTY, UID } from './field-needles.js';
import { commonPathParser } from './parse-path.js';
import type { ParseCtx } from './parse-common.js';
import { KEEP_TERM, noteLoginuid, noteUid, readQuotedOrHex, valueRead } from './parse-common.js';
import type { RecordText } from './record-text.js';
import { LOGINUID_UNSET, SESSION_UNSET, UID_UNSET } from './search-items.js';

const ANOM_PROMISCUOUS = 1700;
const ANOM_ABEND = 1701;
const SECCOMP = 1326;

export function parseKernelAnom(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.loginuid) {
    str = m.find(AUID, term);
    if (str < 0) return 1;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 2;
    noteLoginuid(ctx, v);
    if (term < 0) term = ptr;
  }
  if (w.uid) {
    // Without -ul this finds the "uid=" inside "auid=" and reads the auid.
    str = m.find(UID, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 3;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 4;
      noteUid(ctx, v);
    }
  }
  if (w.gid) {
    str = m.find(GID, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 5;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 6;
      s.gid = v;
    }
  }
  if (w.session) {
    str = m.find(SES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 7;
      s.sessionId = v;
      if (term < 0) term = ptr;
    }
  }
  if (ctx.type === ANOM_PROMISCUOUS) return 0;
  if (w.subject) {
    str = m.find(SUBJ, term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(SP, str);
      if (term < 0) return 8;
      s.addContext({ subject: m.text(str, term), object: null });
    }
  }
  if (w.pid) {
    str = m.find(PID, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 10;
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 11;
      s.pid = v;
    }
  }
  if (w.comm) {
    str = m.find(COMM, term);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 5)) return 12;
      s.comm = valueRead.value;
      if (valueRead.term !== KEEP_TERM) term = valueRead.term;
    }
  }
  if (w.exe) {
    str = m.find(EXE, term);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 4)) return 13;
      s.exe = valueRead.value;
      if (valueRead.term !== KEEP_TERM) term = valueRead.term;
    } else if (ctx.type !== ANOM_ABEND) return 14;
  }
  if (ctx.type === SECCOMP) {
    str = m.find(ARCH, term);
    if (str < 0) return 0; // a few kernels log no arch
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 15;
    const arch = m.i32(ptr, term, 16);
    if (Number.isNaN(arch)) return 16;
    s.arch = arch;
    str = m.find(SYSCALL, term);
    if (str < 0) return 17;
    ptr = str + 8;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 18;
    const sc = m.i32(ptr, term);
    if (Number.isNaN(sc)) return 19;
    s.syscall = sc;
  }
  if (w.success) {
    str = m.find(RES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 68;
      s.success = v;
    }
  }
  return 0;
}

/** NETFILTER_CFG and EVENT_LISTENER: fills only what earlier records left unset. */
export function parseKernel(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.pid && s.pid === -1) {
    str = m.find(SPACE_PID, term);
    if (str < 0) return 54;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 52;
    const v = m.i32(ptr, term);
    if (Number.isNaN(v)) return 53;
    s.pid = v;
  }
  if (s.uid === UID_UNSET && s.uidName === null && w.uid) {
    str = m.find(UID, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 55;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 56;
      noteUid(ctx, v);
    } else noteUid(ctx, 0);
  }
  if (s.loginuid === LOGINUID_UNSET && s.loginuidName === null && w.loginuid) {
    str = m.find(AUID, term);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 57;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 58;
      noteLoginuid(ctx, v);
    } else noteLoginuid(ctx, UID_UNSET);
  }
  if (s.terminal === null && w.terminal) {
    str = m.find(TTY, term);
    if (str >= 0) {
      str += 4;
      term = m.indexOf(SP, str);
      if (term < 0) return 59;
      s.terminal = m.text(str, term);
    } else s.terminal = '(none)';
  }
  if (s.sessionId === SESSION_UNSET && w.session) {
    str = m.find(SES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 60;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 61;
      s.sessionId = v;
    } else s.sessionId = UID_UNSET;
  }
  if (s.contexts === null && w.subject) {
    str = m.find(SUBJ, term);
    if (str < 0) return 64;
    str += 5;
    term = m.indexOf(SP, str);
    if (term < 0) return 62;
    s.addContext({ subject: m.text(str, term), object: null });
  }
  if (s.comm === null && w.comm) {
    str = m.find(COMM, term);
    if (str < 0) return 66;
    if (!readQuotedOrHex(m, str + 5)) return 65;
    s.comm = valueRead.value;
    if (valueRead.term !== KEEP_TERM) term = valueRead.term;
  }
  if (s.exe === null && w.exe) {
    str = m.find(EXE, 0);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 4)) return 67;
      s.exe = valueRead.value;
      if (valueRead.term !== KEEP_TERM) term = valueRead.term;
    } else s.exe = '(null)';
  }
  if (w.success) {
    str = m.find(RES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 69;
      s.success = v;
    }
  }
  return 0;
}

export function parseTty(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.pid) {
    str = m.find(PID, 0);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 1;
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 2;
      s.pid = v;
    }
  }
  if (w.uid) {
    str = m.find(SPACE_UID, term);
    if (str >= 0) {
      // ausearch reads from the '=' here, so the value is always 0.
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 3;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 4;
      noteUid(ctx, v);
    }
  }
  if (w.loginuid) {
    str = m.find(AUID, term);
    if (str < 0) return 5;
    ptr = str + 5;
    term = m.indexOf(SP, ptr);
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 6;
    noteLoginuid(ctx, v);
    if (term < 0) term = ptr;
  }
  if (w.session) {
    str = m.find(SES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 7;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 8;
      s.sessionId = v;
    }
  }
  if (w.comm) {
    str = m.find(COMM, term);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 5)) return 11;
      s.comm = valueRead.value;
    }
  }
  return 0;
}

/** INTEGRITY_DATA .. INTEGRITY_RULE. */
export function parseIntegrity(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  str = m.find(PID, term);
  if (str >= 0) {
    ptr = str + 4;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 1;
    const v = m.i32(ptr, term);
    if (Number.isNaN(v)) return 2;
    s.pid = v;
  }
  if (w.uid) {
    str = m.find(SPACE_UID, term);
    if (str >= 0) {
      ptr = str + 4; // at the '=': reads 0, as ausearch does
      term = m.indexOf(SP, ptr);
      if (term < 0) return 3;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 4;
      noteUid(ctx, v);
    }
  }
  if (w.loginuid) {
    str = m.find(AUID, 0);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 5;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 6;
      noteLoginuid(ctx, v);
    }
  }
  if (w.session) {
    str = m.find(SES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 10;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 11;
      s.sessionId = v;
    }
  }
  if (w.subject) {
    str = m.find(SUBJ, term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(SP, str);
      if (term < 0) return 12;
      s.addContext({ subject: m.text(str, term), object: null });
    }
  }
  if (w.comm) {
    str = m.find(COMM, term);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 5)) return 7;
      s.comm = valueRead.value;
      if (valueRead.term !== KEEP_TERM) term = valueRead.term;
    }
  }
  if (w.file) {
    str = m.find(SPACE_NAME, term);
    if (str >= 0 && commonPathParser(ctx, m, str + 6) !== 0) return 8;
  }
  if (w.success) {
    str = m.find(RES, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      const v = m.i32(ptr, term);
      if (Number.isNaN(v)) return 9;
      s.success = v;
    }
  }
  return 0;
}
