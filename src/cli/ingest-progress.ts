// The progress bar `auspex ingest` draws on a terminal (stderr): bytes read
// of the total when every input is a plain file, events so far and their
// rate; redrawn at most ten times a second, erased at the end.
import type { Writable } from 'node:stream';

const WIDTH = 30;
const REDRAW_MS = 100;

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

export class IngestProgress {
  readonly #out: Writable;
  readonly #total: number | undefined;
  readonly #started = performance.now();
  #bytes = 0;
  #drawn = 0;
  #shown = false;

  constructor(out: Writable, totalBytes: number | undefined) {
    this.#out = out;
    this.#total = totalBytes !== undefined && totalBytes > 0 ? totalBytes : undefined;
  }

  update(bytes: number, events: number): void {
    this.#bytes += bytes;
    const now = performance.now();
    if (now - this.#drawn < REDRAW_MS) return;
    this.#drawn = now;
    const seconds = (now - this.#started) / 1000;
    const rate = seconds > 0 ? Math.round(events / seconds) : 0;
    let line: string;
    if (this.#total !== undefined) {
      const share = Math.min(1, this.#bytes / this.#total);
      const filled = Math.round(share * WIDTH);
      line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ` +
        `${mib(this.#bytes)} of ${mib(this.#total)}`;
    } else line = `${mib(this.#bytes)} read`;
    this.#out.write(`\r${line}  ${events} events  ${rate} events/s\x1b[K`);
    this.#shown = true;
  }

  clear(): void {
    if (this.#shown) this.#out.write('\r\x1b[K');
    this.#shown = false;
  }
}
