// libauparse's event normaliser over the events auparse makes of one ausearch
// event: who did what to which object, how, with what result, as field
// locations and fixed strings; the printers seek to the locations and
// interpret the fields there. One Normalizer serves a whole run (like
// ausearch's single auparse instance): interpretations are cached per event,
// and auparse's path normaliser keeps its buffer from one event to the next.
import type { AuditEvent } from '../events/index.js';
import { AuCursor } from './au-cursor.js';
import { AuparseSplitter } from './au-event.js';
import type { AuEvent } from './au-event.js';
import type { FieldInterpreter } from './field-interpreter.js';
import { normalizeCompound } from './normalize-compound.js';
import { normalizeSimple } from './normalize-simple.js';
import { NormRun } from './norm-run.js';
import { Normalized, UNSET, fieldOf, recordOf } from './normalized.js';
import type { FieldLocation, NormalizeOption } from './normalized.js';

export class Normalizer {
  readonly cursor: AuCursor;
  readonly result = new Normalized();
  readonly #run: NormRun;
  readonly #splitter = new AuparseSplitter();
  #subjAttr = 0;
  #objAttr = 0;

  constructor(interpreter: FieldInterpreter) {
    this.cursor = new AuCursor(interpreter);
    this.#run = new NormRun(this.cursor, this.result);
  }

  #each: (e: AuEvent) => void = () => undefined;
  readonly #emit = (e: AuEvent): void => {
    this.cursor.reset(e);
    this.#each(e);
  };

  /** Calls `each` for every event auparse makes of `event`, with the cursor on it (first record, first field). */
  forEachEvent(event: AuditEvent, each: (e: AuEvent) => void): void {
    this.#each = each;
    this.#splitter.split(event, this.#emit);
  }

  /** auparse_normalize on the current event: 0 on success, 1 when it cannot be normalised. */
  normalize(opt: NormalizeOption): number {
    const au = this.cursor;
    au.firstRecord();
    this.result.clear();
    this.#run.opt = opt;
    this.#run.syscallSuccess = -1;
    this.#subjAttr = 0;
    this.#objAttr = 0;
    const rc = au.numRecords > 1 ? normalizeCompound(this.#run) : normalizeSimple(this.#run);
    au.firstRecord();
    return rc;
  }

  /** Puts the cursor on a location: 1 done, 0 unset, -1 no such record, -2 no such field. */
  seek(loc: FieldLocation): number {
    if (loc === UNSET) return 0;
    if (this.cursor.gotoRecordNum(recordOf(loc)) !== 1) return -1;
    if (this.cursor.gotoFieldNum(fieldOf(loc)) !== 1) return -2;
    return 1;
  }

  firstSubjectAttribute(): number {
    this.#subjAttr = 0;
    return this.#attr(this.result.subjAttrs, 0);
  }

  nextSubjectAttribute(): number {
    return this.#attr(this.result.subjAttrs, ++this.#subjAttr);
  }

  firstObjectAttribute(): number {
    this.#objAttr = 0;
    return this.#attr(this.result.objAttrs, 0);
  }

  nextObjectAttribute(): number {
    return this.#attr(this.result.objAttrs, ++this.#objAttr);
  }

  #attr(list: readonly FieldLocation[], i: number): number {
    const loc = list[i];
    return loc === undefined ? 0 : this.seek(loc);
  }
}
