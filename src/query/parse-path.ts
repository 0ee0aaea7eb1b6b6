// Field extraction for file names and addresses: CWD, PATH, AVC_PATH and the
// path= of CONFIG_CHANGE, object contexts (IPC, OBJ_PID, NETFILTER_PKT) and
// SOCKADDR (a unix socket path is a file name, an inet address a host name),
// following ausearch 3.0.9's parsers step by step (see parse-syscall.ts).
import { hexDigit } from '../format/index.js';
import { isHexCode } from './c-text.js';
import { NULL_TEXT, OBJ, SADDR, SP, SPACE_CWD, SPACE_NAME, SPACE_PATH, TYPE } from './field-needles.js';
import type { ParseCtx } from './parse-common.js';
import { OPTIONAL, fieldRead, findField } from './parse-common.js';
import type { RecordText } from './record-text.js';

const NAME_OFFSET = 28; // ausearch skips this much record header before name=/cwd=
const PATH_MAX = 4096;

/** common_path_parser: one file name at `at` (quoted, hex or (null)), made absolute against cwd. */
export function commonPathParser(ctx: ParseCtx, m: RecordText, at: number): number {
  const { s } = ctx;
  if (s.filenames === null) s.filenames = [];
  let name: string | null;
  if (m.at(at) === 34 /* " */) {
    const close = m.indexOf(34, at + 1);
    if (close < 0) return 2;
    name = m.text(at + 1, close);
  } else {
    if (m.startsWith(NULL_TEXT, at)) {
      s.addFilename('(null)');
      return 0;
    }
    if (!isHexCode(m.at(at))) return 4;
    if (m.at(at) === 48 && m.at(at + 1) === 48) {
      name = m.unescape(at + 2); // abstract socket name
    } else {
      if (m.indexOf(SP, at) < 0) return 5;
      name = m.unescape(at);
    }
    if (name === null) return 7;
  }
  // A relative "./x" or "../x" is rebuilt as cwd/x (snprintf into PATH_MAX).
  if (name.charCodeAt(0) === 46 && (name.charCodeAt(1) === 46 || name.charCodeAt(1) === 47) && s.cwd !== null) {
    name = `${s.cwd}/${name}`.slice(0, PATH_MAX - 1);
  }
  s.addFilename(name);
  return 0;
}

/** CWD: the first cwd of the event is kept. */
export function parseDir(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  if (!w.file) return 0;
  let str = m.find(SPACE_CWD, NAME_OFFSET);
  if (str < 0) return 0;
  str += 5;
  if (m.at(str) === 34) {
    const close = m.indexOf(34, str + 1);
    if (close < 0) return 1;
    if (s.cwd === null) s.cwd = m.text(str + 1, close);
  } else if (s.cwd === null) s.cwd = m.unescape(str);
  return 0;
}

/** AVC_PATH, and the path= of CONFIG_CHANGE (whose result ausearch ignores). */
export function avcParsePath(ctx: ParseCtx, m: RecordText): number {
  if (!ctx.w.file) return 0;
  const str = m.find(SPACE_PATH, 0);
  if (str < 0) return 1;
  return commonPathParser(ctx, m, str + 6);
}

export function parsePath(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = NAME_OFFSET;
  let str: number;
  if (w.file) {
    str = m.find(SPACE_NAME, term);
    if (str >= 0) {
      str += 6;
      const rc = commonPathParser(ctx, m, str);
      if (rc !== 0) return rc;
      term = str;
      // The search covers nametype= and objtype= alike; the value runs to the end.
      const type = m.find(TYPE, term);
      if (type >= 0) s.setLastFilenameType(m.text(type + 5, -1));
    }
  }
  if (w.object) addObjectContext(ctx, m, term);
  return 0;
}

/** IPC and OBJ_PID: the object context. */
export function parseObj(ctx: ParseCtx, m: RecordText): number {
  if (ctx.w.object) addObjectContext(ctx, m, 0);
  return 0;
}

/** obj= searched from `from`: the object context, up to the next space or the end. */
function addObjectContext(ctx: ParseCtx, m: RecordText, from: number): void {
  if (findField(m, OBJ, from, OPTIONAL, OPTIONAL) === 0) ctx.s.addContext({ subject: null, object: m.text(fieldRead.start, fieldRead.term) });
}

