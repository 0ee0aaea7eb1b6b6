// Field extraction for user-space and daemon records (USER_*, LOGIN,
// DAEMON_*), CONFIG_CHANGE/MAC_* (loginuid, session, key) and AVC/USER_AVC,
// following ausearch 3.0.9's parsers step by step (see parse-task.ts).
import { decimalU32, isAlphaCode, isDigitCode, unescapeHex } from './c-text.js';
import type { ParseCtx } from './parse-common.js';
import { KEEP_TERM, i32At, noteLoginuid, noteUid, readHexOrPlain, readQuotedOrHex, u32At } from './parse-common.js';
import type { ContextNode } from './search-items.js';

const ADD_GROUP = 1116;
const DEL_GROUP = 1117;
const GRP_MGMT = 1132;
const VIRT_RESOURCE = 2501;
const VIRT_MACHINE_ID = 2502;
const CONFIG_CHANGE = 1305;
const USER_AVC = 1107;

/** USER_* records; `avc` is the context node of a USER_AVC being read. */
export function parseUser(ctx: ParseCtx, m: string, avc: ContextNode | null, commonPath: (at: number) => number): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.pid) {
    str = m.indexOf('pid=', term);
    if (str < 0) return 1;
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 2;
    const v = i32At(m, ptr, term);
    if (Number.isNaN(v)) return 3;
    s.pid = v;
  }
  if (w.uid) {
    str = m.indexOf('uid=', term);
    if (str < 0) return 4;
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 5;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 6;
    noteUid(ctx, v);
  }
  if (w.loginuid) {
    str = m.indexOf('auid=', term);
    if (str < 0) {
      str = m.indexOf('loginuid=', term);
      if (str < 0) return 7;
      ptr = str + 9;
    } else ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 8;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 9;
    noteLoginuid(ctx, v);
  }
  if (w.session) {
    str = m.indexOf('ses=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 10;
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 11;
      s.sessionId = v;
    }
  }
  if (w.subject) {
    str = m.indexOf('subj=', term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(' ', str);
      if (term < 0) return 12;
      if (avc !== null) avc.subject = m.slice(str, term);
      else s.addContext({ subject: m.slice(str, term), object: null });
    }
  }
  if (avc !== null && w.object) {
    str = m.indexOf('tcontext=', term);
    if (str >= 0) {
      str += 9;
      const end = m.indexOf(' ', str);
      if (end >= 0) {
        avc.object = m.slice(str, end);
        term = end;
      } else term = str;
    }
    str = m.indexOf('tclass=', term);
    if (str >= 0) {
      str += 7;
      const end = m.indexOf(' ', str);
      term = end >= 0 ? end : str;
    }
  }
  if (w.gid && (ctx.type === ADD_GROUP || ctx.type === DEL_GROUP || ctx.type === GRP_MGMT)) {
    str = m.indexOf(' id=', term);
    // A second try for GRP_MGMT; "gid=" is 4 long like " id=".
    if (str < 0 && ctx.type === GRP_MGMT) str = m.indexOf('gid=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 31;
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 32;
      s.gid = v;
    }
  }
  if (w.vmName) {
    str = m.indexOf('vm=', term);
    if (str >= 0) {
      const r = readQuotedOrHex(m, str + 3);
      if (r === undefined) return 23;
      s.vmName = r.value;
      if (r.term !== KEEP_TERM) term = r.term;
    }
  }
  if (w.uuid) {
    str = m.indexOf('uuid=', term);
    if (str >= 0) {
      str += 5;
      term = str;
      while (term < m.length && m.charCodeAt(term) !== 32 && m.charCodeAt(term) !== 58 /* : */) term++;
      if (term === str) return 24;
      s.uuid = m.slice(str, term);
    }
  }
  if (ctx.type === VIRT_MACHINE_ID) {
    if (w.subject) {
      str = m.indexOf('vm-ctx=', term);
      if (str >= 0) {
        str += 7;
        term = m.indexOf(' ', str);
        if (term < 0) return 27;
        s.addContext({ subject: m.slice(str, term), object: null });
      }
    }
    if (w.object) {
      str = m.indexOf('img-ctx=', term);
      if (str >= 0) {
        str += 8;
        term = m.indexOf(' ', str);
        if (term < 0) return 29;
        s.addContext({ subject: null, object: m.slice(str, term) });
      }
    }
  } else if (ctx.type === VIRT_RESOURCE && w.file) {
    let incr = 6;
    str = m.indexOf(' path=', term);
    if (str < 0) {
      incr = 10;
      str = m.indexOf(' new-disk=', term);
    }
    if (str >= 0) {
      str += incr;
      const rc = commonPath(str);
      if (rc !== 0) return rc;
      term = str;
    }
  }
  // Some records (USER_LOGIN) carry the interesting uid second, in msg='...';
  // an "suid="/"ouid="-like match ends the search.
  if (w.uid) {
    for (;;) {
      str = m.indexOf('uid=', term);
      if (str < 0) break;
      const before = m.charCodeAt(str - 1);
      if (before === 97 /* a */) {
        term = str + 1;
        continue;
      }
      if (before === 115 /* s */ || before === 117 /* u */) break;
      if (before !== 39 /* ' */ && before !== 32) return 25;
      ptr = str + 4;
      term = ptr;
      while (term < m.length && isDigitCode(m.charCodeAt(term))) term++;
      if (term === ptr) return 14;
      const v = decimalU32(m, ptr, term);
      if (Number.isNaN(v)) return 15;
      noteUid(ctx, v);
      break;
    }
  }
  let mptr = term;
  if (w.comm) {
    str = m.indexOf('comm=', mptr);
    if (str >= 0) {
      const r = readQuotedOrHex(m, str + 5);
      if (r === undefined) return 16;
      s.comm = r.value;
      if (r.term !== KEEP_TERM) term = r.term;
    }
  }
  // acct= is always read (for reports); only where it ends matters here.
  str = m.indexOf('acct=', mptr);
  if (str >= 0) {
    ptr = str + 5;
    if (m.charCodeAt(ptr) === 34 /* " */) {
      term = ptr + 1;
      while (term < m.length && m.charCodeAt(term) !== 34) term++;
    } else {
      let end = ptr;
      while (end < m.length && m.charCodeAt(end) !== 32) end++;
      term = end;
    }
  }
  mptr = term;
  if (w.hostname) {
    str = m.indexOf('hostname=', mptr);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(',', str);
      if (term < 0) {
        term = m.indexOf(' ', str);
        if (term < 0) return 17;
      }
      s.hostname = m.slice(str, term);
      // "?" says nothing: addr= may say more.
      if (s.hostname === '?') {
        term++;
        str = m.indexOf('addr=', term);
        if (str >= 0) {
          str += 5;
          term = m.indexOf(',', str);
          if (term < 0) {
            term = m.indexOf(' ', str);
            if (term < 0) return 18;
          }
          s.hostname = m.slice(str, term);
        }
      }
    }
  }
  if (w.file) {
    str = m.indexOf('cwd=', mptr);
    if (str >= 0) {
      str += 4;
      if (m.charCodeAt(str) === 34) {
        const close = m.indexOf('"', str + 1);
        if (close < 0) return 20;
        s.cwd = m.slice(str + 1, close);
        term = close;
      } else {
        const r = readHexOrPlain(m, str);
        s.cwd = r.value;
        term = r.term;
      }
    }
  }
  if (w.terminal) {
    str = m.indexOf('terminal=', mptr);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(' ', str);
      if (term < 0) {
        term = m.indexOf(')', str);
        if (term < 0) return 19;
      }
      s.terminal = m.slice(str, term);
    }
  }
  if (w.exe) {
    str = m.indexOf('exe=', mptr);
    if (str >= 0) {
      str += 4;
      if (m.charCodeAt(str) === 34) {
        const close = m.indexOf('"', str + 1);
        if (close < 0) return 26;
        s.exe = m.slice(str + 1, close);
        term = close;
      } else {
        const r = readHexOrPlain(m, str);
        s.exe = r.value;
        term = r.term;
      }
    }
  }
  if (w.success) {
    str = m.indexOf('res=', mptr);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf("'", ptr);
      if (term < 0) return 21;
      s.success = m.startsWith('failed', ptr) && ptr + 6 <= term ? 0 : 1;
    } else {
      str = m.indexOf('result=', mptr);
      if (str >= 0) {
        ptr = str + 7;
        term = m.indexOf(')', ptr);
        if (term < 0) return 22;
        s.success = m.slice(ptr, term).toLowerCase() === 'success' ? 1 : 0;
      }
    }
  }
  return 0;
}

