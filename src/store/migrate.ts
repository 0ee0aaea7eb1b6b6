// The store's schema version (auspex_meta.schema_version) and the way up to
// the current one. A writer migrates in one transaction per step, so a crash
// leaves the store at a whole version; a reader only checks: it cannot write,
// and a newer store than it knows is refused rather than misread.
import type { DuckDBConnection } from '@duckdb/node-api';
import { MIGRATIONS, SCHEMA_VERSION, STORE_TABLES } from './schema.js';
import { StoreError } from './store-error.js';

async function tableNames(con: DuckDBConnection): Promise<string[]> {
  const r = await con.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()");
  return r.getRowsJS().map((row) => String(row[0]));
}

/** The store's version: 0 for an empty database. */
export async function readSchemaVersion(con: DuckDBConnection, path: string): Promise<number> {
  const tables = await tableNames(con);
  if (tables.length === 0) return 0;
  if (!tables.includes('auspex_meta')) throw new StoreError('E_STORE_SCHEMA', `${path} is a DuckDB database but not an auspex event store`);
  const r = await con.runAndReadAll("SELECT value FROM auspex_meta WHERE key = 'schema_version'");
  const v = Number(r.getRowsJS()[0]?.[0]);
  if (!Number.isInteger(v) || v < 1) throw new StoreError('E_STORE_SCHEMA', `${path}: auspex_meta has no valid schema_version`);
  return v;
}

function tooNew(path: string, version: number): StoreError {
  return new StoreError('E_STORE_VERSION', `${path} has store schema version ${version}; this auspex knows up to ${SCHEMA_VERSION}: use a newer auspex`);
}

/** Brings a store opened for writing to SCHEMA_VERSION; returns the version it had. */
export async function migrate(con: DuckDBConnection, path: string): Promise<number> {
  const from = await readSchemaVersion(con, path);
  if (from > SCHEMA_VERSION) throw tooNew(path, from);
  for (const m of MIGRATIONS) {
    if (m.to <= from) continue;
    await con.run('BEGIN TRANSACTION');
    try {
      for (const sql of m.statements) await con.run(sql);
      await con.run("INSERT OR REPLACE INTO auspex_meta VALUES ('schema_version', $v)", { v: String(m.to) });
      if (from === 0) await con.run("INSERT OR REPLACE INTO auspex_meta VALUES ('created', strftime(now() AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'))");
      await con.run('COMMIT');
    } catch (e) {
      await con.run('ROLLBACK');
      throw e;
    }
  }
  return from;
}

/** Checks that a store opened read-only is one this auspex can read as it is. */
export async function checkReadable(con: DuckDBConnection, path: string): Promise<void> {
  const v = await readSchemaVersion(con, path);
  if (v === 0) throw new StoreError('E_STORE_SCHEMA', `${path} is an empty database, not an auspex event store`);
  if (v > SCHEMA_VERSION) throw tooNew(path, v);
  if (v < SCHEMA_VERSION) {
    throw new StoreError('E_STORE_VERSION', `${path} has store schema version ${v}; run any auspex ingest on it to upgrade it to ${SCHEMA_VERSION}`);
  }
  const tables = await tableNames(con);
  const missing = STORE_TABLES.filter((t) => !tables.includes(t));
  if (missing.length > 0) throw new StoreError('E_STORE_SCHEMA', `${path} lacks the table(s) ${missing.join(', ')}`);
}
