// Picks ausearch 3.0.9's field parser for a record by its type (numbered as
// 3.0.9 numbers them), and says which types a query needs parsed at all.
import type { ParseCtx } from './parse-common.js';
import type { RecordText } from './record-text.js';
import type { Wants } from './search-items.js';
import { avcParsePath, parseDir, parseObj, parsePath, parsePkt, parseSockaddr } from './parse-path.js';
import { parseAvc } from './parse-avc.js';
import { parseIntegrity, parseKernel, parseKernelAnom, parseTty } from './parse-kernel.js';
import { parseDaemon1, parseDaemon2, parseLogin, parseSimpleMessage } from './parse-login.js';
import { parseSyscall, parseTaskInfo } from './parse-syscall.js';
import { parseUser } from './parse-user.js';

const T = {
  USER: 1005,
  LOGIN: 1006,
  FIRST_USER_MSG: 1100,
  USER_END: 1106,
  USER_AVC: 1107,
  USER_CHAUTHTOK: 1108,
  LAST_USER_MSG: 1199,
  DAEMON_START: 1200,
  DAEMON_END: 1201,
  DAEMON_ABORT: 1202,
  DAEMON_CONFIG: 1203,
  DAEMON_ROTATE: 1205,
  DAEMON_RESUME: 1206,
  DAEMON_ACCEPT: 1207,
  DAEMON_CLOSE: 1208,
  SYSCALL: 1300,
  PATH: 1302,
  IPC: 1303,
  CONFIG_CHANGE: 1305,
  SOCKADDR: 1306,
  CWD: 1307,
  OBJ_PID: 1318,
  TTY: 1319,
  NETFILTER_PKT: 1324,
  NETFILTER_CFG: 1325,
  SECCOMP: 1326,
  FEATURE_CHANGE: 1328,
  EVENT_LISTENER: 1335,
  AVC: 1400,
  AVC_PATH: 1402,
  MAC_POLICY_LOAD: 1403,
  MAC_UNLBL_STCDEL: 1417,
  ANOM_PROMISCUOUS: 1700,
  ANOM_ABEND: 1701,
  ANOM_LINK: 1702,
  INTEGRITY_DATA: 1800,
  INTEGRITY_RULE: 1805,
  FIRST_USER_MSG2: 2100,
  LAST_USER_MSG2: 2999,
} as const;

// The ranges ausearch's parser switch hands to one parser each: USER_* (not
// USER_AVC) to the user parser, MAC_* to the simple one, INTEGRITY_*.
function isUserType(t: number): boolean {
  return t === T.USER || (t >= T.FIRST_USER_MSG && t <= T.USER_END) || (t >= T.USER_CHAUTHTOK && t <= T.LAST_USER_MSG) ||
    (t >= T.FIRST_USER_MSG2 && t <= T.LAST_USER_MSG2);
}

function isMacType(t: number): boolean {
  return t >= T.MAC_POLICY_LOAD && t <= T.MAC_UNLBL_STCDEL;
}

function isIntegrityType(t: number): boolean {
  return t >= T.INTEGRITY_DATA && t <= T.INTEGRITY_RULE;
}

type Parser = (ctx: ParseCtx, m: RecordText) => number;

// The types ausearch's parser switch names, each with its parser; the user,
// MAC and integrity ranges come after it.
const PARSERS: ReadonlyArray<readonly [readonly number[], Parser]> = [
  [[T.SYSCALL], parseSyscall],
  [[T.CWD], parseDir],
  [[T.AVC_PATH], avcParsePath],
  [[T.PATH], parsePath],
  [[T.SOCKADDR], parseSockaddr],
  [[T.LOGIN], parseLogin],
  [[T.IPC, T.OBJ_PID], parseObj],
  [[T.DAEMON_START, T.DAEMON_END, T.DAEMON_ABORT, T.DAEMON_CONFIG, T.DAEMON_ROTATE, T.DAEMON_RESUME], parseDaemon1],
  [[T.DAEMON_ACCEPT, T.DAEMON_CLOSE], parseDaemon2],
  [[T.CONFIG_CHANGE], (ctx, m) => {
    const rc = parseSimpleMessage(ctx, m);
    avcParsePath(ctx, m); // older kernels have no path=: its result is ignored
    return rc;
  }],
  [[T.AVC, T.USER_AVC], parseAvc],
  [[T.NETFILTER_PKT], parsePkt],
  [[T.FEATURE_CHANGE, T.ANOM_LINK], parseTaskInfo],
  [[T.SECCOMP, T.ANOM_PROMISCUOUS, T.ANOM_ABEND], parseKernelAnom],
  [[T.NETFILTER_CFG, T.EVENT_LISTENER], parseKernel],
  [[T.TTY], parseTty],
];

