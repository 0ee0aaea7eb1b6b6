// Reads `auspex report` arguments the way aureport 3.0.9's check_params does:
// an option's value is the next word unless that starts with '-', one report
// per run, --summary turns any report into sorted totals, the first bad option
// ends the reading with aureport's message on stderr and the usage on stdout.
// Adds --uring, --bpf, --container, --json and --db. Pure: the clock and time
// zone come in through `env`.
import type { EscapeMode } from './escape.js';
import { resolveTimeArgs } from '../query/index.js';
import type { TimeEnv } from '../query/index.js';
import type { AureportKind, ConfigAction, InsightKind, OutcomeFilter, ReportArgsResult, ReportDetail } from './options.js';
import { reportUsage } from './usage.js';

export interface ReportArgsEnv {
  readonly time: TimeEnv;
  /** What `--version` prints. */
  readonly versionText: string;
}

type Opt =
  | { readonly kind: 'report'; readonly report: AureportKind; readonly takesNoValue: boolean }
  | { readonly kind: 'insight'; readonly report: InsightKind }
  | { readonly kind: 'infile' | 'start' | 'end' | 'summary' | 'interpret' | 'failed' | 'success' | 'add' | 'delete'
      | 'node' | 'inputLogs' | 'noConfig' | 'version' | 'help' | 'escape' | 'debug' | 'eoe' | 'json' | 'db' };

const report = (r: AureportKind, takesNoValue = false): Opt => ({ kind: 'report', report: r, takesNoValue });

// aureport's optiontab. Reports marked `takesNoValue` ignore a following word;
// the others stop with "Unimplemented option" when one follows (the specific
// reports aureport never wrote).
const OPTIONS: ReadonlyMap<string, Opt> = new Map<string, Opt>([
  ['-au', report('auth', true)], ['--auth', report('auth', true)],
  ['-a', report('avc', true)], ['--avc', report('avc', true)],
  ['--add', { kind: 'add' }],
  ['-c', report('config', true)], ['--config', report('config', true)],
  ['--comm', report('comm')],
  ['-cr', report('crypto', true)], ['--crypto', report('crypto', true)],
  ['--debug', { kind: 'debug' }],
  ['--delete', { kind: 'delete' }],
  ['-e', report('event', true)], ['--event', report('event', true)],
  ['--escape', { kind: 'escape' }],
  ['--eoe-timeout', { kind: 'eoe' }],
  ['-f', report('file')], ['--file', report('file')],
  ['--failed', { kind: 'failed' }],
  ['-h', report('host')], ['--host', report('host')],
  ['--help', { kind: 'help' }],
  ['-i', { kind: 'interpret' }], ['--interpret', { kind: 'interpret' }],
  ['-if', { kind: 'infile' }], ['--input', { kind: 'infile' }],
  ['--input-logs', { kind: 'inputLogs' }],
  ['--integrity', report('integrity', true)],
  ['-k', report('key')], ['--key', report('key')],
  ['-l', report('login', true)], ['--login', report('login', true)],
  ['-m', report('account', true)], ['--mods', report('account', true)],
  ['-ma', report('mac', true)], ['--mac', report('mac', true)],
  ['--node', { kind: 'node' }],
  ['-nc', { kind: 'noConfig' }], ['--no-config', { kind: 'noConfig' }],
  ['-n', report('anomaly')], ['--anomaly', report('anomaly')],
  ['-p', report('pid')], ['--pid', report('pid')],
  ['-r', report('response')], ['--response', report('response')],
  ['-s', report('syscall')], ['--syscall', report('syscall')],
  ['--success', { kind: 'success' }],
  ['--summary', { kind: 'summary' }],
  ['-t', report('time', true)], ['--log', report('time', true)],
  ['-te', { kind: 'end' }], ['--end', { kind: 'end' }],
  ['-tm', report('terminal')], ['--terminal', report('terminal')],
  ['-ts', { kind: 'start' }], ['--start', { kind: 'start' }],
  ['--tty', report('tty', true)],
  ['-u', report('user')], ['--user', report('user')],
  ['-v', { kind: 'version' }], ['--version', { kind: 'version' }],
  ['-x', report('exe')], ['--executable', report('exe')],
  ['--virt', report('virt', true)],
  // auspex's own.
  ['--uring', { kind: 'insight', report: 'uring' }],
  ['--bpf', { kind: 'insight', report: 'bpf' }],
  ['--container', { kind: 'insight', report: 'container' }],
  ['--json', { kind: 'json' }],
  ['--db', { kind: 'db' }],
]);

const PATH_MAX = 4096;

