// What every source of the collector gives the pipeline: batches of bytes
// holding auditd-format log lines (netlink records are turned into such lines
// by their reader; stdin and files already are). Batches are handled
// synchronously, and a source reads no further than the credit that handling
// returns, so memory stays bounded and a slow sink slows the source.
import type { SourceSpec } from './config-values.js';

export interface BatchInfo {
  /** Times the kernel could not deliver to us (ENOBUFS on the multicast socket) since the last batch. */
  readonly overruns: number;
}

export interface SourceHandlers {
  /** Bytes of log lines; complete lines for netlink, any split for streams. */
  batch(bytes: Buffer, info: BatchInfo): void;
  /** The input ended (stdin closed); a live source never ends by itself. */
  end(): void;
  error(error: Error): void;
}

export interface CollectSource {
  readonly kind: Exclude<SourceSpec['kind'], 'auto'>;
  /** For messages and the status file (`unicast`, `file:/var/log/audit/audit.log`). */
  readonly description: string;
  /** Starts reading; resolves once records can flow (registered, joined, opened). */
  start(handlers: SourceHandlers): Promise<void>;
  /** Stops: a live source hands the kernel back and reads what was already queued for it. */
  stop(): Promise<void>;
}
