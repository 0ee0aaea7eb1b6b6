// The store's tables, as data: each column's name, SQL type and how the
// writer fills it (kind), so the DDL, the data-chunk filler and the docs
// cannot drift apart. Also the schema version and the migrations that lead
// from an empty file to it.
import { IO_URING_OPS } from '../rules/index.js';
import { ROLLUP_TABLES, rollupInserts } from './summary-rollup.js';

/** How a column is filled from a batch (see batch.ts). */
export type ColumnKind =
  | 'i16' | 'i32' | 'u32' | 'i64' | 'bool'
  /** TIMESTAMP: microseconds since the epoch, from milliseconds. */
  | 'timestampMs'
  /** VARCHAR from a JS string (latin1 text is stored as the characters it holds). */
  | 'text'
  /** VARCHAR straight from bytes that are valid UTF-8. */
  | 'utf8Bytes'
  | 'blob'
  /** VARCHAR[] from JS strings. */
  | 'textList';

export interface ColumnSpec {
  readonly name: string;
  readonly sql: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

function col(name: string, sql: string, kind: ColumnKind, nullable = true): ColumnSpec {
  return { name, sql, kind, nullable };
}

/**
 * One row per event as the kernel meant it (events/' 'kernel' policy: EOE
 * ends an event, a LOGIN keeps its SYSCALL). The common fields are typed
 * columns; `raw` keeps every record line (ENRICHED tail and EOE included) so
 * nothing is lost. Identity (node, sec, milli, serial, shape) makes ingest
 * idempotent; rseq/rseq_more give each record's place in the input, so the
 * log can be replayed in its own order.
 */
export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  col('seq', 'BIGINT NOT NULL', 'i64', false),
  // UTC, millisecond precision: the record header's sec.milli.
  col('time', 'TIMESTAMP NOT NULL', 'timestampMs', false),
  col('serial', 'BIGINT NOT NULL', 'i64', false),
  col('node', 'VARCHAR', 'text'),
  col('shape', 'UINTEGER NOT NULL', 'u32', false),
  col('type', 'VARCHAR NOT NULL', 'text', false),
  col('types', 'VARCHAR[] NOT NULL', 'textList', false),
  col('key', 'VARCHAR', 'text'),
  col('syscall', 'VARCHAR', 'text'),
  col('arch', 'VARCHAR', 'text'),
  col('success', 'BOOLEAN', 'bool'),
  col('exit', 'BIGINT', 'i64'),
  col('pid', 'INTEGER', 'i32'),
  col('ppid', 'INTEGER', 'i32'),
  col('uid', 'UINTEGER', 'u32'),
  col('auid', 'UINTEGER', 'u32'),
  col('euid', 'UINTEGER', 'u32'),
  col('suid', 'UINTEGER', 'u32'),
  col('fsuid', 'UINTEGER', 'u32'),
  col('gid', 'UINTEGER', 'u32'),
  col('egid', 'UINTEGER', 'u32'),
  col('sgid', 'UINTEGER', 'u32'),
  col('fsgid', 'UINTEGER', 'u32'),
  col('ses', 'UINTEGER', 'u32'),
  col('tty', 'VARCHAR', 'text'),
  col('comm', 'VARCHAR', 'text'),
  col('exe', 'VARCHAR', 'text'),
  col('op', 'VARCHAR', 'text'),
  col('uring_op', 'SMALLINT', 'i16'),
  col('container', 'VARCHAR', 'text'),
  col('bpf_prog_id', 'UINTEGER', 'u32'),
  col('source_id', 'INTEGER NOT NULL', 'i32', false),
  col('rseq', 'BIGINT NOT NULL', 'i64', false),
  col('rseq_more', 'VARCHAR', 'text'),
  // ZSTD: the one string compression that takes values over 4 KiB (an
  // execve event with long arguments is 20 KiB; FSST and dictionary give up
  // on a whole segment for one such value), and the fastest to write.
  col('raw', 'VARCHAR NOT NULL USING COMPRESSION zstd', 'utf8Bytes', false),
  col('raw_bytes', 'BLOB', 'blob'),
];

