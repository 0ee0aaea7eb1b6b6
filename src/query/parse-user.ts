// Field extraction for user-space records (USER, USER_* and the other
// 1100-1299 / 2100-2999 messages), following ausearch 3.0.9's parser step by
// step (see parse-syscall.ts).
import { isDigitCode, isHexCode } from './c-text.js';
import {
  ACCT, ADDR, AUID, COMM, CWD, EXE, FAILED_TEXT, GID, HOSTNAME, IMG_CTX, LOGINUID, PID, RES, RESULT, SES, SP, SPACE_ID,
  SPACE_NEW_DISK, SPACE_PATH, SUBJ, SUCCESS_TEXT, TCLASS, TCONTEXT, TERMINAL, UID, UUID, VM, VM_CTX,
} from './field-needles.js';
import type { ParseCtx } from './parse-common.js';
import {
  KEEP_TERM, OPTIONAL, fieldRead, findField, noteLoginuid, noteUid, readI32, readQuotedOrHex, readQuotedOrPlain, readU32, valueRead,
} from './parse-common.js';
import { commonPathParser } from './parse-path.js';
import type { RecordText } from './record-text.js';
import type { ContextNode } from './search-items.js';

const ADD_GROUP = 1116;
const DEL_GROUP = 1117;
const GRP_MGMT = 1132;
const VIRT_RESOURCE = 2501;
const VIRT_MACHINE_ID = 2502;

