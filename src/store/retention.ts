// Retention: events older than an age, or the oldest events until the data
// fits a size, are deleted (both views of them: `events` and
// `report_events`), then a checkpoint gives their blocks back for reuse.
// DuckDB reuses freed blocks but does not shrink the file: the limit bounds
// the data, and so the growth of the file, not the file's current size.
import type { DuckDBConnection } from '@duckdb/node-api';

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
    const r = await con.run('DELETE FROM events WHERE sec < $cutoff', { cutoff: cutoffSec });
    await con.run('DELETE FROM report_events WHERE sec < $cutoff', { cutoff: cutoffSec });
    await con.run('COMMIT');
    return Number(r.rowsChanged);
  } catch (e) {
    await con.run('ROLLBACK');
    throw e;
  }
}

/** At most this many rounds of deleting and measuring for a size limit. */
const MAX_SIZE_ROUNDS = 8;

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
      const r = await con.runAndReadAll('SELECT quantile_disc(sec, $q::DOUBLE), count(*) FROM events', { q: share });
      const [cutoff, total] = r.getRowsJS()[0] ?? [null, 0];
      if (cutoff === null || Number(total) === 0) break;
      // Everything up to and including the cutoff second.
      const n = await deleteBefore(con, Number(cutoff) + 1);
      deleted += n;
      await con.run('CHECKPOINT');
      used = await usedBytes(con);
      if (n === 0) break;
    }
  }
  return { deletedEvents: deleted, usedBytes: used };
}
