// The main summary of one large file scanned in parts, each part by its own
// SummaryScan (a worker thread each, in the CLI): a part reads a little
// before its cut to learn which events are open there, then its own bytes,
// then on past its end until its own events are complete. The parts agree
// with one whole scan when, at every cut, the events left pending by the part
// before equal those the part after found pending: merge() checks that and
// otherwise answers undefined (the caller then scans the file whole).
import type { Buffer } from 'node:buffer';
import type { EventFilter } from './options.js';
import { SummaryScan } from './summary-scan.js';
import type { SummaryPart, SummaryScanOptions } from './summary-scan.js';
import { SummaryAggregator } from './summary-report.js';
import type { Stamp, SummaryModel } from './summary-report.js';

export interface PartBounds {
  /** Where its reader starts (≤ ownFrom): the events open at the cut began after it. */
  readonly foreignFrom: number;
  readonly ownFrom: number;
  readonly ownTo: number;
  readonly fileBytes: number;
}

export interface PartResult {
  readonly part: SummaryPart;
  /** Pending events when its own bytes begin, and when they end. */
  readonly keysAtStart: readonly string[];
  readonly keysAtEnd: readonly string[];
}

const READ_BYTES = 4 * 1024 * 1024;

/** Scans one part; `read(pos, length)` returns the file's bytes there (fewer at its end). */
export function scanPart(options: SummaryScanOptions, bounds: PartBounds, read: (pos: number, length: number) => Buffer): PartResult {
  const scan = new SummaryScan(options);
  const feed = (from: number, to: number): void => {
    for (let pos = from; pos < to && !scan.irregular && !scan.overrunDone;) {
      const bytes = read(pos, Math.min(READ_BYTES, to - pos));
      if (bytes.length === 0) break;
      scan.push(bytes);
      pos += bytes.length;
    }
  };
  scan.beginFile();
  scan.phase = 'foreign';
  feed(bounds.foreignFrom, bounds.ownFrom);
  const keysAtStart = scan.pendingKeys();
  scan.phase = 'own';
  feed(bounds.ownFrom, bounds.ownTo);
  const keysAtEnd = scan.pendingKeys();
  const last = bounds.ownTo >= bounds.fileBytes;
  if (!last) {
    scan.phase = 'overrun';
    feed(bounds.ownTo, bounds.fileBytes);
  }
  // Events still open at the end of the file complete there, as in a whole scan.
  scan.endFile(last || !scan.overrunDone);
  return { part: scan.part(), keysAtStart, keysAtEnd };
}

/** The whole file's model from its parts in order, or undefined when they cannot stand for one scan. */
export function mergeParts(results: readonly PartResult[], filter: EventFilter, maxInFlight: number): { model: SummaryModel; warnings: readonly string[] } | undefined {
  if (results.length === 0) return undefined;
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as PartResult;
    if (r.part.irregular || r.part.maxOpen * 2 > maxInFlight) return undefined;
    if (i > 0) {
      const before = (results[i - 1] as PartResult).keysAtEnd;
      const after = r.keysAtStart;
      if (before.length !== after.length || before.some((k, j) => k !== after[j])) return undefined;
    }
  }
  const agg = new SummaryAggregator();
  let first: Stamp = { sec: 0, milli: 0 };
  const warnings: string[] = [];
  for (const r of results) {
    agg.absorb(r.part.state);
    if (first.sec === 0) first = r.part.first;
    warnings.push(...r.part.warnings);
  }
  const last = (results[results.length - 1] as PartResult).part.last;
  return { model: { first, last, startSec: filter.startSec, endSec: filter.endSec, counts: agg.counts() }, warnings };
}
