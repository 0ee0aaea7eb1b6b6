// Retention: events older than an age, or the oldest events until the data
// fits a size, are deleted (both views of them: `events` and
// `report_events`), then a checkpoint gives their blocks back for reuse.
// DuckDB frees a block only when every row in its row group (~120 000 rows)
// is gone; when deleting does not bring the data under a size limit, the
// tables are rewritten without the deleted rows. Freed blocks are reused but
// the file does not shrink: the limit bounds the data, and so the file's
// growth, not its current size.
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_COLUMNS, REPORT_COLUMNS, createTable } from './schema.js';
import { rollupRebuild } from './summary-rollup.js';

export interface RetentionPolicy {
  /** Keep events whose time is at most this many seconds before nowSec. */
  readonly maxAgeSec?: number;
  /** Keep the newest events whose data fit in this many bytes. */
  readonly maxBytes?: number;
  readonly nowSec: number;
}

export interface RetentionResult {
  readonly deletedEvents: number;
  /** Bytes of data blocks in use afterwards. */
  readonly usedBytes: number;
}

/** Bytes in blocks that hold data (DuckDB's used_blocks × block_size). */
export async function usedBytes(con: DuckDBConnection): Promise<number> {
  const r = await con.runAndReadAll('SELECT block_size, used_blocks FROM pragma_database_size()');
  const [blockSize, used] = r.getRowsJS()[0] ?? [0, 0];
  return Number(blockSize) * Number(used);
}

async function deleteBefore(con: DuckDBConnection, cutoffSec: number): Promise<number> {
  await con.run('BEGIN TRANSACTION');
  try {
    const r = await con.run('DELETE FROM events WHERE time < epoch_ms($cutoff::BIGINT * 1000)', { cutoff: cutoffSec });
    const reports = await con.run('DELETE FROM report_events WHERE sec < $cutoff', { cutoff: cutoffSec });
    if (Number(reports.rowsChanged) > 0) for (const sql of rollupRebuild()) await con.run(sql);
    await con.run('COMMIT');
    return Number(r.rowsChanged);
  } catch (e) {
    await con.run('ROLLBACK');
    throw e;
  }
}

/** At most this many rounds of deleting and measuring for a size limit. */
const MAX_SIZE_ROUNDS = 8;

/** Rewrites both event tables, so that blocks holding deleted rows are freed. */
async function compact(con: DuckDBConnection): Promise<void> {
  await con.run('BEGIN TRANSACTION');
  try {
    for (const [table, columns] of [['events', EVENT_COLUMNS], ['report_events', REPORT_COLUMNS]] as const) {
      await con.run(createTable(`${table}__compact`, columns));
      await con.run(`INSERT INTO ${table}__compact SELECT * FROM ${table} ORDER BY seq`);
      await con.run(`DROP TABLE ${table}`);
      await con.run(`ALTER TABLE ${table}__compact RENAME TO ${table}`);
    }
    await con.run('COMMIT');
  } catch (e) {
    await con.run('ROLLBACK');
    throw e;
  }
  await con.run('CHECKPOINT');
}

export async function applyRetention(con: DuckDBConnection, policy: RetentionPolicy): Promise<RetentionResult> {
  let deleted = 0;
  if (policy.maxAgeSec !== undefined) deleted += await deleteBefore(con, policy.nowSec - policy.maxAgeSec);
  await con.run('CHECKPOINT');
  let used = await usedBytes(con);
  if (policy.maxBytes !== undefined) {
    for (let round = 0; round < MAX_SIZE_ROUNDS && used > policy.maxBytes; round++) {
      // Delete the oldest share of events the excess suggests (a little
      // more, as blocks are not freed row by row), by time.
      const share = Math.min(1, (1 - policy.maxBytes / used) * 1.1 + 0.01);
      const r = await con.runAndReadAll('SELECT quantile_disc(epoch(time)::BIGINT, $q::DOUBLE), count(*) FROM events', { q: share });
      const [cutoff, total] = r.getRowsJS()[0] ?? [null, 0];
      if (cutoff === null || Number(total) === 0) break;
      // Everything up to and including the cutoff second.
      const n = await deleteBefore(con, Number(cutoff) + 1);
      deleted += n;
      await con.run('CHECKPOINT');
      const before = used;
      used = await usedBytes(con);
      if (used > policy.maxBytes && used >= before) {
        await compact(con);
        used = await usedBytes(con);
      }
      if (n === 0) break;
    }
  }
  return { deletedEvents: deleted, usedBytes: used };
}
