// Rule errors: a stable code per mistake and the sentence auditctl prints for
// it (libaudit's err_msgtab and auditctl.c wording, 3.0.9), so `auspex ctl`
// fails the way administrators know from auditctl.

/** libaudit field-pair errors: where the offending text goes in the sentence. */
const FIELD_MESSAGES = {
  E_RULE_OP_MISSING: [2, '-F missing operation for'],
  E_RULE_FIELD_UNKNOWN: [2, '-F unknown field:'],
  E_RULE_ARCH_MISPLACED: [1, 'must be before -S'],
  E_RULE_ELF_UNKNOWN: [1, 'elf mapping not found'],
  E_RULE_EXIT_ONLY: [1, 'can only be used with exit filter list'],
  E_RULE_MSGTYPE_UNKNOWN: [2, '-F unknown message type -'],
  E_RULE_MSGTYPE_LIST: [0, 'msgtype field can only be used with exclude or user filter list'],
  E_RULE_STRING_TOO_LONG: [0, 'String value too long'],
  E_RULE_EXCLUDE_FIELD: [0, 'Only msgtype, *uid, *gid, pid, and subj* fields can be used with exclude filter'],
  E_RULE_OP_EQ_NE: [1, 'only takes = or != operators'],
  E_RULE_PERM_CHARS: [0, "Permission can only contain  'rwxa'"],
  E_RULE_ERRNO_UNKNOWN: [2, '-F unknown errno -'],
  E_RULE_FILETYPE_UNKNOWN: [2, '-F unknown file type - '],
  E_RULE_KEY_DEPENDS: [0, 'Key field needs a watch, syscall or exe path given prior to it'],
  E_RULE_VALUE_MISSING: [2, '-F missing value after operation for'],
  E_RULE_VALUE_NOT_NUMBER: [2, '-F value should be number for'],
  E_RULE_FIELD_NAME_MISSING: [2, '-F missing field name before operator for'],
  E_RULE_COMPARE_FIELD_MISSING: [2, '-C missing field name before operator for'],
  E_RULE_COMPARE_VALUE_MISSING: [2, '-C missing value after operation for '],
  E_RULE_COMPARE_FIELD_UNKNOWN: [2, '-C unknown field:'],
  E_RULE_COMPARE_VALUE_UNKNOWN: [2, '-C unknown right hand value for comparison with:'],
  E_RULE_TOO_MANY_FIELDS: [2, 'Too many fields in rule:'],
  E_RULE_OP_EQ: [1, 'only takes = operator'],
  E_RULE_FIELD_NO_SUPPORT: [2, 'Field option not supported by kernel:'],
  E_RULE_FIELD_NO_FILTER: [1, 'must be used with exclude, user, or exit filter'],
  E_RULE_COMPARE_INCOMPATIBLE: [2, '-C incompatible comparison'],
  E_RULE_FIELD_UNAVAILABLE: [1, 'field is not valid for the filter'],
  E_RULE_FILTER_NO_SUPPORT: [1, 'filter is not supported by the kernel'],
  E_RULE_FSTYPE_UNKNOWN: [2, 'file system type is unknown for field:'],
  E_RULE_VALUE_TOO_BIG: [2, 'value is too large for field:'],
  E_RULE_COMPARE_OP: [1, 'only takes = or != operators'],
} as const;

export type FieldErrorCode = keyof typeof FIELD_MESSAGES;

/** Errors of the option layer (auditctl.c), whose sentence is complete. */
export type OptionErrorCode =
  | 'E_CTL_OPTION'
  | 'E_CTL_LIST'
  | 'E_CTL_SYSCALL'
  | 'E_CTL_KEY'
  | 'E_CTL_WATCH'
  | 'E_CTL_USER'
  | 'E_CTL_VALUE';

export type RuleErrorCode = FieldErrorCode | OptionErrorCode;

/** The sentence auditctl prints for a field-pair error about `opt` (the text of the -F/-C argument up to its operator). */
export function fieldErrorMessage(code: FieldErrorCode, opt: string): string {
  const [position, text] = FIELD_MESSAGES[code];
  if (position === 1) return `${opt} ${text}`;
  if (position === 2) return `${text} ${opt}`;
  return text;
}

export interface RuleDiagnostic {
  readonly code: RuleErrorCode;
  readonly message: string;
}
