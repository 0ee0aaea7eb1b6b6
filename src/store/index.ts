// store/: the embedded event store (DuckDB, one file). Events as the kernel
// meant them with their common fields typed and every record line kept; the
// same log as aureport groups it, for reports answered with SQL; ingest that
// can be repeated and interrupted; retention; read-only queries. The I/O
// shell of the store: DuckDB lives here and nowhere else.
export { StoreError } from './store-error.js';
export type { StoreErrorCode } from './store-error.js';
export { defaultStorePath, STORE_FILE_NAME, SYSTEM_STORE_DIR } from './store-path.js';
export type { StorePathEnv } from './store-path.js';
export { EVENT_COLUMNS, REPORT_COLUMNS, SCHEMA_VERSION } from './schema.js';
export type { ColumnSpec } from './schema.js';
export { StoreWriter } from './writer.js';
export type { AppendResult, WriterStart } from './writer.js';
export { DirectTarget, WorkerTarget, openIngestTarget, startIngestTarget } from './ingest-target.js';
export type { IngestTarget, WriteTotals } from './ingest-target.js';
export { SourceBook } from './source-book.js';
export type { SourceState } from './source-book.js';
export { StoreIngest } from './ingest.js';
export type { IngestOptions, IngestTotals } from './ingest.js';
export type { RetentionPolicy, RetentionResult } from './retention.js';
export { StoreReader, readSources } from './reader.js';
export type { QueryResult, SqlValue, StoredSource, StoreRows } from './reader.js';
export { replay } from './replay.js';
export type { ReplayRange, ReplayVisitor } from './replay.js';
export { sqlSummary, sqlSummaryRefusal } from './summary-sql.js';
export type { SqlSummaryRequest } from './summary-sql.js';
export { rollupRebuild } from './summary-rollup.js';
export { StoreFeed } from './store-feed.js';
export type { StoreFeedOptions } from './store-feed.js';
