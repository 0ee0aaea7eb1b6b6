// The typed result of reading `auspex report` arguments: which report, which
// events count, how values are printed and where events come from. aureport
// 3.0.9's reports keep its names; the io_uring, BPF and container reports are
// auspex's own.
import type { EscapeMode } from './escape.js';

/** aureport 3.0.9's reports (its report_type_t, RPT_UNSET and RPT_SUMMARY's default aside). */
export type AureportKind =
  | 'summary' | 'time' | 'avc' | 'mac' | 'config' | 'event' | 'file' | 'host' | 'login' | 'account' | 'pid'
  | 'syscall' | 'terminal' | 'user' | 'exe' | 'anomaly' | 'response' | 'crypto' | 'auth' | 'key' | 'tty'
  | 'comm' | 'virt' | 'integrity';

/** Reports no aureport has. */
export type InsightKind = 'uring' | 'bpf' | 'container';

/** aureport's report_det_t: a line per event, or sorted totals. */
export type ReportDetail = 'detailed' | 'summary';

export type ReportChoice =
  | { readonly kind: 'aureport'; readonly report: AureportKind; readonly detail: ReportDetail }
  | { readonly kind: 'insight'; readonly report: InsightKind; readonly json: boolean };

/** --failed / --success (aureport's failed_t). */
export type OutcomeFilter = 'both' | 'failed' | 'success';

/** --add / --delete (aureport's conf_act_t): which account/label changes count. */
export type ConfigAction = 'neither' | 'add' | 'delete';

export interface EventFilter {
  readonly outcome: OutcomeFilter;
  readonly configAction: ConfigAction;
  /** -nc: leave CONFIG_CHANGE events out. */
  readonly noConfig: boolean;
  /** --node: an event counts when its node= is one of these. */
  readonly nodes: readonly string[] | undefined;
  /** -ts / -te as epoch seconds; 0 = not given (aureport's time_t). */
  readonly startSec: number;
  readonly endSec: number;
}

/** No filter: every event counts (aureport without -ts/-te, --failed/--success, -nc, --node). */
export const ALL_EVENTS: EventFilter = { outcome: 'both', configAction: 'neither', noConfig: false, nodes: undefined, startSec: 0, endSec: 0 };

export interface ReportInput {
  /** -if: a file or a log directory; undefined = stdin when piped, else the configured logs. */
  readonly file: string | undefined;
  /** --input-logs: the configured logs even when stdin is a pipe. */
  readonly forceLogs: boolean;
  /** --eoe-timeout; undefined keeps auditd.conf's end_of_event_timeout. */
  readonly eoeTimeoutSec: number | undefined;
  /** --db PATH: read the event store instead of logs. */
  readonly db: string | undefined;
}

export interface ReportPresentation {
  /** -i: names instead of numbers. */
  readonly interpret: boolean;
  /** --escape (aureport's default is tty). */
  readonly escape: EscapeMode;
}

export interface ReportOptions {
  readonly choice: ReportChoice;
  readonly filter: EventFilter;
  readonly input: ReportInput;
  readonly presentation: ReportPresentation;
  /** --debug: report malformed events skipped. */
  readonly debug: boolean;
}

/**
 * What reading the arguments gives: options to run with, or what to print and
 * the exit code when the command line ends the run (help, version, errors,
 * aureport's "Unimplemented option").
 */
export type ReportArgsResult =
  | { readonly kind: 'ok'; readonly options: ReportOptions }
  | { readonly kind: 'exit'; readonly stdout: string; readonly stderr: string; readonly exitCode: 0 | 1 };
