// The store opened read-only: for `auspex query` and `auspex report --db`.
// DuckDB refuses any write on a read-only open, so a query can never change
// the store; and no process can read a store while another writes it (see
// duck.ts), which the error says.
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { closeDuck, describeDuckError, duckApi, openDuck } from './duck.js';
import type { OpenDuck } from './duck.js';
import { checkReadable } from './migrate.js';

export interface StoredSource {
  readonly id: number;
  readonly name: string;
  readonly rseqFirst: number;
  readonly rseqLast: number;
  readonly timeoutSec: number;
}

export type SqlValue = string | number | bigint | boolean | null | Uint8Array | Date | readonly SqlValue[] | { readonly [k: string]: SqlValue };

export interface QueryResult {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  /** Chunks of rows as they come; each row's values in column order. */
  readonly rows: AsyncIterable<readonly (readonly SqlValue[])[]>;
}

/** What a reader of small results needs of a store: StoreReader, and the server's own session on a store it writes. */
export interface StoreRows {
  /** All rows of a small query, as JS values. */
  rows(sql: string, params?: Record<string, string | number | boolean | null>): Promise<SqlValue[][]>;
  /** The inputs read into the store, in order. */
  sources(): Promise<StoredSource[]>;
}

/** The inputs read into the store, in order, by a `rows` of either kind. */
export async function readSources(rows: StoreRows['rows']): Promise<StoredSource[]> {
  const found = await rows('SELECT source_id, name, rseq_first, rseq_last, timeout_sec FROM sources ORDER BY source_id');
  return found.map(([id, name, first, last, timeout]) => ({
    id: Number(id), name: String(name), rseqFirst: Number(first), rseqLast: Number(last), timeoutSec: Number(timeout),
  }));
}

export class StoreReader implements StoreRows {
  readonly path: string;
  readonly #duck: OpenDuck;

  private constructor(path: string, duck: OpenDuck) {
    this.path = path;
    this.#duck = duck;
  }

  static async open(path: string): Promise<StoreReader> {
    const duck = await openDuck(path, 'read');
    try {
      await checkReadable(duck.connection, path);
    } catch (e) {
      closeDuck(duck);
      throw e;
    }
    return new StoreReader(path, duck);
  }

  get connection(): DuckDBConnection {
    return this.#duck.connection;
  }

  /** Runs one SQL text; rows stream in chunks (a large result is never held whole). */
  async query(sql: string, params?: Record<string, string | number | boolean | null>): Promise<QueryResult> {
    let result: DuckDBResult;
    try {
      result = await this.#duck.connection.stream(sql, params);
    } catch (e) {
      throw describeDuckError(this.path, e);
    }
    const path = this.path;
    const { JSDuckDBValueConverter } = await duckApi();
    async function* rows(): AsyncGenerator<readonly (readonly SqlValue[])[]> {
      for (;;) {
        let chunk;
        try {
          chunk = await result.fetchChunk();
        } catch (e) {
          throw describeDuckError(path, e);
        }
        if (chunk === null || chunk.rowCount === 0) return;
        yield chunk.convertRows(JSDuckDBValueConverter) as unknown as readonly (readonly SqlValue[])[];
      }
    }
    return { columns: result.columnNames(), types: result.columnTypes().map((t) => t.toString()), rows: rows() };
  }

  /** All rows of a small query, as JS values. */
  async rows(sql: string, params?: Record<string, string | number | boolean | null>): Promise<SqlValue[][]> {
    try {
      const r = await this.#duck.connection.runAndReadAll(sql, params);
      return r.getRowsJS() as unknown as SqlValue[][];
    } catch (e) {
      throw describeDuckError(this.path, e);
    }
  }

  /** The inputs read into the store, in order. */
  sources(): Promise<StoredSource[]> {
    return readSources((sql, params) => this.rows(sql, params));
  }

  close(): void {
    closeDuck(this.#duck);
  }
}
