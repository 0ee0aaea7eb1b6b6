// Reads `auspex search` arguments with ausearch 3.0.9's option letters, value
// rules and messages (checked against the tool): an option's value is the next
// word unless it starts with '-', numbers are read as strtoul/strtol read them
// (`-p 12junk` is pid 12), the first error stops the scan, and every message is
// ausearch's own text. Two additions: -if may repeat (3.0.9 keeps the last)
// and `-if -` reads stdin; `--json` is a sixth output format.
import { isDigitCode, strtol, strtoul, toI32, toU32 } from './c-text.js';
import { ERRNOS } from '../rules/index.js';
import { determineMachine, machineByName, syscallByName } from './machines.table.js';
import type { Machine } from './machines.table.js';
import { validMessageTypesText } from './msg-types.js';
import { OPTIONS } from './option-names.table.js';
import { ERANGE_TEXT, bytesOf, isDigitStart, parseMessageTypes, readId } from './option-values.js';
import type { EscapeMode, InputSource, OutputFormat, ParseResult, SearchCriteria } from './options.js';
import type { TimeEnv } from './time-parse.js';
import { resolveTimeArgs } from './time-parse.js';
import type { UserDb } from './user-db.js';
import { usageText } from './usage.js';

export interface SearchArgsEnv extends TimeEnv {
  readonly users: UserDb;
  /** `uname -m` of this machine: what b64/b32 and -sc NAME refer to. */
  readonly machine: string;
}

const PATH_MAX = 4096;

const errnoByName = new Map<string, number>(ERRNOS);

// Everything check_params sets, with its initial values.
class State {
  format: OutputFormat = 'default';
  escape: EscapeMode = 'tty';
  lineBuffered = false;
  extra = { keys: false, labels: false, obj2: false, time: false };
  sources: InputSource[] = [];
  forceLogs = false;
  eoeTimeoutSec: number | undefined;
  checkpoint: string | undefined;
  checkpointTimeOnly = false;
  justOne = false;
  debug = false;
  c: { -readonly [K in keyof SearchCriteria]: SearchCriteria[K] } = {
    startSec: undefined, endSec: undefined, eventId: undefined, nodes: undefined, uid: undefined, euid: undefined,
    loginuid: undefined, uidName: undefined, euidName: undefined, loginuidName: undefined, uidAll: false,
    gid: undefined, egid: undefined, gidAll: false, pid: undefined, ppid: undefined, machine: undefined,
    syscall: undefined, sessionId: undefined, exit: undefined, success: undefined, messageTypes: undefined,
    file: undefined, hostname: undefined, terminal: undefined, exe: undefined, comm: undefined, key: undefined,
    vmName: undefined, uuid: undefined, subject: undefined, object: undefined, contextEither: false,
    wholeWord: false,
  };
}

function upper(s: string): string {
  return s.replace(/[a-z]/g, (ch) => ch.toUpperCase());
}

