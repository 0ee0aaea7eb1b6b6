// Builds the run for the report the options chose, with what it needs from
// the reading machine (users, time zone) passed in.
import type { TimeZone, UserDb } from '../query/index.js';
import type { ReportOptions } from './options.js';
import type { ReportRun } from './report-run.js';
import { AureportRun } from './aureport-run.js';
import { createEventScanner } from './facts.js';
import { Presenter } from './presenter.js';
import type { RunText } from './report-run.js';
import { SummaryScan } from './summary-scan.js';
import { formatSummary } from './summary-report.js';
import type { SummaryModel } from './summary-report.js';

export interface ReportEnv {
  readonly users: UserDb;
  readonly timeZone: TimeZone;
  /** Messages ausearch's parsers print on stderr (short sockaddr values). */
  readonly warn?: (text: string) => void;
  /** --debug output. */
  readonly debug?: (text: string) => void;
}

// The io_uring/BPF/container reports and the TTY report's keystroke names
// bring in output/ and interpret/: loaded only when asked for, so the other
// reports start faster.
export async function createReportRun(options: ReportOptions, env: ReportEnv): Promise<ReportRun> {
  const presenter = new Presenter({
    interpret: options.presentation.interpret,
    escape: options.presentation.escape,
    users: env.users,
    timeZone: env.timeZone,
  });
  const choice = options.choice;
  if (choice.kind === 'insight') {
    const { createInsightRun } = await import('./insight-run.js');
    return createInsightRun(choice.report, choice.json, options.filter, presenter);
  }
  const scan = createEventScanner(choice.report, options.filter, options.presentation, {
    users: env.users,
    ...(env.warn === undefined ? {} : { warn: env.warn }),
    ...(options.debug && env.debug !== undefined ? { debug: env.debug } : {}),
  });
  const ttyData = choice.report === 'tty' ? (await import('./tty-data.js')).formatTtyData : undefined;
  return new AureportRun({ kind: choice.report, detail: choice.detail, filter: options.filter, presenter, scan, ...(ttyData === undefined ? {} : { ttyData }) });
}

/** The main summary read straight from log bytes (see SummaryScan), and its closing text. */
export interface SummaryFastPath {
  readonly scan: SummaryScan;
  /** The closing text: of the scan, or of a model made elsewhere (parts scanned in parallel). */
  finish(model?: SummaryModel, warnings?: readonly string[]): RunText & { readonly exitCode: 0 };
}

/**
 * The fast path for this run, when it has one: the main summary without
 * --debug. The caller feeds the scan every input file and, unless the scan
 * gives up (`irregular`), prints finish() instead of running the general path.
 */
export function createSummaryFastPath(options: ReportOptions, env: ReportEnv, read: { readonly timeoutSec: number; readonly maxInFlight: number; readonly maxLineBytes: number }): SummaryFastPath | undefined {
  const choice = options.choice;
  if (choice.kind !== 'aureport' || choice.report !== 'summary' || choice.detail !== 'summary' || options.debug) return undefined;
  const presenter = new Presenter({ interpret: options.presentation.interpret, escape: options.presentation.escape, users: env.users, timeZone: env.timeZone });
  const scan = new SummaryScan({ filter: options.filter, interpret: options.presentation.interpret, users: env.users, ...read });
  return {
    scan,
    finish: (model, warnings) => ({
      stdout: formatSummary(model ?? scan.model(), presenter), stderr: (warnings ?? scan.warnings).join(''), exitCode: 0,
    }),
  };
}
