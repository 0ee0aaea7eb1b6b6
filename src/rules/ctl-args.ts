// auditctl's command line (or one line of a rules file) → typed steps, with
// auditctl 3.0.9's option semantics and messages, plus 4.x's io_uring list.
// Pure: the host (users, groups, directories, machine, kernel features) comes
// in as a RuleHost.
import { AUDIT_FIELD as F, AUDIT_LIMIT, AUDIT_LIST as L, AUDIT_ACTION as A } from './audit-constants.gen.js';
import { cParse, cToU32, isDigit } from './c-number.js';
import type { CtlParse, CtlStep, StatusSetting } from './ctl-steps.js';
import { scanOptions } from './ctl-getopt.js';
import { actionNumber, listNumber, machineForElf, machineInfo, syscallNumber, uringOpNumber } from './lookups.js';
import type { MachineInfo } from './names.table.js';
import { fieldErrorMessage } from './rule-errors.js';
import type { RuleDiagnostic, RuleErrorCode } from './rule-errors.js';
import { keyField, parseComparePair, parseFieldPair } from './rule-fields.js';
import type { FieldResult, FieldState, RuleHost } from './rule-fields.js';
import { allMask, emptyMask, setMaskBit } from './rule-spec.js';
import type { RuleField } from './rule-spec.js';

const UNSET = 0x80;
const PATH_MAX = 4096;
const NAME_MAX = 255;
const KEY_SEPARATOR = '\x01';
const ULONG_MAX = (1n << 64n) - 1n;

/** Parse state of one command line: what auditctl keeps in globals between options. */
class LineState implements FieldState {
  add = UNSET;
  del = UNSET;
  action = -1;
  exclude = false;
  multiple = 0;
  syscallAdded = false;
  permAdded = false;
  exeAdded = false;
  filterFsAdded = false;
  elf = 0;
  key = '';
  mask = emptyMask();
  fields: RuleField[] = [];
  get fieldCount(): number {
    return this.fields.length;
  }
  /** The list the -F/-C/-k options refer to (add first, then delete), UNSET when none. */
  get list(): number {
    if (this.add !== UNSET) return this.add & 0x07;
    if (this.del !== UNSET) return this.del & 0x07;
    return UNSET;
  }
}

type SetupResult = 'ok' | 'deprecated' | 'bad' | 'multiple';

