// What the chunks of a parallel search are given and give back: plain data
// that crosses threads (search-chunk-run.ts runs a job, search-boundary.ts and
// search-parallel.ts read the reports).
import type { Diagnostic } from '../format/index.js';
import type { TextSink } from '../output/index.js';
import type { SearchOptions } from '../query/index.js';
import type { CarriedEvent } from './search-chunk-output.js';

/** `at` of what the end of the input hands out. */
export const END_AT = Number.MAX_SAFE_INTEGER;

/** What every chunk of one search shares: plain data, the same on both threads. */
export interface ChunkSetup {
  readonly path: string;
  readonly fileBytes: number;
  readonly options: SearchOptions;
  readonly timeoutSec: number;
  /** The pre-window reaches back at most this far. */
  readonly maxPreWindowBytes: number;
}

export interface ChunkJob {
  /** The chunk whose end the run ends at (its report's slot). */
  readonly index: number;
  /** The chunk the run starts at: `index`, or an earlier one when chunks are searched again as one. */
  readonly first: number;
  /** The own range [start, end): line starts; end = file size runs to the end with no overrun. */
  readonly start: number;
  readonly end: number;
  /** Lines before `start`, when known (JSON prints each record's line); diagnostics are numbered from `start` regardless. */
  readonly linesBefore: number | undefined;
  /** Print nothing for this many matching events: they are out already. */
  readonly skipPrinted: number;
  /** Diagnostics and error-stream lines before this offset are out already: not reported. */
  readonly quietBefore: number;
  /** -i: events to print into the void first, so the formatter carries what it carried before `start`. */
  readonly primer: readonly CarriedEvent[] | undefined;
  /** -i without a primer: report the events printed up to the first that sets the SYSCALL arguments. */
  readonly collectPrefix: boolean;
}

/** A line of the error stream, placed where the sequential search writes it. */
export type StderrItem =
  | { readonly kind: 'diagnostic'; readonly at: number; readonly diag: Diagnostic }
  | {
      readonly kind: 'text';
      /** Offset of the record whose reading handed out the event (END_AT: the end of the input). */
      readonly at: number;
      /** Index in `tailKeys` of the event it came from; -1 before the overrun. */
      readonly tail: number;
      readonly text: string;
    };

/** Events -i printed before its state was this chunk's own (output/interpret-format.ts). */
export interface InterpretCarry {
  /** Printed events up to and including the first that sets the SYSCALL arguments, with their output's length. */
  readonly prefix: readonly { readonly event: CarriedEvent; readonly inTail: boolean; readonly bytes: number }[];
  /** The prefix grew past its bound and was given up: the chunk must be run again with a primer. */
  readonly prefixOverflow: boolean;
  /** The last printed event that set the SYSCALL arguments (if `setsArgs`), and those after it that may have. */
  readonly last: readonly CarriedEvent[];
  readonly setsArgs: boolean;
  /** The events that may have set the arguments after the last that did grew past their bound. */
  readonly lastOverflow: boolean;
}

export interface ChunkReport {
  readonly index: number;
  readonly first: number;
  /** The job's skipPrinted. */
  readonly printedBefore: number;
  readonly start: number;
  readonly end: number;
  /** Where reading stopped: the first record not read after the overrun (or the one an aborted run stopped at), or the file size. */
  readonly readEnd: number;
  /** Lines that start in [start, end). */
  readonly lines: number;
  readonly body: Buffer[];
  readonly tail: Buffer[];
  readonly bodyPrinted: number;
  readonly tailPrinted: number;
  /** Pending events (EventAssembler.pendingKeys) when the own range starts and ends. */
  readonly startKeys: string[];
  readonly endKeys: string[];
  /** Offsets of records from `start` on that joined an event of the pre-window. */
  readonly absorbed: number[];
  /** Offsets of records from `end` on that joined an event. */
  readonly appended: number[];
  /** Events of the pre-window handed out from `start` on, in order, and the offset whose reading handed each out. */
  readonly foreignKeys: string[];
  readonly foreignAt: number[];
  /** Every event handed out from `end` on, in order. */
  readonly tailKeys: string[];
  /** No event of this chunk was printed (or wrote to stderr) before the last event of the pre-window was handed out. */
  readonly ordered: boolean;
  /** An event of the pre-window was still not handed out at `end`. */
  readonly foreignLeft: boolean;
  readonly forcedOut: number;
  readonly stderr: StderrItem[];
  readonly problems: number;
  readonly skippedBytes: number;
  readonly interpret: InterpretCarry | undefined;
  /** csv/text: a printed event may have read the path normaliser's state from before the chunk (search-carried-state.ts). */
  readonly pathStateRead: boolean;
  /**
   * Two events with one id were ordered by their array slots after an event
   * was handed out between their openings: the order ausearch gives them is
   * known only to a run from the start of the file.
   */
  readonly slotRisk: boolean;
  /** A run straight out stopped before such an order could reach the output. */
  readonly aborted: boolean;
}

/** The fallback's output goes straight out. */
export interface DirectOutput {
  readonly sink: TextSink;
  onStderr(item: StderrItem): void;
  /** Awaited between reads (backpressure). */
  pause(): Promise<void>;
  readonly closed: () => boolean;
}
