// Field extraction for AVC and USER_AVC records, following ausearch 3.0.9's
// parser (see parse-syscall.ts): permission, pid, comm, path, contexts.
import { AVC_TEXT, COMM, DENIED_TEXT, PID, SCONTEXT, SPACE_NAME, SPACE_PATH, TCLASS, TCONTEXT } from './field-needles.js';
import type { ParseCtx } from './parse-common.js';
import { OPTIONAL, fieldRead, findField, readI32 } from './parse-common.js';
import { commonPathParser } from './parse-path.js';
import { parseUser } from './parse-user.js';
import type { RecordText } from './record-text.js';
import type { ContextNode } from './search-items.js';

const USER_AVC = 1107;

/** AVC and USER_AVC. */
export function parseAvc(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  const an: ContextNode = { subject: null, object: null };
  let term = 0;
  let str = m.find(AVC_TEXT, 0);
  if (str >= 0) {
    str += 5;
    const brace = m.indexOf(123, str);
    if (brace < 0) {
      term = 0;
    } else {
      if (w.success) {
        const d = m.find(DENIED_TEXT, str);
        const denied = d >= 0 && d + 6 <= brace;
        s.success = denied ? 0 : 1;
        an.result = denied ? 'denied' : 'granted';
      }
      let p = brace + 1;
      while (m.at(p) === 32) p++;
      const close = m.indexOf(125, p);
      if (close < 0) return 2;
      term = close;
      while (m.at(term - 1) === 32) term--;
      an.perm = m.text(p, term);
    }
  }
  if (ctx.type === USER_AVC) {
    let rc = parseUser(ctx, m, an);
    if (rc > 20) rc = 0;
    s.addContext(an);
    return rc;
  }
  if (w.pid) {
    const rc = readI32(m, PID, term, OPTIONAL, 3, 4);
    if (rc > 0) return rc;
    if (rc === 0) {
      s.pid = fieldRead.value;
      term = fieldRead.term;
    }
  }
  if (w.comm && s.comm === null) {
    str = m.find(COMM, term);
    if (str < 0) return 5;
    str += 5;
    if (m.at(str) === 34) {
      const close = m.indexOf(34, str + 1);
      if (close < 0) return 6;
      s.comm = m.text(str + 1, close);
      term = close;
    } else {
      s.comm = m.unescape(str);
      if (s.comm === null) return 11;
      term = str + 6;
    }
  }
  if (w.file) {
    // ausearch moves on by 7 from where it was, not past the path.
    str = m.find(SPACE_PATH, term);
    if (str >= 0) {
      const rc = commonPathParser(ctx, m, str + 6);
      if (rc !== 0) return rc;
      term += 7;
    } else {
      str = m.find(SPACE_NAME, term);
      if (str >= 0) {
        const rc = commonPathParser(ctx, m, str + 6);
        if (rc !== 0) return rc;
        term += 7;
      }
    }
  }
  if (w.subject) {
    const rc = findField(m, SCONTEXT, term, OPTIONAL, 7);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      an.subject = m.text(fieldRead.start, term);
    }
  }
  if (w.object) {
    const rc = findField(m, TCONTEXT, term, OPTIONAL, 8);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      an.object = m.text(fieldRead.start, term);
    }
  }
  const rc = findField(m, TCLASS, term, 9, OPTIONAL);
  if (rc !== 0) return rc;
  an.tclass = m.text(fieldRead.start, fieldRead.term);
  s.addContext(an);
  return 0;
}
