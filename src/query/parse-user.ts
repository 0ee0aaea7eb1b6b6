// Field extraction for user-space records (USER, USER_* and the other
// 1100-1299 / 2100-2999 messages), following ausearch 3.0.9's parser step by
// step (see parse-syscall.ts).
import { decimalU32, isDigitCode, isHexCode, unescapeHex } from './c-text.js';
import type { ParseCtx } from './parse-common.js';
import { KEEP_TERM, i32At, noteLoginuid, noteUid, readHexOrPlain, readQuotedOrHex, u32At } from './parse-common.js';
import type { ContextNode } from './search-items.js';

const ADD_GROUP = 1116;
const DEL_GROUP = 1117;
const GRP_MGMT = 1132;
const VIRT_RESOURCE = 2501;
const VIRT_MACHINE_ID = 2502;

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
      if (end >= 0) avc.tclass = m.slice(str, end);
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
  // acct= is always read: aureport prints it; a later record's replaces it.
  str = m.indexOf('acct=', mptr);
  if (str >= 0) {
    ptr = str + 5;
    if (m.charCodeAt(ptr) === 34 /* " */) {
      term = ptr + 1;
      while (term < m.length && m.charCodeAt(term) !== 34) term++;
      s.acct = m.slice(ptr + 1, term);
    } else {
      // Hex when every char up to the next space is a hex digit ("legacy" otherwise).
      let end = ptr;
      let legacy = false;
      while (end < m.length && m.charCodeAt(end) !== 32) {
        if (!isHexCode(m.charCodeAt(end))) legacy = true;
        end++;
      }
      term = end;
      s.acct = legacy ? m.slice(ptr, end) : unescapeHex(m, ptr);
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
