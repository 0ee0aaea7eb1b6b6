// The inputs of one ingest, as the reading side knows them: each gets a
// source id and a range of places in the store's record order (its lines are
// numbered on from the store's last), counts the events read from it, and
// ends. Pure bookkeeping, kept where records are read; the writer records
// the sources in the store with the rows that refer to them.

/** A source as the writer needs it at a commit. */
export interface SourceState {
  readonly id: number;
  readonly name: string;
  readonly rseqFirst: number;
  readonly rseqLast: number;
  readonly timeoutSec: number;
  /** Events read from it (stored now or found stored). */
  readonly read: number;
  readonly ended: boolean;
}

interface Source {
  readonly id: number;
  readonly name: string;
  readonly rseqFirst: number;
  readonly timeoutSec: number;
  rseqLast: number;
  read: number;
  ended: boolean;
}

export class SourceBook {
  #nextId: number;
  #nextRseq: number;
  /** Sources not yet handed to a commit after they ended. */
  readonly #open: Source[] = [];
  /** Every source begun here: id and first line, in order. */
  readonly #all: { readonly id: number; readonly first: number }[] = [];

  constructor(nextId: number, nextRseq: number) {
    this.#nextId = nextId;
    this.#nextRseq = nextRseq;
  }

  /** The place in the record order of the next input's first line. */
  get nextRseq(): number {
    return this.#nextRseq;
  }

  begin(name: string, timeoutSec: number): number {
    const id = this.#nextId++;
    this.#open.push({ id, name, rseqFirst: this.#nextRseq, rseqLast: this.#nextRseq - 1, timeoutSec, read: 0, ended: false });
    this.#all.push({ id, first: this.#nextRseq });
    return id;
  }

  /** The source (begun here) a place in the record order belongs to. */
  sourceAt(rseq: number): number | undefined {
    let found: number | undefined;
    for (const s of this.#all) if (s.first <= rseq) found = s.id;
    return found;
  }

  /** Lines up to `rseqLast` of the source have been read. */
  readThrough(id: number, rseqLast: number): void {
    const s = this.#open.find((p) => p.id === id);
    if (s !== undefined && rseqLast > s.rseqLast) s.rseqLast = rseqLast;
    if (rseqLast >= this.#nextRseq) this.#nextRseq = rseqLast + 1;
  }

  countRead(id: number): void {
    const s = this.#open.find((p) => p.id === id);
    if (s !== undefined) s.read++;
  }

  end(id: number): void {
    const s = this.#open.find((p) => p.id === id);
    if (s !== undefined) s.ended = true;
  }

  /** The sources a commit records, as they stand; those that ended are not handed out again. */
  forCommit(): SourceState[] {
    const out = this.#open.map((s) => ({ ...s }));
    for (let i = this.#open.length - 1; i >= 0; i--) if ((this.#open[i] as Source).ended) this.#open.splice(i, 1);
    return out;
  }
}