/** auditctl's audit_rule_setup: `list,action` or `action,list`. */
function setupRule(opt: string, st: LineState, which: 'add' | 'del'): SetupResult {
  if (++st.multiple !== 1) return 'multiple';
  const comma = opt.indexOf(',');
  if (comma < 0 || opt.indexOf(',', comma + 1) >= 0) return 'bad';
  const first = opt.slice(0, comma);
  const second = opt.slice(comma + 1);
  let filter = UNSET;
  const lookupFilter = (s: string): boolean => {
    const n = listNumber(s);
    if (n === undefined) return false;
    filter = n;
    if (n === L.EXCLUDE) st.exclude = true;
    return true;
  };
  const lookupAction = (s: string): 'ok' | 'deprecated' | 'bad' => {
    const n = actionNumber(s);
    if (n === undefined) return 'bad';
    if (n === A.POSSIBLE) return 'deprecated';
    st.action = n;
    return 'ok';
  };
  if (lookupAction(first) === 'bad' && !lookupFilter(first)) return 'bad';
  if (filter === UNSET) lookupFilter(second);
  else {
    const rc = lookupAction(second);
    if (rc !== 'ok') return rc;
  }
  if (filter === UNSET || st.action === -1) return 'bad';
  if (which === 'add') st.add = filter;
  else st.del = filter;
  return 'ok';
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export interface ParseOptions {
  /** Line number in a rules file (0 on the command line), used in warnings as auditctl does. */
  readonly lineNo?: number;
}

/** Parses auditctl arguments (without the program name). */
export function parseCtlArgs(args: readonly string[], host: RuleHost, options: ParseOptions = {}): CtlParse {
  const lineNo = options.lineNo ?? 0;
  const st = new LineState();
  const steps: CtlStep[] = [];
  const warnings: string[] = [];
  const count = args.length + 1;
  const arg = (i: number): string | undefined => args[i];
  let retval = 0;
  let listRequested = false;
  let error: RuleDiagnostic | undefined;
  const fail = (code: RuleErrorCode, message: string): void => {
    error = { code, message };
    retval = -1;
  };
  const failField = (r: FieldResult & { ok: false }): void => {
    if (r.code === 'E_CTL_USER') fail(r.code, r.message);
    else fail(r.code, fieldErrorMessage(r.code, r.opt));
  };

  const { items, operands } = scanOptions(args);
  let consumed = 0;
  let stoppedAt = items.length;
  let deprecated = false;

  const addSyscalls = (text: string): void => {
    const unknownArch = st.elf === 0;
    const list = st.list;
    if (list === L.URING_EXIT) {
      for (const name of text.split(',').filter((s) => s !== '')) {
        if (name === 'all') {
          st.mask = allMask();
          continue;
        }
        const n = uringOpNumber(name) ?? (isDigit(name[0]) ? cToU32(name, true) : undefined);
        if (n === undefined || n >= AUDIT_LIMIT.BITMASK_SIZE * 32) return fail('E_CTL_SYSCALL', `io_uring op unknown: ${name}`);
        setMaskBit(st.mask, n);
      }
      st.syscallAdded = true;
      return;
    }
    const onList = (n: number): boolean => (st.add & (0x07 | UNSET)) === n || (st.del & (0x07 | UNSET)) === n;
    if (onList(L.TASK)) return fail('E_CTL_SYSCALL', 'Error: syscall auditing being added to task list');
    if (onList(L.USER)) return fail('E_CTL_SYSCALL', 'Error: syscall auditing being added to user list');
    if (onList(L.FS)) return fail('E_CTL_SYSCALL', 'Error: syscall auditing being added to filesystem list');
    if (st.exclude) return fail('E_CTL_SYSCALL', 'Error: syscall auditing cannot be put on exclude list');
    if (unknownArch) {
      const here = machineInfo(host.machine);
      if (here === undefined) return fail('E_CTL_SYSCALL', 'Error detecting machine type');
      st.elf = here.elf;
    }
    const machine = machineForElf(st.elf);
    const resolve = (m: MachineInfo | undefined, name: string, into: number[]): boolean => {
      if (name === 'all') {
        into.fill(0xffffffff);
        return true;
      }
      let n = m === undefined ? undefined : syscallNumber(m, name);
      if (n === undefined && isDigit(name[0])) n = Number(BigInt.asIntN(32, BigInt(cToU32(name, true))));
      if (n === undefined || n < 0 || n >= AUDIT_LIMIT.BITMASK_SIZE * 32) return false;
      setMaskBit(into, n);
      return true;
    };
    for (const name of text.split(',').filter((s) => s !== '')) {
      if (!resolve(machine, name, st.mask)) return fail('E_CTL_SYSCALL', `Syscall name unknown: ${name}`);
    }
    st.syscallAdded = true;
    // auditctl warns when the names mean other numbers for the 32-bit ABI and no arch was given.
    // Only x86_64 has both ABIs' tables here (libaudit also checks ppc64/s390x).
    if (unknownArch && st.add !== UNSET && machine?.machine === 'x86_64' && machine.compat32 !== undefined) {
      const other = emptyMask();
      for (const name of text.split(',').filter((s) => s !== '')) resolve(machineInfo(machine.compat32), name, other);
      if (other.some((w, i) => w !== st.mask[i])) {
        warnings.push(lineNo !== 0
          ? `WARNING - 32/64 bit syscall mismatch in line ${lineNo}, you should specify an arch`
          : 'WARNING - 32/64 bit syscall mismatch, you should specify an arch');
      }
    }
  };

  const addKey = (text: string): void => {
    if (Buffer.byteLength(text) + Buffer.byteLength(st.key) + (st.key !== '' ? 1 : 0) > AUDIT_LIMIT.MAX_KEY_LEN) {
      return fail('E_CTL_KEY', 'key option exceeds size limit');
    }
    if (text.includes(KEY_SEPARATOR)) warnings.push(`key ${text} has illegal character`);
    st.key = st.key === '' ? text : `${st.key}${KEY_SEPARATOR}${text}`;
  };

  const setupWatch = (path: string): void => {
    if (Buffer.byteLength(path) >= PATH_MAX) return fail('E_CTL_WATCH', 'The path passed for the watch is too big');
    if (!path.startsWith('/')) return fail('E_CTL_WATCH', "The path must start with '/'");
    if (Buffer.byteLength(basename(path)) > NAME_MAX) return fail('E_CTL_WATCH', 'The base name of the path is too big');
    if (path.includes('..')) warnings.push('Warning - relative path notation is not supported');
    if (path.includes('*') || path.includes('?')) warnings.push('Warning - wildcard notation is not supported');
    let p = path;
    if (p.length > 2 && p.endsWith('/')) p = p.replace(/\/+$/, '') || '/';
    if (st.fields.length > 0) return fail('E_CTL_WATCH', 'Rule is not empty\n');
    st.mask = allMask();
    st.fields = [
      { kind: 'text', field: host.isDirectory(p) ? F.DIR : F.WATCH, op: 0x40000000, text: p },
      { kind: 'int', field: F.PERM, op: 0x40000000, value: 0xf },
    ];
    st.permAdded = true;
    retval = 1;
  };

  const setPerms = (opt: string): void => {
    if (opt.length > 4) return fail('E_CTL_WATCH', `permission ${opt} is too long`);
    let val = 0;
    for (const c of opt) {
      const bit = ({ r: 4, w: 2, x: 1, a: 8 } as Record<string, number>)[c.toLowerCase()];
      if (bit === undefined) return fail('E_CTL_WATCH', `Permission ${c} isn't supported`);
      val |= bit;
    }
    if (st.fields.length < 1) return fail('E_CTL_WATCH', 'Permissions should be preceeded by other fields');
    const at = st.fields.findIndex((f) => f.field === F.PERM);
    if (at >= 0) st.fields[at] = { kind: 'int', field: F.PERM, op: 0x40000000, value: val };
    else if (st.fields.length >= AUDIT_LIMIT.MAX_FIELDS - 1) return fail('E_CTL_WATCH', 'Too many fields when adding permissions');
    else st.fields.push({ kind: 'int', field: F.PERM, op: 0x40000000, value: val });
    st.permAdded = true;
    retval = 1;
  };

  const numericSetting = (setting: StatusSetting, value: string, label: string, conv: string): void => {
    if (!isDigit(value[0])) return fail('E_CTL_VALUE', `${label} must be a numeric value was ${value}`);
    if (cParse(value, false) === ULONG_MAX && !/^0*18446744073709551615(\D|$)/.test(value)) {
      return fail('E_CTL_VALUE', `Error converting ${conv}`);
    }
    steps.push({ kind: 'set', setting, value: cToU32(value, false) });
  };

  for (let idx = 0; idx < items.length && retval >= 0; idx++) {
    const item = items[idx]!;
    consumed = item.next;
    if (item.kind === 'invalid') {
      fail('E_CTL_OPTION', lineNo !== 0 ? `Option ${item.text} on line ${lineNo} is invalid` : `Option ${item.text} is invalid`);
      break;
    }
    const optarg = item.arg ?? '';
    switch (item.name) {
      case '-h': case '--help':
        steps.push({ kind: 'help' });
        retval = -1;
        break;
      case '-i':
        steps.push({ kind: 'error-mode', ignore: true, continueOnError: false });
        retval = -2;
        break;
      case '-c':
        steps.push({ kind: 'error-mode', ignore: true, continueOnError: true });
        retval = -2;
        break;
      case '-s': {
        let interpret = false;
        if (count > 3) {
          fail('E_CTL_OPTION', 'Too many options for status command');
          break;
        }
        if (item.next === 1 && count === 3) {
          if (arg(1) === '-i') {
            interpret = true;
            consumed = 2;
          } else {
            fail('E_CTL_OPTION', 'Only -i option is allowed');
            break;
          }
        }
        steps.push({ kind: 'status', interpret });
        retval = -2;
        break;
      }
      case '-e': case '-f': {
        if (optarg === '0' || optarg === '1' || optarg === '2') {
          steps.push({ kind: 'set', setting: item.name === '-e' ? 'enabled' : 'failure', value: Number(optarg) });
        } else {
          fail('E_CTL_VALUE', `${item.name === '-e' ? 'Enable' : 'Failure'} must be 0, 1, or 2 was ${optarg}`);
        }
        break;
      }
      case '-r':
        numericSetting('rate_limit', optarg, 'Rate', 'rate');
        break;
      case '-b':
        numericSetting('backlog_limit', optarg, 'Backlog', 'backlog');
        break;
      case '--backlog_wait_time':
        numericSetting('backlog_wait_time', optarg, 'Backlog_wait_time', 'backlog_wait_time');
        break;
      case '-l': {
        let interpret = false;
        let key = '';
        if (count > 4) {
          fail('E_CTL_OPTION', 'Wrong number of options for list request');
          break;
        }
        if (count === 3) {
          if (arg(item.next) === '-i') interpret = true;
          else {
            fail('E_CTL_OPTION', 'Only -k or -i options are allowed');
            break;
          }
        } else if (count === 4) {
          if (arg(item.next) === '-k') key = arg(2) ?? '';
          else {
            fail('E_CTL_OPTION', 'Only -k or -i options are allowed');
            break;
          }
        }
        consumed = args.length;
        listRequested = true;
        steps.push({ kind: 'list', key, interpret });
        retval = -2;
        break;
      }
      case '-a': case '-A': case '-d': {
        const which = item.name === '-d' ? 'del' : 'add';
        if (item.name !== '-d' && optarg.includes('task') && st.syscallAdded) {
          fail('E_CTL_LIST', item.name === '-a' ? 'Syscall auditing requested for task list' : 'Error: syscall auditing requested for task list');
          break;
        }
        const rc = setupRule(optarg, st, which);
        const verb = item.name === '-a' ? 'Append' : item.name === '-A' ? 'Add' : 'Delete';
        if (rc === 'multiple') fail('E_CTL_LIST', `Multiple rule insert/delete operations are not allowed${item.name === '-a' ? '\n' : ''}`);
        else if (rc === 'bad') fail('E_CTL_LIST', `${verb} rule - bad keyword ${optarg}`);
        else if (rc === 'deprecated') {
          warnings.push(`${item.name === '-d' ? 'Delete' : 'Append'} rule - possible is deprecated`);
          deprecated = true;
          retval = -3;
        } else {
          if (item.name === '-A') st.add |= L.PREPEND;
          retval = 1;
        }
        break;
      }
      case '-S':
        addSyscalls(optarg);
        break;
      case '-F': {
        const list = st.list;
        if (list === UNSET) {
          fail('E_CTL_LIST', 'List must be given before field');
          break;
        }
        if (optarg.startsWith('key=')) {
          addKey(optarg.slice(4));
          break;
        }
        const r = parseFieldPair(optarg, list, st, host);
        if (r.ok) st.fields.push(r.field);
        else failField(r);
        break;
      }
      case '-C': {
        const r = parseComparePair(optarg, st.list, st);
        if (r.ok) st.fields.push(r.field);
        else failField(r);
        break;
      }
      case '-m': {
        if (count > 3) {
          fail('E_CTL_OPTION', 'The -m option must be only the only option and takes 1 parameter');
          break;
        }
        if ([...optarg].some((c) => c.charCodeAt(0) < 32)) {
          fail('E_CTL_VALUE', 'Illegal character in audit event');
          break;
        }
        steps.push({ kind: 'user-message', text: `text=${optarg}` });
        retval = -2;
        break;
      }
      case '-R':
        fail('E_CTL_OPTION', 'Error - nested rule files not supported');
        break;
      case '-D': {
        let key = '';
        if (count > 4 || count === 3) {
          fail('E_CTL_OPTION', 'Wrong number of options for Delete all request');
          break;
        }
        if (count === 4) {
          if (arg(item.next) === '-k') key = arg(2) ?? '';
          else {
            fail('E_CTL_OPTION', 'Only the -k option is allowed');
            break;
          }
          consumed = args.length;
        }
        steps.push({ kind: 'delete-all', key });
        retval = -2;
        break;
      }
      case '-w':
        if (st.add !== UNSET || st.del !== UNSET) {
          fail('E_CTL_WATCH', "watch option can't be given with a syscall");
          break;
        }
        st.add = L.EXIT;
        st.action = A.ALWAYS;
        st.syscallAdded = true;
        setupWatch(optarg);
        break;
      case '-W':
        st.del = L.EXIT;
        st.action = A.ALWAYS;
        st.syscallAdded = true;
        setupWatch(optarg);
        break;
      case '-k':
        if (!(st.syscallAdded || st.permAdded || st.exeAdded || st.filterFsAdded) || (st.add === UNSET && st.del === UNSET)) {
          fail('E_CTL_KEY', 'key option needs a watch or syscall given prior to it');
          break;
        }
        addKey(optarg);
        break;
      case '-p':
        if (st.add === UNSET && st.del === UNSET) fail('E_CTL_WATCH', 'permission option needs a watch given prior to it');
        else setPerms(optarg);
        break;
      case '-q': {
        const parts = optarg.split(',');
        if (st.syscallAdded) fail('E_CTL_OPTION', 'Syscall auditing requested for make equivalent');
        else if (parts.length !== 2 || parts[1] === '') fail('E_CTL_OPTION', 'Error parsing equivalent parts');
        else {
          steps.push({ kind: 'make-equiv', mount: parts[0] as string, subtree: parts[1] as string });
          retval = -2;
        }
        break;
      }
      case '-t':
        steps.push({ kind: 'trim' });
        retval = -2;
        break;
      case '-v':
        steps.push({ kind: 'version' });
        retval = -2;
        break;
      case '--loginuid-immutable':
        steps.push({ kind: 'loginuid-immutable' });
        retval = -2;
        break;
      case '--reset-lost':
        steps.push({ kind: 'reset-lost' });
        retval = -2;
        break;
      case '--reset_backlog_wait_time_actual':
        steps.push({ kind: 'reset-backlog-wait-time-actual' });
        retval = -2;
        break;
      case '--signal':
        steps.push({ kind: 'signal', signal: optarg });
        break;
    }
    if (retval < 0) stoppedAt = idx + 1;
  }
  if (deprecated) return { steps: [], warnings };

  // Catch extra arguments and a line with no option at all ("- s").
  const leftover = operands.length > 0 || (stoppedAt < items.length && consumed < args.length);
  if (items.length === 0) return { steps, warnings, silentError: true };
  if (leftover && retval !== -1) fail('E_CTL_OPTION', 'parameter passed without an option given');

  if (st.key !== '' && !listRequested && error === undefined) {
    const r = keyField(st.key, st.list === UNSET ? 0 : st.list, st);
    if (r.ok) st.fields.push(r.field);
    else if (r.code !== 'E_CTL_USER') fail(r.code, fieldErrorMessage(r.code, `key=${st.key}`));
  }
  if (error !== undefined) return { steps, warnings, error };

  if (retval === 1) {
    const op = st.add !== UNSET ? 'add' : st.del !== UNSET ? 'delete' : undefined;
    if (op === undefined) return { steps, warnings, silentError: true };
    const flags = op === 'add' ? st.add : st.del;
    const list = flags & 0x07;
    if (list !== L.TASK && !st.syscallAdded) st.mask = allMask();
    steps.push({ kind: 'rule', op, rule: { list, prepend: (flags & L.PREPEND) !== 0, action: st.action, mask: st.mask, fields: st.fields } });
  } else if (retval === 0 && st.syscallAdded) {
    return { steps, warnings, error: { code: 'E_CTL_LIST', message: 'Error - no list specified' } };
  }
  return { steps, warnings };
}