/**
 * One row per event as aureport 3.0.9 groups them (ausearch's grouping) with
 * what its main summary counts, read by ausearch's own parsers at ingest: the
 * summary is then a few SQL aggregates. Every other report replays the stored
 * records (see replay.ts).
 */
export const REPORT_COLUMNS: readonly ColumnSpec[] = [
  col('seq', 'BIGINT NOT NULL', 'i64', false),
  col('src', 'INTEGER NOT NULL', 'i32', false),
  col('sec', 'BIGINT NOT NULL', 'i64', false),
  col('milli', 'SMALLINT NOT NULL', 'i16', false),
  col('serial', 'BIGINT NOT NULL', 'i64', false),
  col('node', 'VARCHAR', 'text'),
  col('shape', 'UINTEGER NOT NULL', 'u32', false),
  col('head_type', 'INTEGER NOT NULL', 'i32', false),
  col('types', 'VARCHAR NOT NULL', 'text', false),
  col('success', 'INTEGER NOT NULL', 'i32', false),
  col('syscall', 'INTEGER NOT NULL', 'i32', false),
  col('loginuid', 'INTEGER NOT NULL', 'i32', false),
  col('pid', 'INTEGER NOT NULL', 'i32', false),
  col('terminal', 'VARCHAR', 'text'),
  col('hostname', 'VARCHAR', 'text'),
  col('exe', 'VARCHAR', 'text'),
  col('comm', 'VARCHAR', 'text'),
  col('files', 'VARCHAR[]', 'textList'),
  col('keys', 'VARCHAR[]', 'textList'),
  col('bad', 'BOOLEAN NOT NULL', 'bool', false),
  col('bad_i', 'BOOLEAN NOT NULL', 'bool', false),
  col('odd_i', 'BOOLEAN NOT NULL', 'bool', false),
  col('warnings', 'VARCHAR', 'text'),
];

export const SCHEMA_VERSION = 2;

/** DuckDB's storage format for new stores: ZSTD string compression needs v1.2 or later. */
export const STORAGE_VERSION = 'v1.2.0';

export function createTable(name: string, columns: readonly ColumnSpec[]): string {
  return `CREATE TABLE ${name} (${columns.map((c) => `${c.name} ${c.sql}`).join(', ')})`;
}

export interface Migration {
  /** The version the store has after it. */
  readonly to: number;
  readonly statements: readonly string[];
}

/** From an empty database to SCHEMA_VERSION, in order; each runs in the transaction that records its version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    statements: [
      'CREATE TABLE auspex_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
      // One row per input read: its name, the place of its lines in the
      // store's record order, and the end-of-event timeout its events were
      // grouped with.
      'CREATE TABLE sources (source_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, rseq_first BIGINT NOT NULL, ' +
        'rseq_last BIGINT NOT NULL, timeout_sec INTEGER NOT NULL, ingested TIMESTAMP NOT NULL)',
      createTable('events', EVENT_COLUMNS),
      createTable('report_events', REPORT_COLUMNS),
      // io_uring op names (Linux 6.18), for joins: events.uring_op = uring_ops.op.
      'CREATE TABLE uring_ops (op SMALLINT PRIMARY KEY, name VARCHAR NOT NULL, audited BOOLEAN NOT NULL)',
      `INSERT INTO uring_ops VALUES ${IO_URING_OPS.map((o) => `(${o.op}, '${o.name}', ${o.audited})`).join(', ')}`,
    ],
  },
  {
    // The main summary's rollups (summary-rollup.ts), filled from what is stored.
    to: 2,
    statements: [...ROLLUP_TABLES, ...rollupInserts('true')],
  },
];

/** The tables a store of SCHEMA_VERSION has. */
export const STORE_TABLES = ['auspex_meta', 'sources', 'events', 'report_events', 'uring_ops', 'summary_counts', 'summary_values'] as const;
