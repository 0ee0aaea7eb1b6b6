// What the normaliser needs from field interpretation (auparse's
// auparse_do_interpretation without the ENRICHED lookup, which auparse makes
// per record and normalize/ makes itself). interpret/ provides it; the
// normaliser never reads host databases or tables of its own for this.

/** The record a field belongs to, as auparse saw it while splitting the record. */
export interface FieldRecordContext {
  /** auparse's record type (libaudit 3.0.9 numbering, -1 unknown name). */
  readonly recordType: number;
  /** The raw `arch` value when it sits where auparse looks for it (SYSCALL, SECCOMP), else undefined. */
  readonly arch: string | undefined;
  /** The raw `syscall` value, same rule. */
  readonly syscall: string | undefined;
  /** The raw `a0` / `a1` values of a SYSCALL record, same rule. */
  readonly a0: string | undefined;
  readonly a1: string | undefined;
}

/**
 * auparse's field kinds the normaliser and its printers tell apart; every
 * other kind is 'other'.
 */
export type FieldKindTag = 'uid' | 'gid' | 'escaped-file' | 'sockaddr' | 'seccomp' | 'other';

export interface FieldInterpreter {
  /**
   * The interpreted value of `name`=`value` (value as split by auparse:
   * quotes kept, trailing punctuation trimmed), escaped for the run's escape
   * mode, exactly as auparse_do_interpretation prints it when no ENRICHED
   * interpretation applies and no cwd is set.
   */
  interpret(record: FieldRecordContext, name: string, value: string): string;
  /**
   * Whether the interpretation of this field depends on its record (the
   * machine, syscall number or a0/a1: syscall names and arguments) rather
   * than on the record type, name and value alone.
   */
  dependsOnRecord(recordType: number, name: string, value: string): boolean;
  /** auparse_interp_adjust_type, reduced to the kinds the normaliser compares. */
  kind(recordType: number, name: string, value: string): FieldKindTag;
  /** print_escaped: a quoted value unquoted, a hex value decoded (abstract unix names skip a leading 00). */
  unescape(value: string): string;
  /** The run's escape mode applied to a finished interpretation. */
  escape(text: string): string;
  /** getpwnam(name)->pw_uid, or undefined (the subject kind of an `acct` field). */
  uidOf(name: string): number | undefined;
}
