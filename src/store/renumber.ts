// Rows read before the store was open are numbered from 1 (source ids and
// places in the record order); once the store says where its numbering goes
// on, rows and sources are moved on by the difference as they are handed
// over. For a new store the difference is zero and nothing is touched.
import { Buffer } from 'node:buffer';
import type { ColumnBatch } from './batch.js';
import type { SourceState } from './source-book.js';

/** What to add to a source id and to a place in the record order. */
export interface Renumbering {
  readonly id: number;
  readonly rseq: number;
}

export const NO_RENUMBERING: Renumbering = { id: 0, rseq: 0 };

export function isIdentity(r: Renumbering): boolean {
  return r.id === 0 && r.rseq === 0;
}

/** Moves the rows of an `events` and a `report_events` batch on, in place. */
export function renumberRows(events: ColumnBatch, reports: ColumnBatch, r: Renumbering): void {
  if (isIdentity(r)) return;
  const sourceId = events.int32('source_id').values;
  const rseq = events.int64('rseq').values;
  const more = events.bytes('rseq_more').arena;
  for (let row = 0; row < events.length; row++) {
    sourceId[row] = (sourceId[row] as number) + r.id;
    rseq[row] = (rseq[row] as number) + r.rseq;
    // The places of an event's other records when not consecutive (rare): its entry is written anew.
    if (r.rseq !== 0 && more.length(row) >= 0) {
      const places = Buffer.from(more.get(row) as Uint8Array).toString('latin1').split(',');
      more.setText(row, places.map((n) => String(Number(n) + r.rseq)).join(','));
    }
  }
  const src = reports.int32('src').values;
  for (let row = 0; row < reports.length; row++) src[row] = (src[row] as number) + r.id;
}

export function renumberSources(sources: readonly SourceState[], r: Renumbering): readonly SourceState[] {
  if (isIdentity(r)) return sources;
  return sources.map((s) => ({ ...s, id: s.id + r.id, rseqFirst: s.rseqFirst + r.rseq, rseqLast: s.rseqLast + r.rseq }));
}
