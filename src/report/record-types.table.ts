// Record type numbers and ranges aureport 3.0.9 classifies events by, from
// linux/audit.h and libaudit.h (3.0.9). Types are numbered as libaudit 3.0.9
// numbers a record's type= name (query's ausearchRecordType).
export const T = {
  USER_AUTH: 1100,
  USER_MGMT: 1102,
  USER_AVC: 1107,
  USER_CHAUTHTOK: 1108,
  USYS_CONFIG: 1111,
  USER_LOGIN: 1112,
  ADD_USER: 1114,
  DEL_USER: 1115,
  ADD_GROUP: 1116,
  DEL_GROUP: 1117,
  USER_TTY: 1124,
  GRP_AUTH: 1126,
  GRP_MGMT: 1132,
  DAEMON_CONFIG: 1203,
  SYSCALL: 1300,
  CONFIG_CHANGE: 1305,
  TTY: 1319,
  NETFILTER_CFG: 1325,
  SECCOMP: 1326,
  FEATURE_CHANGE: 1328,
  AVC: 1400,
  MAC_POLICY_LOAD: 1403,
  MAC_CIPSOV4_ADD: 1407,
  MAC_CIPSOV4_DEL: 1408,
  MAC_MAP_ADD: 1409,
  MAC_MAP_DEL: 1410,
  MAC_IPSEC_ADDSA: 1411,
  MAC_IPSEC_DELSA: 1412,
  MAC_IPSEC_ADDSPD: 1413,
  MAC_IPSEC_DELSPD: 1414,
  MAC_UNLBL_STCADD: 1416,
  MAC_UNLBL_STCDEL: 1417,
  ROLE_ASSIGN: 2301,
  ROLE_REMOVE: 2302,
  USER_MAC_CONFIG_CHANGE: 2312,
} as const;

/** Inclusive [low, high] ranges (libaudit.h's FIRST_/LAST_ pairs). */
export const RANGE = {
  KERN_CRYPTO: [1600, 1699],
  KERN_ANOM: [1700, 1799],
  INTEGRITY: [1800, 1899],
  ANOM: [2100, 2199],
  ANOM_RESP: [2200, 2299],
  USER_LSPP: [2300, 2399],
  CRYPTO: [2400, 2499],
  VIRT: [2500, 2599],
  /** MAC_POLICY_LOAD..MAC_UNLBL_STCDEL: MAC changes. */
  MAC: [1403, 1417],
  /** MAC_POLICY_LOAD..MAC_MAP_DEL: what the MAC summary (-ma --summary) looks for. */
  MAC_SUMMARY: [1403, 1410],
  /** ADD_USER..DEL_GROUP. */
  ACCOUNT: [1114, 1117],
  /** ROLE_ASSIGN..ROLE_REMOVE. */
  ROLE: [2301, 2302],
} as const satisfies Record<string, readonly [number, number]>;

/** Types whose events count as configuration changes (besides RANGE.MAC). */
export const CONFIG_TYPES: readonly number[] = [
  T.CONFIG_CHANGE, T.DAEMON_CONFIG, T.USYS_CONFIG, T.NETFILTER_CFG, T.FEATURE_CHANGE, T.USER_MAC_CONFIG_CHANGE,
];

/** --add / --delete: the head types each leaves out (aureport's classify_conf). */
export const ADDING_TYPES: readonly number[] = [
  T.ADD_USER, T.ADD_GROUP, T.MAC_CIPSOV4_ADD, T.MAC_MAP_ADD, T.MAC_IPSEC_ADDSA, T.MAC_IPSEC_ADDSPD, T.MAC_UNLBL_STCADD,
];
export const DELETING_TYPES: readonly number[] = [
  T.DEL_USER, T.DEL_GROUP, T.MAC_CIPSOV4_DEL, T.MAC_MAP_DEL, T.MAC_IPSEC_DELSA, T.MAC_IPSEC_DELSPD, T.MAC_UNLBL_STCDEL,
];
