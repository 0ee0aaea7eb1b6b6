// report/: aureport 3.0.9's reports (same switches, same text) and auspex's
// io_uring, BPF and container reports. Events become per-event facts, facts
// become report models, models become text or JSON. Pure: users, time zone
// and clock come in as data.
export { parseReportArgs } from './report-args.js';
export type { ReportArgsEnv } from './report-args.js';
export { reportUsage } from './usage.js';
export type {
  AureportKind, ConfigAction, EventFilter, InsightKind, OutcomeFilter, ReportArgsResult, ReportChoice, ReportDetail,
  ReportInput, ReportOptions, ReportPresentation,
} from './options.js';
export { ALL_EVENTS } from './options.js';
export { createReportRun, createSummaryFastPath } from './create-run.js';
export type { ReportEnv, SummaryFastPath } from './create-run.js';
export { SummaryScan } from './summary-scan.js';
export type { ScanPhase, SummaryPart, SummaryScanOptions } from './summary-scan.js';
export { InPlaceItems, RecordKind } from './in-place-items.js';
export type { ItemsState } from './in-place-items.js';
export { mergeParts, scanPart } from './summary-parts.js';
export type { PartBounds, PartResult } from './summary-parts.js';
export { EventGrouper, GroupedEvent } from './event-grouper.js';
export type { GrouperOptions } from './event-grouper.js';
export type { ReportRun, RunText } from './report-run.js';
export { createEventScanner, hasType, hasTypeIn } from './facts.js';
export type { EventItems, EventScanner, ReportFacts, ScanEnv } from './facts.js';
export { Presenter } from './presenter.js';
export type { PresenterEnv } from './presenter.js';
export { SummaryAggregator, formatSummary } from './summary-report.js';
export type { Stamp, SummaryCounts, SummaryModel, SummaryState } from './summary-report.js';
export { RankedAggregator, formatRanked, isRankedKind } from './ranked-report.js';
export type { RankedEntry, RankedKeyKind, RankedModel } from './ranked-report.js';
export { formatDetail, listsEvent } from './detail-report.js';
// auspex's own aggregations, for detect/ (io_uring profiles, the BPF inventory).
export { UringAggregator } from './uring-report.js';
export type { UringContext, UringModel, UringOpSeen } from './uring-report.js';
export { BpfAggregator } from './bpf-report.js';
export type { BpfModel, BpfMoment, BpfProgram as BpfLogProgram } from './bpf-report.js';
export type { Task } from './record-fields.js';
