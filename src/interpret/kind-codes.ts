// Field kinds as small integers, for the -i formatter's hot loop: a switch on
// an int is a jump table where one on strings is a chain of compares. The
// FieldKind strings stay the names everywhere else; the table is typed so a
// kind added to field-kinds.table.ts does not compile until it has a code.
import type { FieldKind } from './field-kind.js';

export const KIND_CODE: { readonly [K in FieldKind]: number } = {
  unclassified: 0,
  uid: 1,
  gid: 2,
  session: 3,
  success: 4,
  exit: 5,
  syscall: 6,
  arch: 7,
  a0: 8,
  a1: 9,
  a2: 10,
  a3: 11,
  escaped: 12,
  'escaped-file': 13,
  'escaped-key': 14,
  proctitle: 15,
  'uring-op': 16,
  'tty-data': 17,
  perm: 18,
  mode: 19,
  'mode-short': 20,
  sockaddr: 21,
  'path-flags': 22,
  promisc: 23,
  capability: 24,
  signal: 25,
  list: 26,
  'cap-bitmap': 27,
  nfproto: 28,
  icmptype: 29,
  protocol: 30,
  addr: 31,
  personality: 32,
  seccomp: 33,
  oflag: 34,
  mmap: 35,
  'mac-label': 36,
  hook: 37,
  netaction: 38,
  macproto: 39,
  'ioctl-req': 40,
  fanotify: 41,
  nlmcgrp: 42,
  resolve: 43,
};

/** The codes the formatter branches on by name. */
export const K = {
  UNCLASSIFIED: KIND_CODE.unclassified,
  UID: KIND_CODE.uid,
  GID: KIND_CODE.gid,
  SESSION: KIND_CODE.session,
  SUCCESS: KIND_CODE.success,
  EXIT: KIND_CODE.exit,
  SYSCALL: KIND_CODE.syscall,
  ARCH: KIND_CODE.arch,
  A0: KIND_CODE.a0,
  A1: KIND_CODE.a1,
  A2: KIND_CODE.a2,
  A3: KIND_CODE.a3,
  ESCAPED: KIND_CODE.escaped,
  ESCAPED_FILE: KIND_CODE['escaped-file'],
  ESCAPED_KEY: KIND_CODE['escaped-key'],
  PROCTITLE: KIND_CODE.proctitle,
  URING_OP: KIND_CODE['uring-op'],
  TTY_DATA: KIND_CODE['tty-data'],
  /** Codes from here on print a value that depends on the value alone (and fixed host tables). */
  FIRST_VALUE_ONLY: KIND_CODE.perm,
} as const;

/**
 * 1 for codes whose printed text depends on the value alone (given the host
 * tables a formatter was made with): not syscall, arch and a0..a3, which read
 * the record's machine, syscall and arguments, nor unclassified (not printed).
 */
export const VALUE_ONLY: Uint8Array = (() => {
  const out = new Uint8Array(64);
  for (const code of Object.values(KIND_CODE)) out[code] = 1;
  for (const code of [K.UNCLASSIFIED, K.SYSCALL, K.ARCH, K.A0, K.A1, K.A2, K.A3]) out[code] = 0;
  return out;
})();

/** Kind code → FieldKind. */
export const KIND_OF_CODE: readonly FieldKind[] = (() => {
  const out: FieldKind[] = [];
  for (const [kind, code] of Object.entries(KIND_CODE) as Array<[FieldKind, number]>) out[code] = kind;
  return out;
})();

export function kindCode(kind: FieldKind): number {
  return KIND_CODE[kind];
}
