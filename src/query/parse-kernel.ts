// Field extraction for kernel records that describe a task in their own
// layouts: SECCOMP and the ANOM_* records, NETFILTER_CFG/EVENT_LISTENER, TTY
// and INTEGRITY_*, following ausearch 3.0.9's parsers (see parse-syscall.ts).
import { ARCH, AUID, COMM, EXE, GID, PID, RES, SES, SP, SPACE_NAME, SPACE_PID, SPACE_UID, SUBJ, SYSCALL, TTY, UID } from './field-needles.js';
import { commonPathParser } from './parse-path.js';
import type { ParseCtx } from './parse-common.js';
import {
  ABSENT, KEEP_TERM, OPTIONAL, fieldRead, findField, noteLoginuid, noteUid, readI32, readQuotedOrHex, readU32, termOrStart, valueRead,
} from './parse-common.js';
import type { RecordText } from './record-text.js';
import { LOGINUID_UNSET, SESSION_UNSET, UID_UNSET } from './search-items.js';

const ANOM_PROMISCUOUS = 1700;
const ANOM_ABEND = 1701;
const SECCOMP = 1326;

export function parseKernelAnom(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let rc: number;
  if (w.loginuid) {
    rc = readU32(m, AUID, term, 1, OPTIONAL, 2);
    if (rc !== 0) return rc;
    noteLoginuid(ctx, fieldRead.value);
    term = termOrStart();
  }
  if (w.uid) {
    // Without -ul this finds the "uid=" inside "auid=" and reads the auid.
    rc = readU32(m, UID, term, OPTIONAL, 3, 4);
    if (rc > 0) return rc;
    if (rc === 0) {
      noteUid(ctx, fieldRead.value);
      term = fieldRead.term;
    }
  }
  if (w.gid) {
    rc = readU32(m, GID, term, OPTIONAL, 5, 6);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.gid = fieldRead.value;
      term = fieldRead.term;
    }
  }
  if (w.session) {
    rc = readU32(m, SES, term, OPTIONAL, OPTIONAL, 7);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = termOrStart();
    }
  }
  if (ctx.type === ANOM_PROMISCUOUS) return 0;
  if (w.subject) {
    rc = findField(m, SUBJ, term, OPTIONAL, 8);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.addContext({ subject: m.text(fieldRead.start, term), object: null });
    }
  }
  if (w.pid) {
    rc = readI32(m, PID, term, OPTIONAL, 10, 11);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.pid = fieldRead.value;
      term = fieldRead.term;
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
    rc = readI32(m, ARCH, term, OPTIONAL, 15, 16, 16);
    if (rc === ABSENT) return 0; // a few kernels log no arch
    if (rc !== 0) return rc;
    s.arch = fieldRead.value;
    rc = readI32(m, SYSCALL, fieldRead.term, 17, 18, 19);
    if (rc !== 0) return rc;
    s.syscall = fieldRead.value;
    term = fieldRead.term;
  }
  if (w.success) {
    rc = readI32(m, RES, term, OPTIONAL, OPTIONAL, 68);
    if (rc > 0) return rc;
    if (rc === 0) s.success = fieldRead.value;
  }
  return 0;
}

/** NETFILTER_CFG and EVENT_LISTENER: fills only what earlier records left unset. */
export function parseKernel(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let rc: number;
  if (w.pid && s.pid === -1) {
    rc = readI32(m, SPACE_PID, term, 54, 52, 53);
    if (rc !== 0) return rc;
    s.pid = fieldRead.value;
    term = fieldRead.term;
  }
  if (s.uid === UID_UNSET && s.uidName === null && w.uid) {
    rc = readU32(m, UID, term, OPTIONAL, 55, 56);
    if (rc > 0) return rc;
    if (rc === 0) {
      noteUid(ctx, fieldRead.value);
      term = fieldRead.term;
    } else noteUid(ctx, 0);
  }
  if (s.loginuid === LOGINUID_UNSET && s.loginuidName === null && w.loginuid) {
    rc = readU32(m, AUID, term, OPTIONAL, 57, 58);
    if (rc > 0) return rc;
    if (rc === 0) {
      noteLoginuid(ctx, fieldRead.value);
      term = fieldRead.term;
    } else noteLoginuid(ctx, UID_UNSET);
  }
  if (s.terminal === null && w.terminal) {
    rc = findField(m, TTY, term, OPTIONAL, 59);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.terminal = m.text(fieldRead.start, term);
    } else s.terminal = '(none)';
  }
  if (s.sessionId === SESSION_UNSET && w.session) {
    rc = readU32(m, SES, term, OPTIONAL, 60, 61);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = fieldRead.term;
    } else s.sessionId = UID_UNSET;
  }
  if (s.contexts === null && w.subject) {
    rc = findField(m, SUBJ, term, 64, 62);
    if (rc !== 0) return rc;
    term = fieldRead.term;
    s.addContext({ subject: m.text(fieldRead.start, term), object: null });
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
    rc = readI32(m, RES, term, OPTIONAL, OPTIONAL, 69);
    if (rc > 0) return rc;
    if (rc === 0) s.success = fieldRead.value;
  }
  return 0;
}

export function parseTty(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  let rc: number;
  if (w.pid) {
    rc = readI32(m, PID, 0, OPTIONAL, 1, 2);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.pid = fieldRead.value;
      term = fieldRead.term;
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
    rc = readU32(m, AUID, term, 5, OPTIONAL, 6);
    if (rc !== 0) return rc;
    noteLoginuid(ctx, fieldRead.value);
    term = termOrStart();
  }
  if (w.session) {
    rc = readU32(m, SES, term, OPTIONAL, 7, 8);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = fieldRead.term;
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
  let rc = readI32(m, PID, term, OPTIONAL, 1, 2);
  if (rc > 0) return rc;
  if (rc === 0) {
    s.pid = fieldRead.value;
    term = fieldRead.term;
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
    rc = readU32(m, AUID, 0, OPTIONAL, 5, 6);
    if (rc > 0) return rc;
    if (rc === 0) {
      noteLoginuid(ctx, fieldRead.value);
      term = fieldRead.term;
    }
  }
  if (w.session) {
    rc = readU32(m, SES, term, OPTIONAL, 10, 11);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = fieldRead.term;
    }
  }
  if (w.subject) {
    rc = findField(m, SUBJ, term, OPTIONAL, 12);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.addContext({ subject: m.text(fieldRead.start, term), object: null });
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
    rc = readI32(m, RES, term, OPTIONAL, OPTIONAL, 9);
    if (rc > 0) return rc;
    if (rc === 0) s.success = fieldRead.value;
  }
  return 0;
}
