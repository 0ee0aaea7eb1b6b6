// The checks at the cut between two chunks of a parallel search, and the
// merge of their error-stream lines into the order the sequential search
// writes them. Pure: reports in, verdicts and text out.
//
// Why the checks suffice (chunk k−1 = prev, chunk k = cur, cut at S):
// 1. What assembly does after S depends only on the events pending at S
//    (EventAssembler.pendingKeys). Chunk 0 starts with the true (empty) state;
//    if prev started with the true state, its state at S is the true one, so
//    `prev.endKeys == cur.startKeys` means cur starts with the true state too:
//    by induction every record from S on is grouped, expired and handed out
//    by cur exactly as by the sequential search. cur's own events are right.
// 2. The events pending at S are prev's own (by 5. at the cut before), printed
//    by prev in its overrun. They end with the right records when the records
//    after S that joined them in cur (the truth) are those prev appended:
//    `appended == absorbed`.
// 3. They are handed out in the true order when prev's order after S is the
//    order cur (the truth) handed them out in: `tailKeys == foreignKeys`.
// 4. Output is prev's output, then cur's: true when cur printed nothing (nor
//    wrote to stderr) before the last of them was handed out (`ordered`).
// 5. They are all handed out before cur's end (`!foreignLeft`): prev's tail
//    is then out before anything of the chunks after cur, and written for good.
// Two things a chunk cannot see whole fail the check (search-parallel.ts adds
// them): the in-flight bound (any event forced out), and the array slots
// ausearch orders events with one id by, whose numbers depend on everything
// before (EventAssembler.slotOrdered: only ties that slots may have decided
// count). -i and csv/text carry state across events: search-carried-state.ts.
// A failed check is not an error: the two chunks are searched again as one
// (search-parallel.ts).
import { formatDiagnostic } from '../format/index.js';
import type { ChunkReport, StderrItem } from './search-chunk-types.js';

export type BoundaryVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: BoundaryVerdict = { ok: true };

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkBoundary(prev: ChunkReport, cur: ChunkReport): BoundaryVerdict {
  if (prev.forcedOut > 0 || cur.forcedOut > 0) return { ok: false, reason: 'too many events in flight' };
  if (!sameList(prev.endKeys, cur.startKeys)) return { ok: false, reason: 'events open at the cut differ (pre-window too short)' };
  if (!sameList(prev.appended, cur.absorbed)) return { ok: false, reason: 'records after the cut joined other events' };
  if (!sameList(prev.tailKeys, cur.foreignKeys)) return { ok: false, reason: 'events open at the cut ended in another order' };
  if (!cur.ordered) return { ok: false, reason: 'an event after the cut came out before one open at it' };
  if (cur.foreignLeft) return { ok: false, reason: 'an event open at the cut was still open at the next' };
  return OK;
}

interface Pending {
  readonly at: number;
  /** A diagnostic is written while its line is read, before what that line hands out. */
  readonly rank: 0 | 1;
  readonly chunk: number;
  readonly seq: number;
  readonly text: string;
  readonly diagnostic: boolean;
}

function before(a: Pending, b: Pending): number {
  return a.at - b.at || a.rank - b.rank || a.chunk - b.chunk || a.seq - b.seq;
}

/**
 * Error-stream lines of all chunks, written in the sequential order: by the
 * offset whose reading wrote them. Lines wait until nothing that sorts before
 * them can still arrive; at most `maxDiagnostics` diagnostics are written.
 */
export class StderrMerger {
  readonly #write: (text: string) => void;
  readonly #maxDiagnostics: number;
  #pending: Pending[] = [];
  #seq = 0;
  #shown = 0;

  constructor(write: (text: string) => void, maxDiagnostics: number) {
    this.#write = write;
    this.#maxDiagnostics = maxDiagnostics;
  }

  /** Adds a chunk's line; `at` overrides the item's own (the tail's lines move to the next chunk's offsets), `linesBefore` numbers diagnostics. */
  add(item: StderrItem, chunk: number, linesBefore: number, at: number = item.at): void {
    if (item.kind === 'diagnostic') {
      const text = `auspex: ${formatDiagnostic({ ...item.diag, line: item.diag.line + linesBefore })}\n`;
      this.#pending.push({ at, rank: 0, chunk, seq: this.#seq++, text, diagnostic: true });
    } else this.#pending.push({ at, rank: 1, chunk, seq: this.#seq++, text: item.text, diagnostic: false });
  }

  /** Drops the lines not written yet. */
  discard(): void {
    this.#pending = [];
  }

  /** Writes the lines at offsets up to `limit` (inclusive when `inclusive`). */
  flush(limit: number, inclusive = false): void {
    if (this.#pending.length === 0) return;
    this.#pending.sort(before);
    let i = 0;
    for (; i < this.#pending.length; i++) {
      const p = this.#pending[i] as Pending;
      if (inclusive ? p.at > limit : p.at >= limit) break;
      if (p.diagnostic && this.#shown++ >= this.#maxDiagnostics) continue;
      this.#write(p.text);
    }
    this.#pending = this.#pending.slice(i);
  }
}
