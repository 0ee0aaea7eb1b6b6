// Runs of fields whose printed text depends on their bytes alone, remembered
// per record type and field position with the bytes printed for them: the
// uid block of SYSCALL records, the capability sets of BPRM_FCAPS, PATH's
// mode/ouid/ogid repeat from record to record, and a repeat then costs one
// compare of the input bytes and one copy of the output instead of
// tokenizing and printing each field. The formatter decides what a run is
// (see #fields); this holds them, bounded in positions, bytes per run and
// bytes in all, and rests positions whose runs keep changing.
import { copyBytes, dataViewOf, sameBytes, type OutputBuffer } from './output-buffer.js';

/** Field positions per record type that can start a run. */
export const RUN_POSITIONS = 64;
const MAX_IN = 1024;
const MAX_OUT = 8192;
/** Bytes all remembered runs may hold; past it no new run is remembered. */
const BUDGET = 8 << 20;
/** Misses in a row after which a position rests, and for how many records. */
const MISSES = 8;
const REST = 256;

/** The runs of one record type. */
export class RunSlots {
  /** Fields in the run remembered at each position; 0: none. */
  readonly fields = new Uint8Array(RUN_POSITIONS);
  readonly inLen = new Int32Array(RUN_POSITIONS);
  readonly outLen = new Int32Array(RUN_POSITIONS);
  /** The tokenizer's comma flag after the run's last field. */
  readonly comma = new Uint8Array(RUN_POSITIONS);
  /** 1: the run ended the record, and only matches input that ends with it. */
  readonly atEnd = new Uint8Array(RUN_POSITIONS);
  /** The ENRICHED names the run was printed with (undefined: none), matched by identity. */
  readonly names: Array<object | undefined> = [];
  readonly misses = new Uint8Array(RUN_POSITIONS);
  readonly rest = new Uint16Array(RUN_POSITIONS);
  readonly inBytes: Array<Uint8Array | undefined> = [];
  readonly inViews: DataView[] = [];
  readonly outBytes: Array<Uint8Array | undefined> = [];
  readonly outViews: DataView[] = [];
}

export class RunMemo {
  #held = 0;

  /**
   * The input length of the run remembered at position `f` if the input at
   * `str` (before `end`) repeats it with the same ENRICHED `names`, else -1.
   */
  match(slots: RunSlots, f: number, names: object | undefined, input: DataView, str: number, end: number): number {
    if (f >= RUN_POSITIONS || slots.fields[f] === 0 || slots.names[f] !== names) return -1;
    const rest = slots.rest[f] as number;
    if (rest > 0) {
      slots.rest[f] = rest - 1;
      return -1;
    }
    const n = slots.inLen[f] as number;
    if ((slots.atEnd[f] === 1 ? str + n !== end : str + n > end) || !sameBytes(slots.inViews[f] as DataView, 0, input, str, n)) {
      const misses = (slots.misses[f] as number) + 1;
      slots.misses[f] = misses < MISSES ? misses : 0;
      if (misses >= MISSES) slots.rest[f] = REST;
      return -1;
    }
    slots.misses[f] = 0;
    return n;
  }

  /** Appends the output remembered at position `f` (after match() found it). */
  replay(slots: RunSlots, f: number, out: OutputBuffer): void {
    out.copy(slots.outViews[f] as DataView, 0, slots.outLen[f] as number);
  }

  /**
   * Remembers at position `f` a run of `fields` fields: input bytes
   * [from, to) of `input`, printed with ENRICHED `names` as
   * out.buf[outFrom, out.len).
   */
  learn(slots: RunSlots, f: number, fields: number, names: object | undefined, input: DataView, from: number, to: number, out: OutputBuffer, outFrom: number, comma: boolean, atEnd: boolean): void {
    if (f >= RUN_POSITIONS || (slots.rest[f] as number) > 0) return;
    const n = to - from;
    const m = out.len - outFrom;
    slots.fields[f] = 0;
    if (n > MAX_IN || m > MAX_OUT || fields > 255) return;
    let inBytes = slots.inBytes[f];
    if (inBytes === undefined || inBytes.length < n) {
      inBytes = this.#grow(inBytes, n);
      if (inBytes === undefined) return;
      slots.inBytes[f] = inBytes;
      slots.inViews[f] = dataViewOf(inBytes);
    }
    let outBytes = slots.outBytes[f];
    if (outBytes === undefined || outBytes.length < m) {
      outBytes = this.#grow(outBytes, m);
      if (outBytes === undefined) return;
      slots.outBytes[f] = outBytes;
      slots.outViews[f] = dataViewOf(outBytes);
    }
    copyBytes(input, from, slots.inViews[f] as DataView, 0, n);
    copyBytes(out.dataView, outFrom, slots.outViews[f] as DataView, 0, m);
    slots.inLen[f] = n;
    slots.outLen[f] = m;
    slots.comma[f] = comma ? 1 : 0;
    slots.atEnd[f] = atEnd ? 1 : 0;
    slots.names[f] = names;
    slots.fields[f] = fields;
  }

  /** A buffer of at least `n` bytes in place of `old`, or undefined past the budget. */
  #grow(old: Uint8Array | undefined, n: number): Uint8Array | undefined {
    let size = 64;
    while (size < n) size *= 2;
    const freed = old === undefined ? 0 : old.length;
    if (this.#held - freed + size > BUDGET) return undefined;
    this.#held += size - freed;
    return new Uint8Array(size);
  }
}
