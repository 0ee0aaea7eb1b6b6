// Where the name auditd 3.0.9 writes after `type=` (libaudit's
// audit_msg_type_to_name) differs from the kernel header's name that
// format/'s table holds. Found by comparing the two tables over 1000..2999;
// test/collect/log-line.test.ts asks the installed libaudit for every number
// and fails if this list drifts. `null`: libaudit has no name, so auditd
// writes UNKNOWN[n].
export const LOG_TYPE_NAME_EXCEPTIONS: ReadonlyArray<readonly [number, string | null]> = [
  [1020, null], // CONTAINER_OP of the container-ID series, not in mainline
  [1204, null], // DAEMON_RECONFIG
  [1329, null], // REPLACE (a kernel probe of the daemon, never logged)
  [1338, null], // DM_CTRL (newer than libaudit 3.0.9)
  [1339, null], // DM_EVENT
  [1500, 'APPARMOR'], // the header calls it AA
] as const;

/** Control messages (1000-1019) are requests and answers, not records: libaudit names none but USER (1005) and LOGIN (1006). */
export const FIRST_CONTROL_TYPE = 1000;
export const LAST_CONTROL_TYPE = 1019;
