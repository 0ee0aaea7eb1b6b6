// A search plan from parsed `auspex search` options and the reading machine.
// Options are plain data, so a worker thread makes the same plan from them
// (the plan itself holds functions, which cannot cross threads).
import type { SearchPlan } from './search-run.js';
import type { SearchHost } from './search-host.js';
import { alwaysParsedType, compileCriteria, necessaryStrings, typePrefilter } from '../query/index.js';
import type { SearchOptions } from '../query/index.js';
import type { ParsedRecord } from '../format/index.js';

/** The plan for parsed options; `warn` takes what matching says on the error stream. */
export function planFromOptions(o: SearchOptions, host: SearchHost, warn: (text: string) => void): SearchPlan {
  const c = o.criteria;
  const start = c.startSec ?? 0;
  const end = c.endSec ?? 0;
  return {
    inputArgs: o.input.sources.map((s) => (s.kind === 'stdin' ? '-' : s.path)),
    forceLogs: o.input.forceLogs,
    format: { output: o.output.format, escape: o.output.escape, extra: o.output.extra },
    host,
    lineBuffered: o.output.lineBuffered,
    justOne: o.justOne,
    eoeTimeoutSec: o.input.eoeTimeoutSec,
    needles: necessaryStrings(c)?.map((t) => Buffer.from(t, 'latin1')),
    typeFilter: typePrefilter(c),
    alwaysParsedType: alwaysParsedType(c),
    matches: compileCriteria(c, { users: host.users, format: o.output.format, warn }),
    // ausearch drops records outside -ts/-te before it groups them.
    acceptsRecord: start === 0 && end === 0 ? undefined : (r) => !((start !== 0 && r.sec < start) || (end !== 0 && r.sec > end)),
    checkpoint: o.input.checkpoint === undefined ? undefined : { path: o.input.checkpoint, timeOnly: o.input.checkpointTimeOnly },
    options: o,
  };
}

/** Prefilter marks of a record (ORed over its event by the assembler). */
export const NEEDLE_MARK = 1;
export const TYPE_MARK = 2;
/** A record of the plan's alwaysParsedType: its event goes to the matcher whatever its other marks. */
export const PARSE_MARK = 4;

export function recordMarks(r: ParsedRecord, needleHit: boolean, plan: Pick<SearchPlan, 'typeFilter' | 'alwaysParsedType'>): number {
  const typeFilter = plan.typeFilter;
  return (needleHit ? NEEDLE_MARK : 0) | (typeFilter !== undefined && typeFilter(r.typeName) ? TYPE_MARK : 0) | (r.type === plan.alwaysParsedType ? PARSE_MARK : 0);
}

/** The marks an event needs to go to the matcher: a record holding a needle, a record of a wanted type. */
export function wantedMarks(plan: Pick<SearchPlan, 'needles' | 'typeFilter'>): number {
  return (plan.needles !== undefined ? NEEDLE_MARK : 0) | (plan.typeFilter !== undefined ? TYPE_MARK : 0);
}

/** Whether an event with these marks goes to the matcher. */
export function isCandidate(marks: number, wanted: number): boolean {
  return (marks & wanted) === wanted || (marks & PARSE_MARK) !== 0;
}