export function parseLogin(ctx: ParseCtx, m: string): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.pid) {
    str = m.indexOf('pid=', term);
    if (str < 0) return 1;
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 2;
    const v = i32At(m, ptr, term);
    if (Number.isNaN(v)) return 3;
    s.pid = v;
  }
  if (w.uid) {
    str = m.indexOf('uid=', term);
    if (str < 0) return 4;
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 5;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 6;
    noteUid(ctx, v);
  }
  if (w.subject) {
    str = m.indexOf('subj=', term);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 12;
      // ausearch keeps the "subj=" prefix here.
      s.addContext({ subject: m.slice(str, term), object: null });
    }
  }
  if (w.loginuid) {
    str = m.indexOf('new auid=', term);
    if (str < 0) {
      str = m.indexOf(' auid=', term);
      if (str < 0) {
        str = m.indexOf('new loginuid=', term);
        if (str < 0) return 7;
        ptr = str + 13;
      } else ptr = str + 6;
    } else ptr = str + 9;
    term = m.indexOf(' ', ptr);
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 8;
    noteLoginuid(ctx, v);
  }
  if (w.success) {
    if (term < 0) term = 0;
    str = m.indexOf('res=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      const v = i32At(m, ptr, term);
      if (Number.isNaN(v)) return 9;
      s.success = v;
    } else s.success = 1; // older kernels: always successful
  }
  if (w.session) {
    if (term < 0) term = 0;
    str = m.indexOf('new ses=', term);
    if (str < 0) {
      str = m.indexOf(' ses=', term);
      if (str < 0) return 14;
      ptr = str + 5;
    } else ptr = str + 8;
    term = m.indexOf(' ', ptr);
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 11;
    s.sessionId = v;
  }
  return 0;
}

