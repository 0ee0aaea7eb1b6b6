// Runs of the reports aureport has not (io_uring, BPF, container) over the
// events the kernel meant (EOE ends an event; a LOGIN stays one event).
// --node and -ts/-te select events; --failed/--success select io_uring ops.
// The report is printed once all input is read, as text or JSON.
import type { AuditEvent } from '../events/index.js';
import type { EventFilter, InsightKind } from './options.js';
import type { Presenter } from './presenter.js';
import type { ReportRun, RunText } from './report-run.js';
import { BpfAggregator } from './bpf-report.js';
import { ContainerAggregator } from './container-report.js';
import { UringAggregator } from './uring-report.js';
import { formatBpfText, formatContainerText, formatUringText } from './insight-text.js';
import { bpfJson, containerJson, uringJson } from './insight-json.js';

interface Insight {
  add(event: AuditEvent): void;
  output(): string;
}

function insightFor(kind: InsightKind, json: boolean, filter: EventFilter, p: Presenter): Insight {
  switch (kind) {
    case 'uring': {
      const a = new UringAggregator({ outcome: filter.outcome });
      return { add: (e) => a.add(e), output: () => (json ? uringJson(a.model()) : formatUringText(a.model(), p)) };
    }
    case 'bpf': {
      const a = new BpfAggregator();
      return { add: (e) => a.add(e), output: () => (json ? bpfJson(a.model()) : formatBpfText(a.model(), p)) };
    }
    case 'container': {
      const a = new ContainerAggregator();
      return { add: (e) => a.add(e), output: () => (json ? containerJson(a.model()) : formatContainerText(a.model(), p)) };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function createInsightRun(kind: InsightKind, json: boolean, filter: EventFilter, presenter: Presenter): ReportRun {
  const insight = insightFor(kind, json, filter, presenter);
  const { startSec, endSec, nodes } = filter;
  return {
    policy: 'kernel',
    start: (): RunText => ({ stdout: '', stderr: '' }),
    acceptRecord: () => true,
    beginFile: () => {},
    event(event) {
      if ((startSec !== 0 && event.sec < startSec) || (endSec !== 0 && event.sec > endSec)) return '';
      if (nodes !== undefined && (event.node === undefined || !nodes.includes(event.node))) return '';
      insight.add(event);
      return '';
    },
    endFile: () => '',
    finish: () => ({ stdout: insight.output(), stderr: '', exitCode: 0 }),
  };
}
