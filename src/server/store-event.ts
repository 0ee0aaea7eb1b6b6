// One stored event in full (a query of the server's own): its summary, every
// record as logged, its fields and their ausearch -i interpretation side by
// side (output/'s JSON event), ENRICHED values, and where its lines came from.
import { eventToJson } from '../output/index.js';
import type { JsonEvent, RecordInterpreter } from '../output/index.js';
import type { EventSummary } from './api-types.js';
import type { SummaryRow } from './event-rows.js';
import { SUMMARY_COLUMNS, eventFromLines, storedBytes, summaryOf } from './event-rows.js';
import type { RunQuery } from './store-search.js';

export interface EventDetail {
  readonly summary: EventSummary;
  readonly event: JsonEvent | null;
  /** The input the lines were read from, as ingest named it. */
  readonly source: string | null;
}

export async function eventDetail(run: RunQuery, seq: number, interpret: RecordInterpreter): Promise<EventDetail | undefined> {
  const rows = await run(
    `SELECT ${SUMMARY_COLUMNS}, raw, raw_bytes, rseq::DOUBLE AS rseq, rseq_more, ` +
      '(SELECT s.name FROM sources s WHERE s.source_id = events.source_id) AS source_name, ' +
      '(SELECT s.rseq_first::DOUBLE FROM sources s WHERE s.source_id = events.source_id) AS source_first ' +
      'FROM events WHERE seq = $seq::BIGINT',
    { seq },
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const r = row as unknown as SummaryRow & {
    raw: string; raw_bytes: Uint8Array | null; rseq: number; rseq_more: string | null; source_name: string | null; source_first: number | null;
  };
  // Line numbers within the input: the store numbers lines across all inputs.
  const base = r.source_first ?? 1;
  const file = r.source_name ?? 'store';
  const event = eventFromLines(storedBytes(r.raw, r.raw_bytes), file, r.rseq - base + 1);
  const json = event === undefined ? null : eventToJson(event, interpret);
  if (json !== null && r.rseq_more !== null) {
    // The event's lines were not side by side in the input: each has its own place.
    const lines = [r.rseq, ...r.rseq_more.split(',').map(Number)];
    json.records.forEach((rec, i) => {
      const at = lines[i];
      if (at !== undefined) rec.source.line = at - base + 1;
    });
  }
  return { summary: summaryOf(r), event: json, source: r.source_name };
}
