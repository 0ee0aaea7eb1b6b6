// The input problems (lines that are not records) search and report read
// past: the first MAX_DIAGNOSTICS_SHOWN printed as they come, counted with
// the bytes they skipped, one line of totals at the end.
import { formatDiagnostic } from '../format/index.js';
import type { Diagnostic } from '../format/index.js';

export const MAX_DIAGNOSTICS_SHOWN = 100;

/** The end-of-run totals line; '' when there was no problem. */
export function problemsTotalsLine(problems: number, skippedBytes: number): string {
  if (problems === 0) return '';
  const hidden = problems > MAX_DIAGNOSTICS_SHOWN ? ` (${problems - MAX_DIAGNOSTICS_SHOWN} not shown)` : '';
  return `auspex: ${problems} input problem(s)${hidden}; ${skippedBytes} byte(s) skipped\n`;
}

export class InputProblems {
  readonly #err: (text: string) => void;
  #problems = 0;
  #skippedBytes = 0;

  constructor(err: (text: string) => void) {
    this.#err = err;
  }

  /** A RecordReader's onDiagnostic. */
  readonly note = (d: Diagnostic): void => {
    this.#skippedBytes += d.skippedBytes;
    if (this.#problems++ < MAX_DIAGNOSTICS_SHOWN) this.#err(`auspex: ${formatDiagnostic(d)}\n`);
  };

  totalsLine(): string {
    return problemsTotalsLine(this.#problems, this.#skippedBytes);
  }
}
