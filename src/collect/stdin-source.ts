// auditd's plugin interface as a source: auditd (3.x `plugins.d/*.conf` with
// `format = string`) writes every record to the plugin's stdin as the log line
// it would write, `[node=N ]type=T msg=audit(...): ...` plus an ENRICHED tail
// when so configured, one per line. Chunks are handed on as they come; the
// pipeline splits lines across chunk boundaries.
import type { Readable } from 'node:stream';
import type { CollectSource, SourceHandlers } from './source.js';

export class StreamSource implements CollectSource {
  readonly kind = 'stdin' as const;
  readonly description = 'stdin';
  readonly #stream: Readable;
  #onData: ((c: Buffer) => void) | undefined;

  constructor(stream: Readable) {
    this.#stream = stream;
  }

  async start(handlers: SourceHandlers): Promise<void> {
    this.#onData = (chunk: Buffer) => handlers.batch(chunk, { overruns: 0 });
    this.#stream.on('data', this.#onData);
    this.#stream.once('end', () => handlers.end());
    this.#stream.once('error', (e) => handlers.error(e));
  }

  async stop(): Promise<void> {
    if (this.#onData !== undefined) this.#stream.off('data', this.#onData);
    this.#stream.pause();
  }
}