/** DAEMON_START, _END, _ABORT, _CONFIG, _ROTATE, _RESUME. */
export function parseDaemon1(ctx: ParseCtx, m: string): number {
  const { w, s } = ctx;
  const paren = m.indexOf(')');
  const mptr = paren < 0 ? 0 : paren;
  let term = mptr;
  let str: number;
  let ptr: number;
  if (w.loginuid) {
    str = m.indexOf('auid=', mptr);
    if (str < 0) return 1;
    ptr = str + 5;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 2;
    const v = u32At(m, ptr, term);
    if (Number.isNaN(v)) return 3;
    noteLoginuid(ctx, v);
  }
  if (w.pid) {
    str = m.indexOf('pid=', term);
    if (str < 0) return 4;
    ptr = str + 4;
    term = m.indexOf(' ', ptr);
    if (term < 0) return 5;
    const v = i32At(m, ptr, term);
    if (Number.isNaN(v)) return 6;
    s.pid = v;
  }
  // Only a numeric -ui reads uid here, and no name is looked up for it.
  if (w.uidNumber) {
    str = m.indexOf(' uid=', term);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 7;
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 8;
      s.uid = v;
    }
  }
  if (w.session) {
    str = m.indexOf('ses=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      if (term < 0) return 9;
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 10;
      s.sessionId = v;
    }
  }
  if (w.subject) {
    str = m.indexOf('subj=', term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(' ', str);
      s.addContext({ subject: m.slice(str, term < 0 ? m.length : term), object: null });
    }
  }
  if (w.success) {
    str = m.indexOf('res=', mptr);
    if (str >= 0) {
      ptr = str + 4;
      let end = ptr;
      while (end < m.length && isAlphaCode(m.charCodeAt(end))) end++;
      if (end === ptr) return 12;
      s.success = m.startsWith('failed', ptr) && end - ptr >= 6 ? 0 : 1;
    }
  }
  return 0;
}

