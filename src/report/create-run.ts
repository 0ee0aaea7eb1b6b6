// Builds the run for the report the options chose, with what it needs from
// the reading machine (users, time zone) passed in.
import type { TimeZone, UserDb } from '../query/index.js';
import type { ReportOptions } from './options.js';
import type { ReportRun } from './report-run.js';
import { AureportRun } from './aureport-run.js';
import { createEventScanner } from './facts.js';
import { Presenter } from './presenter.js';
import { createInsightRun } from './insight-run.js';

export interface ReportEnv {
  readonly users: UserDb;
  readonly timeZone: TimeZone;
  /** Messages ausearch's parsers print on stderr (short sockaddr values). */
  readonly warn?: (text: string) => void;
  /** --debug output. */
  readonly debug?: (text: string) => void;
}

export function createReportRun(options: ReportOptions, env: ReportEnv): ReportRun {
  const presenter = new Presenter({
    interpret: options.presentation.interpret,
    escape: options.presentation.escape,
    users: env.users,
    timeZone: env.timeZone,
  });
  const choice = options.choice;
  if (choice.kind === 'insight') return createInsightRun(choice.report, choice.json, options.filter, presenter);
  const scan = createEventScanner(choice.report, options.filter, options.presentation, {
    users: env.users,
    ...(env.warn === undefined ? {} : { warn: env.warn }),
    ...(options.debug && env.debug !== undefined ? { debug: env.debug } : {}),
  });
  return new AureportRun({ kind: choice.report, detail: choice.detail, filter: options.filter, presenter, scan });
}
