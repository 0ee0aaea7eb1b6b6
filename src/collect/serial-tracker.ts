// Finds serials that never arrived. The kernel numbers events from one
// counter, so between two serials we saw, each number is an event that was
// logged somewhere: if it has not reached us `gapSec` after a later one did,
// it is reported missing (records of one event may come late and events
// interleave, hence the wait). Per node; auditd's own DAEMON_* records carry
// numbers of their own and are not tracked. Pure: time comes in as seconds.

export interface SerialGap {
  readonly node: string | undefined;
  /** First and last missing serial, inclusive. */
  readonly from: number;
  readonly to: number;
}

export interface SerialTotals {
  readonly gaps: number;
  readonly missing: number;
  /** Serials that came after they had been reported missing. */
  readonly late: number;
  /** The highest serial seen. */
  readonly lastSerial: number | undefined;
}

/** A serial this far below the expected one means the counter started again (a reboot). */
const RESTART_DISTANCE = 1_000_000;
/** Missing serials remembered so a late arrival can be told apart from a repeat. */
const MAX_REMEMBERED = 100_000;

class NodeSerials {
  next: number | undefined;
  /** Serials above `next` already seen, with when they were seen. */
  readonly ahead = new Map<number, number>();
  readonly missing = new Set<number>();
}

export class SerialTracker {
  readonly #gapSec: number;
  readonly #onGap: (gap: SerialGap) => void;
  readonly #nodes = new Map<string | undefined, NodeSerials>();
  #gaps = 0;
  #missing = 0;
  #late = 0;
  #last: number | undefined;

  constructor(gapSec: number, onGap: (gap: SerialGap) => void) {
    this.#gapSec = gapSec;
    this.#onGap = onGap;
  }

  get totals(): SerialTotals {
    return { gaps: this.#gaps, missing: this.#missing, late: this.#late, lastSerial: this.#last };
  }

  /** Where counting starts (e.g. just past the last serial in the log from before a restart). */
  expect(node: string | undefined, next: number): void {
    this.#state(node).next = next;
  }

  see(node: string | undefined, serial: number, nowSec: number): void {
    const s = this.#state(node);
    if (this.#last === undefined || serial > this.#last || serial < this.#last - RESTART_DISTANCE) this.#last = serial;
    if (s.next === undefined || serial < s.next - RESTART_DISTANCE) {
      s.next = serial + 1;
      s.ahead.clear();
      return;
    }
    if (serial < s.next) {
      if (s.missing.delete(serial)) {
        this.#late++;
        this.#missing--;
      }
      return;
    }
    if (serial === s.next) {
      s.next++;
      while (s.ahead.delete(s.next)) s.next++;
      return;
    }
    if (!s.ahead.has(serial)) s.ahead.set(serial, nowSec);
  }

  /** Reports serials still missing `gapSec` after a later one arrived. */
  tick(nowSec: number): void {
    for (const [node, s] of this.#nodes) {
      while (s.next !== undefined && s.ahead.size > 0) {
        let low = Infinity;
        let seenAt = 0;
        for (const [serial, at] of s.ahead) {
          if (serial < low) {
            low = serial;
            seenAt = at;
          }
        }
        if (nowSec - seenAt < this.#gapSec) break;
        const gap: SerialGap = { node, from: s.next, to: low - 1 };
        this.#gaps++;
        this.#missing += gap.to - gap.from + 1;
        for (let x = gap.from; x <= gap.to && s.missing.size < MAX_REMEMBERED; x++) s.missing.add(x);
        this.#onGap(gap);
        s.next = low;
        while (s.ahead.delete(s.next)) s.next++;
      }
    }
  }

  /** End of input: whatever is still missing below a serial that arrived is reported now. */
  flush(): void {
    this.tick(Number.POSITIVE_INFINITY);
  }

  #state(node: string | undefined): NodeSerials {
    let s = this.#nodes.get(node);
    if (s === undefined) {
      s = new NodeSerials();
      this.#nodes.set(node, s);
    }
    return s;
  }
}
