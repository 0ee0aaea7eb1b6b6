// The typed result of reading `auspex search` options: what to read, how to
// print, and the criteria an event must meet. Numbers are kept the way
// ausearch 3.0.9 stores them (C integer widths), because its matching depends
// on that: `-ui 4294967295` is uid -1, which ausearch treats as "not given".
import type { Machine } from './machines.table.js';

export type OutputFormat = 'raw' | 'default' | 'interpret' | 'csv' | 'text' | 'json';
export type EscapeMode = 'raw' | 'tty' | 'shell' | 'shell_quote';

export type InputSource = { readonly kind: 'path'; readonly path: string } | { readonly kind: 'stdin' };

export interface OutputOptions {
  readonly format: OutputFormat;
  readonly escape: EscapeMode;
  readonly lineBuffered: boolean;
  /** --extra-keys/labels/obj2/time: extra CSV columns (only with --format csv). */
  readonly extra: { readonly keys: boolean; readonly labels: boolean; readonly obj2: boolean; readonly time: boolean };
}

export interface InputOptions {
  /** -if in the order given; ausearch keeps only the last, auspex reads them all. */
  readonly sources: readonly InputSource[];
  /** --input-logs: read the configured logs even when stdin is a pipe. */
  readonly forceLogs: boolean;
  /** --eoe-timeout, seconds; undefined keeps the configured value. */
  readonly eoeTimeoutSec: number | undefined;
  /** --checkpoint FILE. */
  readonly checkpoint: string | undefined;
  /** `-ts checkpoint`: use only the checkpoint's time stamp. */
  readonly checkpointTimeOnly: boolean;
}

/**
 * Search criteria, ANDed. `undefined` means the option was not given. Integer
 * fields hold the C value ausearch compares (uint32 for ids, int32 for pids),
 * including the sentinels it uses for "not given" when a user types them.
 */
export interface SearchCriteria {
  /** -ts / -te resolved to epoch seconds (ausearch's time_t; 0 = none). */
  readonly startSec: number | undefined;
  readonly endSec: number | undefined;
  /** -a: event serial (uint32). */
  readonly eventId: number | undefined;
  /** -n: node names; an event matches when its node= equals one of them. */
  readonly nodes: readonly string[] | undefined;
  /** -ui / -ue / -ul / -ua: numbers (uint32), and the names typed, if any. */
  readonly uid: number | undefined;
  readonly euid: number | undefined;
  readonly loginuid: number | undefined;
  readonly uidName: string | undefined;
  readonly euidName: string | undefined;
  readonly loginuidName: string | undefined;
  /** -ua: any of uid, euid, auid matches. */
  readonly uidAll: boolean;
  /** -gi / -ge / -ga (uint32). */
  readonly gid: number | undefined;
  readonly egid: number | undefined;
  readonly gidAll: boolean;
  /** -p / -pp (int32). */
  readonly pid: number | undefined;
  readonly ppid: number | undefined;
  /** --arch, or the machine -sc NAME was looked up for. */
  readonly machine: Machine | undefined;
  /** -sc (int32). */
  readonly syscall: number | undefined;
  /** --session (uint32). */
  readonly sessionId: number | undefined;
  /** -e: syscall exit value (C long long). */
  readonly exit: bigint | undefined;
  /** -sv yes / no. */
  readonly success: boolean | undefined;
  /** -m: record type numbers (ausearch 3.0.9 numbering); undefined for none or ALL. */
  readonly messageTypes: readonly number[] | undefined;
  /**
   * String criteria: substring matches, or whole-string with -w. Held as
   * latin1 strings of the argument's bytes, as record text is.
   */
  readonly file: string | undefined;
  readonly hostname: string | undefined;
  readonly terminal: string | undefined;
  readonly exe: string | undefined;
  readonly comm: string | undefined;
  readonly key: string | undefined;
  readonly vmName: string | undefined;
  readonly uuid: string | undefined;
  /** -su / -o / -se SELinux contexts; -se sets both and matches either. */
  readonly subject: string | undefined;
  readonly object: string | undefined;
  readonly contextEither: boolean;
  /** -w. */
  readonly wholeWord: boolean;
}

export interface SearchOptions {
  readonly output: OutputOptions;
  readonly input: InputOptions;
  readonly criteria: SearchCriteria;
  /** --just-one. */
  readonly justOne: boolean;
  /** --debug: report records that ausearch would skip as malformed. */
  readonly debug: boolean;
}

/**
 * What parseSearchArgs returns: options to run with, or what to print and the
 * exit code when the command line itself ends the run (help, version, errors).
 * Messages are ausearch's, byte for byte, so scripts that parse them still work.
 */
export type ParseResult =
  | { readonly kind: 'ok'; readonly options: SearchOptions }
  | { readonly kind: 'help'; readonly stdout: string; readonly exitCode: 0 }
  | { readonly kind: 'version'; readonly exitCode: 0 }
  | { readonly kind: 'error'; readonly stdout: string; readonly stderr: string; readonly exitCode: 1 };
