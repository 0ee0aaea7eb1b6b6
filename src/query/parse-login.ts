// Field extraction for LOGIN, DAEMON_* and the loginuid/session/key records
// (CONFIG_CHANGE, MAC_*), following ausearch 3.0.9's parsers (see
// parse-syscall.ts).
import { isAlphaCode } from './c-text.js';
import {
  ADDR, AUID, FAILED_TEXT, KEY, NEW_AUID, NEW_LOGINUID, NEW_SES, PID, RES, SES, SP, SPACE_AUID, SPACE_SES, SPACE_UID, SUBJ, UID,
} from './field-needles.js';
import type { ParseCtx } from './parse-common.js';
import { OPTIONAL, fieldRead, findField, noteLoginuid, noteUid, readI32, readU32, termOrStart } from './parse-common.js';
import type { RecordText } from './record-text.js';

const CONFIG_CHANGE = 1305;

export function parseLogin(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  let rc: number;
  if (w.pid) {
    rc = readI32(m, PID, term, 1, 2, 3);
    if (rc !== 0) return rc;
    s.pid = fieldRead.value;
    term = fieldRead.term;
  }
  if (w.uid) {
    rc = readU32(m, UID, term, 4, 5, 6);
    if (rc !== 0) return rc;
    noteUid(ctx, fieldRead.value);
    term = fieldRead.term;
  }
  if (w.subject) {
    rc = findField(m, SUBJ, term, OPTIONAL, 12);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      // ausearch keeps the "subj=" prefix here.
      s.addContext({ subject: m.text(fieldRead.start - SUBJ.length, term), object: null });
    }
  }
  if (w.loginuid) {
    str = m.find(NEW_AUID, term);
    if (str < 0) {
      str = m.find(SPACE_AUID, term);
      if (str < 0) {
        str = m.find(NEW_LOGINUID, term);
        if (str < 0) return 7;
        ptr = str + 13;
      } else ptr = str + 6;
    } else ptr = str + 9;
    term = m.indexOf(SP, ptr);
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 8;
    noteLoginuid(ctx, v);
  }
  if (w.success) {
    if (term < 0) term = 0;
    rc = readI32(m, RES, term, OPTIONAL, OPTIONAL, 9);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.success = fieldRead.value;
      term = fieldRead.term;
    } else s.success = 1; // older kernels: always successful
  }
  if (w.session) {
    if (term < 0) term = 0;
    str = m.find(NEW_SES, term);
    if (str < 0) {
      str = m.find(SPACE_SES, term);
      if (str < 0) return 14;
      ptr = str + 5;
    } else ptr = str + 8;
    term = m.indexOf(SP, ptr);
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 11;
    s.sessionId = v;
  }
  return 0;
}

/** DAEMON_START, _END, _ABORT, _CONFIG, _ROTATE, _RESUME. */
export function parseDaemon1(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  const paren = m.indexOf(41, 0);
  const mptr = paren < 0 ? 0 : paren;
  let term = mptr;
  let str: number;
  let ptr: number;
  let rc: number;
  if (w.loginuid) {
    rc = readU32(m, AUID, mptr, 1, 2, 3);
    if (rc !== 0) return rc;
    noteLoginuid(ctx, fieldRead.value);
    term = fieldRead.term;
  }
  if (w.pid) {
    rc = readI32(m, PID, term, 4, 5, 6);
    if (rc !== 0) return rc;
    s.pid = fieldRead.value;
    term = fieldRead.term;
  }
  // Only a numeric -ui reads uid here, and no name is looked up for it.
  if (w.uidNumber) {
    rc = readU32(m, SPACE_UID, term, OPTIONAL, 7, 8);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.uid = fieldRead.value;
      term = fieldRead.term;
    }
  }
  if (w.session) {
    rc = readU32(m, SES, term, OPTIONAL, 9, 10);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = fieldRead.term;
    }
  }
  if (w.subject && findField(m, SUBJ, term, OPTIONAL, OPTIONAL) === 0) {
    s.addContext({ subject: m.text(fieldRead.start, fieldRead.term), object: null });
  }
  if (w.success) {
    str = m.find(RES, mptr);
    if (str >= 0) {
      ptr = str + 4;
      let end = ptr;
      while (end < m.length && isAlphaCode(m.at(end))) end++;
      if (end === ptr) return 12;
      s.success = m.startsWith(FAILED_TEXT, ptr) && end - ptr >= 6 ? 0 : 1;
    }
  }
  return 0;
}

/** DAEMON_ACCEPT and DAEMON_CLOSE. */
export function parseDaemon2(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  if (w.hostname) {
    str = m.find(ADDR, term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(58, str);
      if (term < 0) {
        term = m.indexOf(SP, str);
        if (term < 0) return 1;
      }
      s.hostname = m.text(str, term);
    }
  }
  if (w.success) {
    str = m.find(RES, term);
    if (str >= 0) {
      const ptr = str + 4;
      let end = ptr;
      while (end < m.length && isAlphaCode(m.at(end))) end++;
      if (end === ptr) return 2;
      s.success = m.startsWith(FAILED_TEXT, ptr) && end - ptr >= 6 ? 0 : 1;
    }
  }
  return 0;
}

/** CONFIG_CHANGE and MAC_POLICY_LOAD .. MAC_UNLBL_STCDEL: auid, ses, subj, key, res. */
export function parseSimpleMessage(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  let rc: number;
  if (w.loginuid) {
    rc = readU32(m, AUID, term, ctx.type === CONFIG_CHANGE ? OPTIONAL : 1, OPTIONAL, 2);
    if (rc > 0) return rc;
    if (rc === 0) {
      noteLoginuid(ctx, fieldRead.value);
      term = termOrStart();
    }
  }
  if (w.session) {
    rc = readU32(m, SES, term, OPTIONAL, OPTIONAL, 3);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.sessionId = fieldRead.value;
      term = termOrStart();
    }
  }
  if (w.subject && findField(m, SUBJ, term, OPTIONAL, OPTIONAL) === 0) {
    s.addContext({ subject: m.text(fieldRead.start, fieldRead.term), object: null });
    term = termOrStart();
  }
  if (w.key) {
    str = m.find(KEY, term);
    if (str >= 0) {
      if (s.keys === null) s.keys = [];
      ptr = str + 4;
      if (m.at(ptr) === 34) {
        const close = m.indexOf(34, ptr + 1);
        if (close < 0) return 6;
        s.addKey(m.text(ptr + 1, close));
        term = close;
      } else {
        const keys = m.unescape(ptr);
        if (keys === null) return 8;
        for (const k of keys.split('\x01')) if (k.length > 0) s.addKey(k);
      }
    }
  }
  // The kernel logs no res= for most of these: success unless it says so.
  if (ctx.type === CONFIG_CHANGE) s.success = 1;
  if (w.success) {
    rc = readI32(m, RES, term, OPTIONAL, OPTIONAL, 7);
    if (rc > 0) return rc;
    if (rc === 0) s.success = fieldRead.value;
  }
  return 0;
}
