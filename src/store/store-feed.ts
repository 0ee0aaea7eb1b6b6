// The store as a sink of a live stream (the collector's --db): bytes of log
// lines pushed as they come, copied and ingested in order on the side, so
// that the stream never waits for the store. What is read is committed every
// few seconds; a store that falls so far behind that the queue passes its
// bound drops what does not fit, counted and reported, rather than letting
// the collector's memory grow (the collector's own log keeps every record).
import { Buffer } from 'node:buffer';
import type { UserDb } from '../query/index.js';
import { StoreIngest } from './ingest.js';
import type { IngestTotals } from './ingest.js';
import { openIngestTarget } from './ingest-target.js';
import type { IngestTarget } from './ingest-target.js';

export interface StoreFeedOptions {
  readonly timeoutSec: number;
  readonly users: UserDb;
  /** The name the input is recorded under (e.g. the source's). */
  readonly name: string;
  /** Commit at least this often while bytes come (ms). */
  readonly commitIntervalMs?: number;
  /** Most bytes waiting to be ingested; beyond, pushes are dropped and counted. */
  readonly maxQueuedBytes?: number;
  /** A failure of the store, once; the feed stops taking bytes. */
  readonly onError: (e: Error) => void;
  /** Bytes dropped because the store fell behind (called at most once per commit interval). */
  readonly onDropped?: (bytes: number) => void;
}

const DEFAULT_COMMIT_MS = 5000;
const DEFAULT_MAX_QUEUED = 64 * 1024 * 1024;

export class StoreFeed {
  readonly #target: IngestTarget;
  readonly #ingest: StoreIngest;
  readonly #options: StoreFeedOptions;
  readonly #queue: Buffer[] = [];
  readonly #timer: NodeJS.Timeout;
  #queued = 0;
  #dropped = 0;
  #droppedReported = 0;
  #dirty = false;
  #commitWanted = false;
  #running: Promise<void> | undefined;
  #failed = false;
  #closed = false;

  private constructor(target: IngestTarget, options: StoreFeedOptions) {
    this.#target = target;
    this.#options = options;
    this.#ingest = new StoreIngest(target, { timeoutSec: options.timeoutSec, maxInFlight: 100_000, batchEvents: 262_144, users: options.users });
    this.#ingest.beginInput(options.name);
    this.#timer = setInterval(() => this.#tick(), options.commitIntervalMs ?? DEFAULT_COMMIT_MS);
    this.#timer.unref();
  }

  static async open(path: string, options: StoreFeedOptions): Promise<StoreFeed> {
    return new StoreFeed(await openIngestTarget(path), options);
  }

  get totals(): IngestTotals & { readonly droppedBytes: number } {
    return { ...this.#ingest.totals, droppedBytes: this.#dropped };
  }

  /** The next bytes of the stream (copied: the caller may reuse its buffer). */
  push(bytes: Buffer): void {
    if (this.#failed || this.#closed) return;
    if (this.#queued + bytes.length > (this.#options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED)) {
      this.#dropped += bytes.length;
      return;
    }
    this.#queue.push(Buffer.from(bytes));
    this.#queued += bytes.length;
    this.#running ??= this.#pump();
  }

  /** Ingests what is queued, completes the open events, commits and closes the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#running;
    try {
      if (!this.#failed) {
        await this.#ingest.endInput(true);
        await this.#ingest.finish();
      }
    } catch (e) {
      this.#fail(e);
    }
    await this.#target.close().catch((e: unknown) => this.#fail(e));
  }

  // Ingests queued bytes and commits when asked, one step at a time, until
  // nothing is left to do.
  async #pump(): Promise<void> {
    try {
      for (;;) {
        const chunk = this.#queue.shift();
        if (chunk !== undefined) {
          this.#queued -= chunk.length;
          await this.#ingest.push(chunk);
          this.#dirty = true;
        } else if (this.#commitWanted) {
          this.#commitWanted = false;
          this.#dirty = false;
          await this.#ingest.commitNow();
        } else break;
      }
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#running = undefined;
    }
  }

  #tick(): void {
    if (this.#dropped > this.#droppedReported) {
      this.#options.onDropped?.(this.#dropped - this.#droppedReported);
      this.#droppedReported = this.#dropped;
    }
    if (!this.#dirty || this.#failed || this.#closed) return;
    this.#commitWanted = true;
    this.#running ??= this.#pump();
  }

  #fail(e: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#queue.length = 0;
    this.#options.onError(e instanceof Error ? e : new Error(String(e)));
  }
}
