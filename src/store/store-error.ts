// The event store's errors: one AuspexError code per way opening, migrating
// or reading a store can fail, so the CLI can say what to do about each.
import { AuspexError } from '../errors.js';

export type StoreErrorCode =
  /** The file is not a DuckDB database, or DuckDB could not open it. */
  | 'E_STORE_OPEN'
  /** Another process holds the file open for writing (DuckDB allows one writer and no readers beside it). */
  | 'E_STORE_LOCKED'
  /** The store was written by a newer auspex (a schema version this one does not know). */
  | 'E_STORE_VERSION'
  /** A read-only open found no store at the path. */
  | 'E_STORE_MISSING'
  /** A database that is not an auspex store (tables missing or of another shape). */
  | 'E_STORE_SCHEMA'
  /** A query failed (syntax, unknown column, or a write attempted on a read-only store). */
  | 'E_STORE_SQL';

export class StoreError extends AuspexError<StoreErrorCode> {
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}