export function parseReportArgs(argv: readonly string[], env: ReportArgsEnv): ReportArgsResult {
  let chosen: { kind: 'aureport'; report: AureportKind } | { kind: 'insight'; report: InsightKind } | undefined;
  let detail: ReportDetail | undefined;
  let file: string | undefined;
  let db: string | undefined;
  let forceLogs = false;
  let interpret = false;
  let escape: EscapeMode = 'tty';
  let outcome: OutcomeFilter = 'both';
  let configAction: ConfigAction = 'neither';
  let noConfig = false;
  let debug = false;
  let json = false;
  let eoeTimeoutSec: number | undefined;
  let startSec = 0;
  let endSec = 0;
  const nodes: string[] = [];
  let stderr = '';
  let failed = false;

  const fail = (message: string): void => {
    stderr += message;
    failed = true;
  };
  const setReport = (r: NonNullable<typeof chosen>): boolean => {
    if (chosen !== undefined) {
      fail('Error - only one report can be specified');
      return false;
    }
    chosen = r;
    return true;
  };
  const setDetail = (d: ReportDetail): void => {
    if (detail === undefined || d === 'summary') detail = d;
  };

  for (let c = 0; c < argv.length && !failed; c++) {
    const name = argv[c] as string;
    const next = argv[c + 1];
    const optarg = next !== undefined && !next.startsWith('-') ? next : undefined;
    const opt = OPTIONS.get(name);
    if (opt === undefined) {
      fail(`${name} is an unsupported option\n`);
      break;
    }
    switch (opt.kind) {
      case 'report':
        if (!setReport({ kind: 'aureport', report: opt.report })) break;
        if (optarg !== undefined && !opt.takesNoValue) return unimplemented();
        setDetail('detailed');
        break;
      case 'insight':
        setReport({ kind: 'insight', report: opt.report });
        break;
      case 'infile':
      case 'db':
        if (optarg === undefined) {
          fail(`Argument is required for ${name}\n`);
          break;
        }
        if (opt.kind === 'db') db = optarg;
        else if (optarg.length >= PATH_MAX - 32) {
          fail(`File name is too long ${optarg}\n`);
          break;
        } else file = optarg;
        c++;
        break;
      case 'interpret':
        interpret = true;
        if (optarg !== undefined) fail(`Argument is NOT required for ${name}\n`);
        break;
      case 'start':
      case 'end': {
        if (optarg === undefined) {
          fail(`${name} requires either date and/or time\n`);
          break;
        }
        const third = argv[c + 2];
        const { result: r, words } = resolveTimeArgs(opt.kind, optarg, third !== undefined && !third.startsWith('-') ? third : undefined, env.time);
        if (!r.ok) fail(r.stderr);
        else if (opt.kind === 'start') startSec = r.sec;
        else endSec = r.sec;
        c += words;
        break;
      }
      case 'node':
        if (optarg === undefined) {
          fail(`Argument is required for ${name}\n`);
          break;
        }
        nodes.push(optarg);
        c++;
        break;
      case 'escape':
        if (optarg === undefined) {
          fail(`Argument is required for ${name}\n`);
          break;
        }
        if (optarg === 'raw' || optarg === 'tty' || optarg === 'shell' || optarg === 'shell_quote') escape = optarg;
        else {
          fail(`Unknown option (${optarg})\n`);
          break;
        }
        c++;
        break;
      case 'eoe': {
        if (optarg === undefined) {
          fail(`Argument is required for ${name}\n`);
          break;
        }
        const code = optarg.charCodeAt(0);
        if (!(code >= 48 && code <= 57)) {
          fail(`End of Event Timeout must be a numeric value, was ${optarg}\n`);
          break;
        }
        const v = strtoulPrefix(optarg);
        if (v === undefined || v === 0) fail(`Illegal value for End of Event Timeout, was ${optarg}\n`);
        else eoeTimeoutSec = v;
        c++;
        break;
      }
      case 'summary':
        setDetail('summary');
        break;
      case 'failed':
        outcome = 'failed';
        break;
      case 'success':
        outcome = 'success';
        break;
      case 'add':
        configAction = 'add';
        break;
      case 'delete':
        configAction = 'delete';
        break;
      case 'debug':
        debug = true;
        break;
      case 'inputLogs':
        forceLogs = true;
        break;
      case 'noConfig':
        noConfig = true;
        break;
      case 'json':
        json = true;
        break;
      case 'version':
        return { kind: 'exit', stdout: env.versionText, stderr: '', exitCode: 0 };
      case 'help':
        return { kind: 'exit', stdout: reportUsage(), stderr: '', exitCode: 0 };
      default: {
        const never: never = opt;
        return never;
      }
    }
  }
  if (!failed && json && chosen?.kind !== 'insight') fail('--json goes with --uring, --bpf or --container\n');
  if (failed) return { kind: 'exit', stdout: reportUsage(), stderr, exitCode: 1 };

  const filter = { outcome, configAction, noConfig, nodes: nodes.length > 0 ? nodes : undefined, startSec, endSec };
  const input = { file, forceLogs, eoeTimeoutSec, db };
  const presentation = { interpret, escape };
  const choice = chosen === undefined
    ? { kind: 'aureport' as const, report: 'summary' as const, detail: 'summary' as const }
    : chosen.kind === 'insight'
      ? { kind: 'insight' as const, report: chosen.report, json }
      : { kind: 'aureport' as const, report: chosen.report, detail: detail ?? 'summary' };
  return { kind: 'ok', options: { choice, filter, input, presentation, debug } };
}

// The specific reports (`-f FILE`...) were never written: aureport stops at once.
function unimplemented(): ReportArgsResult {
  return { kind: 'exit', stdout: '', stderr: 'Unimplemented option\n', exitCode: 1 };
}

/** strtoul(s, NULL, 10) on text that starts with a digit: undefined on ERANGE. */
function strtoulPrefix(s: string): number | undefined {
  let v = 0n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10n + BigInt(c - 48);
    if (v > 0xffffffffffffffffn) return undefined;
  }
  return Number(v);
}
