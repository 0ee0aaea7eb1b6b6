// Errors of the collector: a bad configuration (always naming the key and the
// line), a source that cannot start (another audit daemon owns the kernel), a
// sink that cannot be opened. Stable codes; callers branch on `code`.
import { AuspexError } from '../errors.js';

export type CollectErrorCode =
  | 'E_CONFIG_FILE'
  | 'E_CONFIG_KEY'
  | 'E_CONFIG_VALUE'
  | 'E_SOURCE'
  | 'E_DAEMON_PRESENT'
  | 'E_SINK';

export class CollectError extends AuspexError<CollectErrorCode> {
  /** The configuration key at fault (E_CONFIG_KEY, E_CONFIG_VALUE). */
  readonly key: string | undefined;

  constructor(code: CollectErrorCode, message: string, options: { key?: string; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CollectError';
    this.key = options.key;
  }
}
