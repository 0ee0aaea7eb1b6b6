// Opening a store file with DuckDB, and DuckDB's failures as StoreErrors.
// DuckDB lets one process open a file for writing and then no other process
// at all (not even to read); readers go through the process that owns the
// store (the collector, `auspex serve`) or read a Parquet export.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { STORAGE_VERSION } from './schema.js';
import { StoreError } from './store-error.js';

export interface OpenDuck {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
}

let api: Promise<typeof import('@duckdb/node-api')> | undefined;

/**
 * DuckDB's API, loaded on first use (0.15 s): a process whose store lives on
 * the writer thread (auspex ingest, collect --db) never loads it on its
 * reading thread, which can start reading that much sooner.
 */
export function duckApi(): Promise<typeof import('@duckdb/node-api')> {
  return (api ??= import('@duckdb/node-api'));
}

export function describeDuckError(path: string, e: unknown): StoreError {
  const message = e instanceof Error ? e.message : String(e);
  if (/Could not set lock|Conflicting lock/.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new StoreError('E_STORE_LOCKED', `${path} is open for writing by ${pid === undefined ? 'another process' : `process ${pid}`} ` +
      '(auspex ingest or collect); only that process can read it until it closes the store', { cause: e });
  }
  if (/not a valid DuckDB database|Unable to open|IO Error/.test(message)) {
    return new StoreError('E_STORE_OPEN', `cannot open ${path}: ${message}`, { cause: e });
  }
  return new StoreError('E_STORE_SQL', message, { cause: e });
}

/**
 * Opens (or, for writing, creates) the database. A new file and its
 * directory are made private to the user (audit data); the directory is
 * created if missing.
 */
export async function openDuck(path: string, mode: 'read' | 'write', settings: Readonly<Record<string, string>> = {}): Promise<OpenDuck> {
  const exists = existsSync(path);
  if (mode === 'read' && !exists) throw new StoreError('E_STORE_MISSING', `no event store at ${path} (create one with auspex ingest)`);
  let restore: number | undefined;
  if (!exists) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // umask is process-wide and only settable on the main thread.
    try {
      restore = process.umask(0o077);
    } catch {
      restore = undefined;
    }
  }
  const { DuckDBInstance } = await duckApi();
  let instance: DuckDBInstance;
  try {
    const create = exists ? {} : { storage_compatibility_version: STORAGE_VERSION };
    instance = await DuckDBInstance.create(path, { access_mode: mode === 'read' ? 'READ_ONLY' : 'READ_WRITE', ...create, ...settings });
  } catch (e) {
    throw describeDuckError(path, e);
  } finally {
    if (restore !== undefined) process.umask(restore);
  }
  return { instance, connection: await instance.connect() };
}

export function closeDuck(duck: OpenDuck): void {
  duck.connection.closeSync();
  duck.instance.closeSync();
}

/** A quoted SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