export function parseSearchArgs(argv: readonly string[], env: SearchArgsEnv): ParseResult {
  if (argv.length === 0) return { kind: 'error', stdout: usageText(), stderr: '', exitCode: 1 };
  const st = new State();
  const cr = st.c;
  let err = '';
  let ok = true;
  const fail = (msg: string): void => {
    err += msg;
    ok = false;
  };
  const n = argv.length;
  let i = 0;
  while (i < n && ok) {
    const name = argv[i] as string;
    const next = argv[i + 1];
    let optarg = next !== undefined && !next.startsWith('-') ? next : undefined;
    const required = (): boolean => {
      if (optarg === undefined) fail(`Argument is required for ${name}\n`);
      return optarg !== undefined;
    };
    // --session, -e and -ul take the next word even when it starts with '-'.
    const anyNext = (): boolean => {
      if (optarg === undefined && next !== undefined) optarg = next;
      return required();
    };
    const opt = OPTIONS[name];
    switch (opt) {
      case undefined:
        fail(`${name} is an unsupported option\n`);
        break;
      case 'event':
        if (!required()) break;
        if (isDigitStart(optarg as string)) {
          const v = strtoul(optarg as string, 0, (optarg as string).length, 10);
          if (v === undefined) fail('Illegal value for audit event ID');
          else cr.eventId = toU32(v);
          i++;
        } else fail(`Audit event id must be a numeric value, was ${optarg as string}\n`);
        break;
      case 'eoe':
        if (!required()) break;
        if (isDigitStart(optarg as string)) {
          const v = strtoul(optarg as string, 0, (optarg as string).length, 10);
          if (v === undefined || v === 0n) fail(`Illegal value for End of Event Timeout, was ${optarg as string}\n`);
          else st.eoeTimeoutSec = Number(v);
          i++;
        } else fail(`End of Event Timeout must be a numeric value, was ${optarg as string}\n`);
        break;
      case 'extraKeys':
      case 'extraLabels':
      case 'extraObj2':
      case 'extraTime':
        st.extra[opt === 'extraKeys' ? 'keys' : opt === 'extraLabels' ? 'labels' : opt === 'extraObj2' ? 'obj2' : 'time'] = true;
        if (optarg !== undefined) fail(`Argument is NOT required for ${name}\n`);
        break;
      case 'comm':
        if (required()) {
          cr.comm = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'file':
        if (!required()) break;
        if ((optarg as string).length >= PATH_MAX) fail(`File name is too long ${optarg as string}\n`);
        else {
          cr.file = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'key':
        if (required()) {
          cr.key = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'gidAll':
      case 'gidEff':
      case 'gid': {
        if (!required()) break;
        const unknown = opt === 'gidEff' ? 'Effective group ID is non-numeric and unknown' : 'Group ID is non-numeric and unknown';
        const v = readId(optarg as string, (nm) => env.users.gidOf(nm), 'Numeric group ID conversion error', unknown, fail);
        if (v === 'stop') break;
        if (v !== 'error') {
          if (opt === 'gidEff') cr.egid = v;
          else cr.gid = v;
        }
        if (opt === 'gidAll') {
          cr.egid = cr.gid;
          cr.gidAll = true;
        }
        i++;
        break;
      }
      case 'help':
        return { kind: 'help', stdout: usageText(), exitCode: 0 };
      case 'host':
        if (required()) {
          cr.hostname = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'interp':
      case 'raw':
      case 'json': {
        const to: OutputFormat = opt === 'interp' ? 'interpret' : opt;
        const shown = opt === 'raw' ? '--raw' : name;
        if (st.format === 'default') st.format = to;
        else fail(`Conflicting output format ${shown}\n`);
        if (optarg !== undefined) fail(`Argument is NOT required for ${shown}\n`);
        break;
      }
      case 'input':
        if (next === '-') {
          st.sources.push({ kind: 'stdin' });
          i++;
          break;
        }
        if (!required()) break;
        if ((optarg as string).length >= PATH_MAX - 32) fail(`File name is too longs ${optarg as string}\n`);
        else {
          st.sources.push({ kind: 'path', path: optarg as string });
          i++;
        }
        break;
      case 'message':
        if (required()) {
          if (upper(optarg as string) !== 'ALL') {
            const r = parseMessageTypes(optarg as string);
            if (typeof r === 'string') fail(r);
            else if (r.length > 0) cr.messageTypes = [...(cr.messageTypes ?? []), ...r];
          }
          i++;
        }
        if (!ok) err += validMessageTypesText();
        break;
      case 'object':
        if (required()) {
          cr.object = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'pid':
      case 'ppid':
        if (!required()) break;
        if (isDigitStart(optarg as string)) {
          const v = strtol(optarg as string, 0, (optarg as string).length, 10);
          if (v === undefined) fail('');
          else if (opt === 'pid') cr.pid = toI32(v);
          else cr.ppid = toI32(v);
          i++;
        } else fail(`${opt === 'pid' ? 'Process id' : 'Parent process id'} must be a numeric value, was ${optarg as string}\n`);
        break;
      case 'escape':
        if (!required()) break;
        if (optarg === 'raw' || optarg === 'tty' || optarg === 'shell' || optarg === 'shell_quote') {
          st.escape = optarg;
          i++;
        } else fail(`Unknown option (${optarg as string})\n`);
        break;
      case 'format': {
        if (st.format !== 'default') {
          fail('Multiple output formats, use only 1\n');
          break;
        }
        if (!required()) break;
        const a = optarg as string;
        const f: OutputFormat | undefined = a === 'raw' ? 'raw' : a === 'default' ? 'default' : a.startsWith('interp') ? 'interpret'
          : a === 'csv' ? 'csv' : a === 'text' ? 'text' : undefined;
        if (f === undefined) fail(`Unknown option (${a})\n`);
        else {
          st.format = f;
          i++;
        }
        break;
      }
      case 'node':
        if (required()) {
          cr.nodes = [...(cr.nodes ?? []), bytesOf(optarg as string)];
          i++;
        }
        break;
      case 'syscall': {
        if (!required()) break;
        const a = optarg as string;
        if (isDigitStart(a)) {
          const v = strtoul(a, 0, a.length, 10);
          if (v === undefined) fail(`Syscall numeric conversion error (${ERANGE_TEXT}) for ${a}\n`);
          else cr.syscall = toI32(v);
        } else {
          if (cr.machine === undefined) {
            const m = machineByName(env.machine);
            if (m === undefined) {
              fail('Error detecting machine type');
              break;
            }
            cr.machine = m;
          }
          const v = syscallByName(a, cr.machine);
          if (v === undefined) fail(`Syscall ${a} not found\n`);
          else cr.syscall = v;
        }
        i++;
        break;
      }
      case 'context':
        if (required()) {
          cr.subject = bytesOf(optarg as string);
          cr.object = bytesOf(optarg as string);
          cr.contextEither = true;
          i++;
        }
        break;
      case 'subject':
        if (required()) {
          cr.subject = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'success': {
        if (!required()) break;
        const a = optarg as string;
        if (a.includes('yes') || a.includes('no')) cr.success = a === 'yes';
        else fail("Success must be 'yes' or 'no'.\n");
        i++;
        break;
      }
      case 'session': {
        if (!anyNext()) break;
        const a = optarg as string;
        if (isDigitStart(a)) {
          const v = strtoul(a, 0, a.length, 10);
          if (v === undefined) fail('');
          else cr.sessionId = toU32(v);
          i++;
        } else if (a.length >= 2 && a.startsWith('-') && isDigitCode(a.charCodeAt(1))) {
          const v = strtoul(a, 0, a.length, 0);
          if (v === undefined) fail(`Error converting ${a}\n`);
          else cr.sessionId = toU32(v);
          i++;
        } else fail(`Session id must be a numeric value, was ${a}\n`);
        break;
      }
      case 'exit': {
        if (!anyNext()) break;
        const a = optarg as string;
        if (isDigitStart(a) || (a.length >= 2 && a.startsWith('-') && isDigitCode(a.charCodeAt(1)))) {
          const v = strtol(a, 0, a.length, 0);
          if (v === undefined) fail(`Error converting ${a}\n`);
          else cr.exit = v;
        } else {
          const neg = a.startsWith('-');
          const num = errnoByName.get(upper(neg ? a.slice(1) : a));
          if (num === undefined) fail(`Unknown errno, was ${a}\n`);
          else cr.exit = BigInt(neg ? -num : num);
        }
        i++;
        break;
      }
      case 'start':
      case 'end': {
        if (optarg === undefined) {
          fail(`${name} requires either date and/or time\n`);
          break;
        }
        const which = opt;
        const third = argv[i + 2];
        const second = third !== undefined && !third.startsWith('-') ? third : undefined;
        if (second === undefined && which === 'start' && optarg === 'checkpoint') st.checkpointTimeOnly = true;
        else {
          const { result: r, words } = resolveTimeArgs(which, optarg, second, env);
          if (r.ok) {
            if (which === 'start') cr.startSec = r.sec;
            else cr.endSec = r.sec;
          } else fail(r.stderr);
          i += words - 1;
        }
        i++;
        break;
      }
      case 'terminal':
        if (required()) {
          cr.terminal = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'uid':
      case 'uidEff':
      case 'uidAll': {
        if (!required()) break;
        const a = optarg as string;
        const unknown = opt === 'uid' ? 'Effective user ID is non-numeric and unknown' : 'User ID is non-numeric and unknown';
        const v = readId(a, (nm) => env.users.uidOf(nm), 'Numeric user ID conversion error', unknown, fail);
        if (v === 'stop') break;
        const named = !isDigitStart(a);
        if (opt === 'uidEff') {
          if (v !== 'error') cr.euid = v;
          if (named) cr.euidName = a;
        } else {
          if (v !== 'error') cr.uid = v;
          if (named) cr.uidName = a;
          if (opt === 'uidAll') {
            if (named) {
              cr.euidName = a;
              cr.loginuidName = a;
            }
            cr.uidAll = true;
            cr.euid = cr.uid;
            cr.loginuid = cr.uid;
          }
        }
        i++;
        break;
      }
      case 'loginuid': {
        if (!anyNext()) break;
        const a = optarg as string;
        if (isDigitStart(a)) {
          const v = strtoul(a, 0, a.length, 10);
          if (v === undefined) fail(`Numeric user ID conversion error (${ERANGE_TEXT}) for ${a}\n`);
          else cr.loginuid = toU32(v);
        } else if (a.length >= 2 && a.startsWith('-') && isDigitCode(a.charCodeAt(1))) {
          const v = strtol(a, 0, a.length, 0);
          if (v === undefined) fail(`Error converting ${a}\n`);
          else cr.loginuid = toU32(v);
        } else {
          const id = env.users.uidOf(a);
          if (id === undefined) {
            fail(`Login user ID is non-numeric and unknown (${a})\n`);
            break;
          }
          cr.loginuid = id;
          cr.loginuidName = a;
        }
        i++;
        break;
      }
      case 'uuid':
        if (required()) {
          cr.uuid = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'vmName':
        if (required()) {
          cr.vmName = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'version':
        return { kind: 'version', exitCode: 0 };
      case 'word':
        cr.wholeWord = true;
        break;
      case 'inputLogs':
        st.forceLogs = true;
        break;
      case 'justOne':
        st.justOne = true;
        break;
      case 'lineBuffered':
        st.lineBuffered = true;
        break;
      case 'debug':
        st.debug = true;
        break;
      case 'exe':
        if (required()) {
          cr.exe = bytesOf(optarg as string);
          i++;
        }
        break;
      case 'checkpoint':
        if (required()) {
          st.checkpoint = optarg;
          i++;
        }
        break;
      case 'arch': {
        if (!required()) break;
        if (cr.machine !== undefined) {
          fail(cr.syscall !== undefined && cr.syscall !== -1 ? 'Arch needs to be defined before the syscall\n' : 'Arch is already defined\n');
          break;
        }
        const m: Machine | undefined = determineMachine(optarg as string, machineByName(env.machine), (s) => {
          const v = strtoul(s, 0, s.length, 16);
          return v === undefined ? undefined : toU32(v);
        });
        if (m === undefined) fail(`Unknown arch ${optarg as string}\n`);
        else cr.machine = m;
        i++;
        break;
      }
      default: {
        const never: never = opt;
        return never;
      }
    }
    i++;
  }
  if ((st.extra.time || st.extra.labels || st.extra.keys) && st.format !== 'csv') {
    err += '--extra options requires format to be csv\n';
    ok = false;
  }
  if (!ok) return { kind: 'error', stdout: '', stderr: err, exitCode: 1 };
  return {
    kind: 'ok',
    options: {
      output: { format: st.format, escape: st.escape, lineBuffered: st.lineBuffered, extra: st.extra },
      input: {
        sources: st.sources, forceLogs: st.forceLogs, eoeTimeoutSec: st.eoeTimeoutSec, checkpoint: st.checkpoint,
        checkpointTimeOnly: st.checkpointTimeOnly,
      },
      criteria: { ...cr },
      justOne: st.justOne,
      debug: st.debug,
    },
  };
}
