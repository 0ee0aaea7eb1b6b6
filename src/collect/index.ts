// collect/: the collector daemon: sources (netlink multicast / unicast,
// auditd plugin stdin, a followed log file) → pipeline (parse, serials,
// assemble) → sinks (auditd-format log, JSON lines), with loss accounting and
// a status file. The only I/O shell of the collection path besides kernel/.
export { Collector, resolveSource, writeStatusFile } from './daemon.js';
export type { CollectorHost, CollectorOptions } from './daemon.js';
export { CollectError } from './collect-error.js';
export type { CollectErrorCode } from './collect-error.js';
export { parseCollectConfig, logConfigFor, configKeyNames, DEFAULT_CONTAINER_REGISTRY, DEFAULT_LOG_FILE, DEFAULT_STATE_FILE, IGNORED_AUDITD_KEYS } from './config.js';
export type { CollectConfig, ConfigEnv, ConfigOverrides, EnrichConfig, LogConfig } from './config.js';
export { sourceSpec } from './config-values.js';
export type { DiskAction, SourceSpec } from './config-values.js';
export { formatStatus, parseStatus } from './status.js';
export type { CollectStatus, KernelCounters } from './status.js';
export { pollKernel } from './daemon-host.js';
export { processAlive } from './netlink-source.js';
export { logTypeName, writeLogLine } from './log-line.js';
export { EnrichedTail } from './enriched-tail.js';
export { SerialTracker } from './serial-tracker.js';
export type { SerialGap, SerialTotals } from './serial-tracker.js';
export { LogWriter } from './log-writer.js';
export type { LogWriterHost, LogWriterTotals } from './log-writer.js';
export { FileSource } from './file-source.js';
export type { FilePosition } from './file-source.js';
export type { PipelineEnricher, PipelineStage, StoreSink } from './pipeline.js';
export { LineSink } from './line-sink.js';
export { lastSerialInLog } from './log-tail.js';
