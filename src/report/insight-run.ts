// Runs of the reports aureport has not: io_uring, BPF and container.
import type { EventFilter, InsightKind } from './options.js';
import type { Presenter } from './presenter.js';
import type { ReportRun } from './report-run.js';

export function createInsightRun(kind: InsightKind, json: boolean, filter: EventFilter, presenter: Presenter): ReportRun {
  void kind; void json; void filter; void presenter;
  throw new Error('not yet');
}