/** USER_* records; `avc` is the context node of a USER_AVC being read. */
export function parseUser(ctx: ParseCtx, m: RecordText, avc: ContextNode | null): number {
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
  if (w.loginuid) {
    str = m.find(AUID, term);
    if (str < 0) {
      str = m.find(LOGINUID, term);
      if (str < 0) return 7;
      ptr = str + 9;
    } else ptr = str + 5;
    term = m.indexOf(SP, ptr);
    if (term < 0) return 8;
    const v = m.u32(ptr, term);
    if (Number.isNaN(v)) return 9;
    noteLoginuid(ctx, v);
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
      if (avc !== null) avc.subject = m.text(fieldRead.start, term);
      else s.addContext({ subject: m.text(fieldRead.start, term), object: null });
    }
  }
  if (avc !== null && w.object) {
    str = m.find(TCONTEXT, term);
    if (str >= 0) {
      str += 9;
      const end = m.indexOf(SP, str);
      if (end >= 0) {
        avc.object = m.text(str, end);
        term = end;
      } else term = str;
    }
    str = m.find(TCLASS, term);
    if (str >= 0) {
      str += 7;
      const end = m.indexOf(SP, str);
      if (end >= 0) avc.tclass = m.text(str, end);
      term = end >= 0 ? end : str;
    }
  }
  if (w.gid && (ctx.type === ADD_GROUP || ctx.type === DEL_GROUP || ctx.type === GRP_MGMT)) {
    str = m.find(SPACE_ID, term);
    // A second try for GRP_MGMT; "gid=" is 4 long like " id=".
    if (str < 0 && ctx.type === GRP_MGMT) str = m.find(GID, term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(SP, ptr);
      if (term < 0) return 31;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 32;
      s.gid = v;
    }
  }
  if (w.vmName) {
    str = m.find(VM, term);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 3)) return 23;
      s.vmName = valueRead.value;
      if (valueRead.term !== KEEP_TERM) term = valueRead.term;
    }
  }
  if (w.uuid) {
    str = m.find(UUID, term);
    if (str >= 0) {
      str += 5;
      term = str;
      while (term < m.length && m.at(term) !== 32 && m.at(term) !== 58 /* : */) term++;
      if (term === str) return 24;
      s.uuid = m.text(str, term);
    }
  }
  if (ctx.type === VIRT_MACHINE_ID) {
    if (w.subject) {
      rc = findField(m, VM_CTX, term, OPTIONAL, 27);
      if (rc > 0) return rc;
      if (rc === 0) {
        term = fieldRead.term;
        s.addContext({ subject: m.text(fieldRead.start, term), object: null });
      }
    }
    if (w.object) {
      rc = findField(m, IMG_CTX, term, OPTIONAL, 29);
      if (rc > 0) return rc;
      if (rc === 0) {
        term = fieldRead.term;
        s.addContext({ subject: null, object: m.text(fieldRead.start, term) });
      }
    }
  } else if (ctx.type === VIRT_RESOURCE && w.file) {
    let incr = 6;
    str = m.find(SPACE_PATH, term);
    if (str < 0) {
      incr = 10;
      str = m.find(SPACE_NEW_DISK, term);
    }
    if (str >= 0) {
      str += incr;
      const rc = commonPathParser(ctx, m, str);
      if (rc !== 0) return rc;
      term = str;
    }
  }
  // Some records (USER_LOGIN) carry the interesting uid second, in msg='...';
  // an "suid="/"ouid="-like match ends the search.
  if (w.uid) {
    for (;;) {
      str = m.find(UID, term);
      if (str < 0) break;
      const before = m.at(str - 1);
      if (before === 97 /* a */) {
        term = str + 1;
        continue;
      }
      if (before === 115 /* s */ || before === 117 /* u */) break;
      if (before !== 39 /* ' */ && before !== 32) return 25;
      ptr = str + 4;
      term = ptr;
      while (term < m.length && isDigitCode(m.at(term))) term++;
      if (term === ptr) return 14;
      const v = m.u32(ptr, term);
      if (Number.isNaN(v)) return 15;
      noteUid(ctx, v);
      break;
    }
  }
  let mptr = term;
  if (w.comm) {
    str = m.find(COMM, mptr);
    if (str >= 0) {
      if (!readQuotedOrHex(m, str + 5)) return 16;
      s.comm = valueRead.value;
      if (valueRead.term !== KEEP_TERM) term = valueRead.term;
    }
  }
  // acct= is always read, since where it ends moves the searches after it;
  // aureport prints its value (a later record's replaces it).
  str = m.find(ACCT, mptr);
  if (str >= 0) {
    ptr = str + 5;
    if (m.at(ptr) === 34 /* " */) {
      term = ptr + 1;
      while (term < m.length && m.at(term) !== 34) term++;
      if (w.acct !== false) s.acct = m.text(ptr + 1, term);
    } else {
      // Hex when every char up to the next space is a hex digit ("legacy" otherwise).
      let end = ptr;
      let legacy = false;
      while (end < m.length && m.at(end) !== 32) {
        if (!isHexCode(m.at(end))) legacy = true;
        end++;
      }
      term = end;
      if (w.acct !== false) s.acct = legacy ? m.text(ptr, end) : m.unescape(ptr);
    }
  }
  mptr = term;
  if (w.hostname) {
    str = m.find(HOSTNAME, mptr);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(44, str);
      if (term < 0) {
        term = m.indexOf(SP, str);
        if (term < 0) return 17;
      }
      s.hostname = m.text(str, term);
      // "?" says nothing: addr= may say more.
      if (s.hostname === '?') {
        term++;
        str = m.find(ADDR, term);
        if (str >= 0) {
          str += 5;
          term = m.indexOf(44, str);
          if (term < 0) {
            term = m.indexOf(SP, str);
            if (term < 0) return 18;
          }
          s.hostname = m.text(str, term);
        }
      }
    }
  }
  if (w.file) {
    str = m.find(CWD, mptr);
    if (str >= 0) {
      if (!readQuotedOrPlain(m, str + 4)) return 20;
      s.cwd = valueRead.value;
      term = valueRead.term;
    }
  }
  if (w.terminal) {
    str = m.find(TERMINAL, mptr);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(SP, str);
      if (term < 0) {
        term = m.indexOf(41, str);
        if (term < 0) return 19;
      }
      s.terminal = m.text(str, term);
    }
  }
  if (w.exe) {
    str = m.find(EXE, mptr);
    if (str >= 0) {
      if (!readQuotedOrPlain(m, str + 4)) return 26;
      s.exe = valueRead.value;
      term = valueRead.term;
    }
  }
  if (w.success) {
    str = m.find(RES, mptr);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(39, ptr);
      if (term < 0) return 21;
      s.success = m.startsWith(FAILED_TEXT, ptr) && ptr + 6 <= term ? 0 : 1;
    } else {
      str = m.find(RESULT, mptr);
      if (str >= 0) {
        ptr = str + 7;
        term = m.indexOf(41, ptr);
        if (term < 0) return 22;
        s.success = m.equalsIgnoreCase(ptr, term, SUCCESS_TEXT) ? 1 : 0;
      }
    }
  }
  return 0;
}
