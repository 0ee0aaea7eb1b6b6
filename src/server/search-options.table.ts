// `auspex search` options that say how to read or print, not which events:
// the search bar refuses them (the server reads the store and answers JSON).
export const NOT_CRITERIA: ReadonlySet<string> = new Set([
  '-if', '--input', '--input-logs', '--checkpoint', '--debug', '--eoe-timeout', '--escape', '--extra-keys',
  '--extra-labels', '--extra-obj2', '--extra-time', '--format', '-h', '--help', '-i', '--interpret', '--just-one',
  '-l', '--line-buffered', '-r', '--raw', '-v', '--version', '--json', '--uring-profile',
]);


/**
 * Record types the kernel writes after an event's SYSCALL record, at syscall
 * exit (kernel/auditsc.c audit_log_exit: aux records, special cases, paths,
 * cwd, proctitle, EOE). Any other record of a syscall's event is logged
 * while the syscall runs and so comes before the SYSCALL record: an event
 * whose first record is its SYSCALL holds none of them.
 */
export const AFTER_SYSCALL: ReadonlySet<string> = new Set([
  'PATH', 'CWD', 'EXECVE', 'SOCKADDR', 'SOCKETCALL', 'IPC', 'IPC_SET_PERM', 'MQ_OPEN', 'MQ_SENDRECV', 'MQ_NOTIFY',
  'MQ_GETSETATTR', 'OBJ_PID', 'FD_PAIR', 'MMAP', 'BPRM_FCAPS', 'CAPSET', 'KERN_MODULE', 'OPENAT2', 'TIME_INJOFFSET',
  'TIME_ADJNTPVAL', 'PROCTITLE', 'EOE', 'SYSCALL',
]);