/** Parser by record type (all of them below 2000). */
const PARSER_OF: Array<Parser | undefined> = [];
for (const [types, parser] of PARSERS) for (const t of types) PARSER_OF[t] = parser;

/** One record; 0 when it parsed (or has nothing ausearch parses). */
export function parseRecord(ctx: ParseCtx, m: RecordText): number {
  const t = ctx.type;
  const parser = PARSER_OF[t];
  if (parser !== undefined) return parser(ctx, m);
  if (isUserType(t)) return parseUser(ctx, m, null);
  if (isMacType(t)) return parseSimpleMessage(ctx, m);
  if (isIntegrityType(t)) return parseIntegrity(ctx, m);
  // EXECVE, PROCTITLE, BPRM_FCAPS, BPF, URINGOP and the rest: nothing is read.
  return 0;
}

/**
 * Whether parseRecord can do anything for this type under these wants; when
 * not, the record's text is never built. SYSCALL, AVC, SECCOMP and INTEGRITY
 * records are always read: their parsers reject malformed records even when
 * no criterion needs a field (ausearch then never shows the event).
 */
export function typeNeedsParse(t: number, w: Wants): boolean {
  const task = w.ppid || w.pid || w.loginuid || w.uid || w.gid || w.euid || w.egid || w.terminal || w.session ||
    w.comm || w.exe || w.subject || w.success;
  switch (t) {
    case T.SYSCALL:
    case T.AVC:
    case T.USER_AVC:
    case T.SECCOMP:
      return true;
    case T.CWD:
    case T.AVC_PATH:
      return w.file;
    case T.PATH:
      return w.file || w.object;
    case T.SOCKADDR:
      return w.file || w.hostname;
    case T.IPC:
    case T.OBJ_PID:
      return w.object;
    case T.DAEMON_ACCEPT:
    case T.DAEMON_CLOSE:
      return w.hostname || w.success;
    case T.CONFIG_CHANGE:
      return w.loginuid || w.session || w.subject || w.key || w.success || w.file;
    case T.NETFILTER_PKT:
      return w.hostname || w.object;
    default:
      break;
  }
  if (isMacType(t)) return w.loginuid || w.session || w.subject || w.key || w.success;
  if (isIntegrityType(t)) return true;
  if (isUserType(t)) return task || w.object || w.hostname || w.file || w.vmName || w.uuid;
  switch (t) {
    case T.LOGIN:
    case T.DAEMON_START:
    case T.DAEMON_END:
    case T.DAEMON_ABORT:
    case T.DAEMON_CONFIG:
    case T.DAEMON_ROTATE:
    case T.DAEMON_RESUME:
    case T.FEATURE_CHANGE:
    case T.ANOM_LINK:
    case T.ANOM_PROMISCUOUS:
    case T.ANOM_ABEND:
    case T.NETFILTER_CFG:
    case T.EVENT_LISTENER:
    case T.TTY:
      return task;
    default:
      return false;
  }
}

// Types ausearch's parser switch lists as having nothing to parse; every
// other type without a parser is "unparsed" to its --debug.
const NOTHING_TO_PARSE = new Set([2000, 1401, 1309, 1311, 1312, 1313, 1314, 1315, 1317, 1321, 1322, 1323, 1327,
  1329, 1330, 1331, 1332, 1333, 1334, 1337, 1325, 1335, 1319]);

/** Whether ausearch --debug reports records of this type as unparsed. */
export function isUnparsedType(t: number): boolean {
  if (NOTHING_TO_PARSE.has(t) || PARSER_OF[t] !== undefined) return false;
  return !isUserType(t) && !isMacType(t) && !isIntegrityType(t);
}

/** Records whose head type makes ausearch load the ENRICHED names (-ui NAME). */
export const SYSCALL_TYPE = T.SYSCALL;
