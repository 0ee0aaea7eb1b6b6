// New events for the page while a log is followed: each subscriber (an SSE
// stream) gets every batch; closing the feed ends them all so the server can
// stop. Bounded: a subscriber too slow to take a batch is dropped, not buffered.
import type { EventSummary } from './api-types.js';

export type LiveListener = (events: readonly EventSummary[]) => boolean;

export class LiveFeed {
  readonly #listeners = new Map<LiveListener, () => void>();

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Registers a listener (false from it: drop it) and what ends its stream; returns the unsubscribe. */
  subscribe(listener: LiveListener, end: () => void): () => void {
    this.#listeners.set(listener, end);
    return () => void this.#listeners.delete(listener);
  }

  publish(events: readonly EventSummary[]): void {
    for (const [listener, end] of [...this.#listeners]) {
      if (!listener(events)) {
        this.#listeners.delete(listener);
        end();
      }
    }
  }

  close(): void {
    for (const end of this.#listeners.values()) end();
    this.#listeners.clear();
  }
}