/** DAEMON_ACCEPT and DAEMON_CLOSE. */
export function parseDaemon2(ctx: ParseCtx, m: string): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  if (w.hostname) {
    str = m.indexOf('addr=', term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(':', str);
      if (term < 0) {
        term = m.indexOf(' ', str);
        if (term < 0) return 1;
      }
      s.hostname = m.slice(str, term);
    }
  }
  if (w.success) {
    str = m.indexOf('res=', term);
    if (str >= 0) {
      const ptr = str + 4;
      let end = ptr;
      while (end < m.length && isAlphaCode(m.charCodeAt(end))) end++;
      if (end === ptr) return 2;
      s.success = m.startsWith('failed', ptr) && end - ptr >= 6 ? 0 : 1;
    }
  }
  return 0;
}

/** CONFIG_CHANGE and MAC_POLICY_LOAD .. MAC_UNLBL_STCDEL: auid, ses, subj, key, res. */
export function parseSimpleMessage(ctx: ParseCtx, m: string): number {
  const { w, s } = ctx;
  let term = 0;
  let str: number;
  let ptr: number;
  if (w.loginuid) {
    str = m.indexOf('auid=', term);
    if (str < 0 && ctx.type !== CONFIG_CHANGE) return 1;
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(' ', ptr);
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 2;
      if (term < 0) term = ptr;
      noteLoginuid(ctx, v);
    }
  }
  if (w.session) {
    str = m.indexOf('ses=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      const v = u32At(m, ptr, term);
      if (Number.isNaN(v)) return 3;
      s.sessionId = v;
      if (term < 0) term = ptr;
    }
  }
  if (w.subject) {
    str = m.indexOf('subj=', term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(' ', str);
      s.addContext({ subject: m.slice(str, term < 0 ? m.length : term), object: null });
      if (term < 0) term = str;
    }
  }
  if (w.key) {
    str = m.indexOf('key=', term);
    if (str >= 0) {
      if (s.keys === null) s.keys = [];
      ptr = str + 4;
      if (m.charCodeAt(ptr) === 34) {
        const close = m.indexOf('"', ptr + 1);
        if (close < 0) return 6;
        s.addKey(m.slice(ptr + 1, close));
        term = close;
      } else {
        const keys = unescapeHex(m, ptr);
        if (keys === null) return 8;
        for (const k of keys.split('\x01')) if (k.length > 0) s.addKey(k);
      }
    }
  }
  // The kernel logs no res= for most of these: success unless it says so.
  if (ctx.type === CONFIG_CHANGE) s.success = 1;
  if (w.success) {
    str = m.indexOf('res=', term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(' ', ptr);
      const v = i32At(m, ptr, term);
      if (Number.isNaN(v)) return 7;
      s.success = v;
    }
  }
  return 0;
}

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
      if (w.success) s.success = m.slice(str, brace).includes('denied') ? 0 : 1;
      let p = brace + 1;
      while (m.charCodeAt(p) === 32) p++;
      const close = m.indexOf('}', p);
      if (close < 0) return 2;
      term = close;
      while (m.charCodeAt(term - 1) === 32) term--;
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
  s.addContext(an);
  return 0;
}
