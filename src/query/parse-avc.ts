// Field extraction for AVC and USER_AVC records, following ausearch 3.0.9's
// parser (see parse-syscall.ts): permission, pid, comm, path, contexts.
import { unescapeHex } from './c-text.js';
import type { ParseCtx } from './parse-common.js';
import { i32At } from './parse-common.js';
import type { ContextNode } from './search-items.js';
import { parseUser } from './parse-user.js';

const USER_AVC = 1107;

/** AVC and USER_AVC. */
export function parseAvc(ctx: ParseCtx, m: string, commonPath: (at: number) => number): number {
  const { w, s } = ctx;
  const an: ContextNode = { subject: null, object: null };
  let term = 0;
  let str = m.indexOf('avc: ');
  if (str >= 0) {
    str += 5;
    const brace = m.indexOf('{', str);
    if (brace < 0) {
      term = 0;
    } else {
      if (w.success) {
        const denied = m.slice(str, brace).includes('denied');
        s.success = denied ? 0 : 1;
        an.result = denied ? 'denied' : 'granted';
      }
      let p = brace + 1;
      while (m.charCodeAt(p) === 32) p++;
      const close = m.indexOf('}', p);
      if (close < 0) return 2;
      term = close;
      while (m.charCodeAt(term - 1) === 32) term--;
      an.perm = m.slice(p, term);
    }
  }
  if (ctx.type === USER_AVC) {
    let rc = parseUser(ctx, m, an, commonPath);
    if (rc > 20) rc = 0;
    s.addContext(an);
    return rc;
  }
  if (w.pid) {
    str = m.indexOf('pid=', term);
    if (str >= 0) {
      str += 4;
      term = m.indexOf(' ', str);
      if (term < 0) return 3;
      const v = i32At(m, str, term);
      if (Number.isNaN(v)) return 4;
      s.pid = v;
    }
  }
  if (w.comm && s.comm === null) {
    str = m.indexOf('comm=', term);
    if (str < 0) return 5;
    str += 5;
    if (m.charCodeAt(str) === 34) {
      const close = m.indexOf('"', str + 1);
      if (close < 0) return 6;
      s.comm = m.slice(str + 1, close);
      term = close;
    } else {
      s.comm = unescapeHex(m, str);
      if (s.comm === null) return 11;
      term = str + 6;
    }
  }
  if (w.file) {
    // ausearch moves on by 7 from where it was, not past the path.
    str = m.indexOf(' path=', term);
    if (str >= 0) {
      const rc = commonPath(str + 6);
      if (rc !== 0) return rc;
      term += 7;
    } else {
      str = m.indexOf(' name=', term);
      if (str >= 0) {
        const rc = commonPath(str + 6);
        if (rc !== 0) return rc;
        term += 7;
      }
    }
  }
  if (w.subject) {
    str = m.indexOf('scontext=', term);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(' ', str);
      if (term < 0) return 7;
      an.subject = m.slice(str, term);
    }
  }
  if (w.object) {
    str = m.indexOf('tcontext=', term);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(' ', str);
      if (term < 0) return 8;
      an.object = m.slice(str, term);
    }
  }
  str = m.indexOf('tclass=', term);
  if (str < 0) return 9;
  str += 7;
  const end = m.indexOf(' ', str);
  an.tclass = m.slice(str, end < 0 ? m.length : end);
  s.addContext(an);
  return 0;
}