/** NETFILTER_PKT: saddr= as written, and the object context. */
export function parsePkt(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  let term = 0;
  if (w.hostname) {
    const rc = findField(m, SADDR, 0, OPTIONAL, 1);
    if (rc > 0) return rc;
    if (rc === 0) {
      term = fieldRead.term;
      s.hostname = m.text(fieldRead.start, term);
    }
  }
  if (w.object) addObjectContext(ctx, m, term);
  return 0;
}

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;

/**
 * SOCKADDR: for -hn the numeric host of an inet/inet6 address (as getnameinfo
 * NI_NUMERICHOST prints it), for -f the path of a unix socket. Any saddr
 * replaces the host name an earlier record gave.
 */
export function parseSockaddr(ctx: ParseCtx, m: RecordText): number {
  const { w, s } = ctx;
  if (!w.hostname && !w.file) return 0;
  let str = m.find(SADDR, 0);
  if (str < 0) return 0;
  str += 6;
  let len = 0;
  if (m.at(str) === 40 /* ( */) {
    const close = m.indexOf(41, str);
    if (close >= 0) len = close - str + 1;
  } else {
    while (isHexCode(m.at(str + len))) len++;
    len = len >> 1;
  }
  const bytes = decodeSockaddr(m, str);
  if (bytes === null) {
    s.hostname = null;
    return 4;
  }
  const family = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
  s.hostname = null;
  if (family === AF_INET) {
    if (len < 16) {
      ctx.warn('sockaddr len too short\n');
      return 1;
    }
  } else if (family === AF_INET6) {
    if (len < 28) {
      ctx.warn('sockaddr6 len too short\n');
      return 2;
    }
  } else if (family === AF_UNIX) {
    if (len < 4) {
      ctx.warn('sun_path len too short\n');
      return 3;
    }
    if (w.file) {
      // A path, or an abstract name after its leading NUL; C strings either way.
      const start = bytes[2] !== 0 ? 2 : 3;
      let end = start;
      while (end < bytes.length && bytes[end] !== 0) end++;
      s.addFilename(String.fromCharCode(...bytes.slice(start, end)));
    }
    return 0;
  } else {
    return 0;
  }
  if (!w.hostname) return 0;
  s.hostname = family === AF_INET ? ipv4Text(bytes, 4) : ipv6Text(bytes);
  return 0;
}

// unescape() of the saddr value as raw bytes (the sockaddr), NUL bytes kept;
// a "(...)" value comes back as its characters.
function decodeSockaddr(m: RecordText, at: number): number[] | null {
  if (m.at(at) === 40) {
    const close = m.indexOf(41, at);
    if (close < 0) return null;
    return Array.from(m.text(at, close + 1), (c) => c.charCodeAt(0));
  }
  let end = at;
  while (isHexCode(m.at(end))) end++;
  if (end - at < 2) return null;
  const out: number[] = [];
  for (let i = at; i < end; i += 2) {
    const hi = hexDigit(m.at(i));
    const lo = i + 1 < end ? hexDigit(m.at(i + 1)) : 0;
    out.push((hi << 4) | lo);
  }
  return out;
}

function ipv4Text(b: readonly number[], at: number): string {
  return `${b[at] ?? 0}.${b[at + 1] ?? 0}.${b[at + 2] ?? 0}.${b[at + 3] ?? 0}`;
}

// glibc inet_ntop for AF_INET6 (longest zero run of 2+ words becomes "::",
// first one on a tie; ::a.b.c.d and ::ffff:a.b.c.d keep the IPv4 tail), plus
// getnameinfo's "%scope" when sin6_scope_id is set (numeric here).
function ipv6Text(b: readonly number[]): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((b[8 + 2 * i] ?? 0) << 8) | (b[9 + 2 * i] ?? 0));
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (bestBase < 0 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase >= 0 && bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += ipv4Text(b, 20);
      break;
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  const scope = ((b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16) | ((b[27] ?? 0) << 24)) >>> 0;
  return scope !== 0 ? `${out}%${scope}` : out;
}
