// What every report run looks like to the code that feeds it events, whatever
// the source: a heading, records offered one by one (some reports drop records
// before they are grouped, as aureport does for -ts/-te), events in the order
// they complete, a mark at the end of each input file, and a closing text.
// Pure: output is returned as text, the exit code as a number.
import type { AuditEvent, AssemblyPolicy } from '../events/index.js';

export interface RunText {
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the run ends here with this exit code. */
  readonly exitCode?: 0 | 1;
}

export interface ReportRun {
  /** How records are grouped into events for this report. */
  readonly policy: AssemblyPolicy;
  /** The heading; may end the run (a report aureport never implemented). */
  start(): RunText;
  /** Whether a record (by its time stamp) goes on to be grouped. */
  acceptRecord(sec: number, milli: number): boolean;
  beginFile(name: string): void;
  /** One complete event; returns what to print for it now. */
  event(event: AuditEvent): string;
  /** The end of the current input file; returns what to print for it. */
  endFile(): string;
  /** The closing text and the exit code. */
  finish(): RunText & { readonly exitCode: 0 | 1 };
}
