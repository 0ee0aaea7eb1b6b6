// What the main summary asks of an event's record types, as one bit mask:
// each bit says "some record of the event is of this type (or range)".
// Computed once per record type, OR-ed over an event's records.
import { CONFIG_TYPES, RANGE, T } from './record-types.table.js';

export const C = {
  CONFIG_CHANGE: 1 << 0,
  DAEMON_CONFIG: 1 << 1,
  USYS_CONFIG: 1 << 2,
  NETFILTER_CFG: 1 << 3,
  FEATURE_CHANGE: 1 << 4,
  USER_MAC_CONFIG_CHANGE: 1 << 5,
  MAC: 1 << 6,
  USER_CHAUTHTOK: 1 << 7,
  ACCOUNT: 1 << 8,
  USER_MGMT: 1 << 9,
  GRP_MGMT: 1 << 10,
  ROLE: 1 << 11,
  KERN_CRYPTO: 1 << 12,
  CRYPTO: 1 << 13,
  USER_LOGIN: 1 << 14,
  USER_AUTH: 1 << 15,
  GRP_AUTH: 1 << 16,
  AVC: 1 << 17,
  USER_AVC: 1 << 18,
  USER_LSPP: 1 << 19,
  VIRT: 1 << 20,
  INTEGRITY: 1 << 21,
  ANOM: 1 << 22,
  KERN_ANOM: 1 << 23,
  ANOM_RESP: 1 << 24,
} as const;

/** CONFIG_TYPES in CONFIG_TYPES' order, as bits. */
export const CONFIG_BITS: readonly number[] = [
  C.CONFIG_CHANGE, C.DAEMON_CONFIG, C.USYS_CONFIG, C.NETFILTER_CFG, C.FEATURE_CHANGE, C.USER_MAC_CONFIG_CHANGE,
];

const within = (t: number, r: readonly [number, number]): boolean => t >= r[0] && t <= r[1];

/** The bits one record of type `t` (libaudit 3.0.9 numbering) sets. */
export function typeClasses(t: number): number {
  let bits = 0;
  CONFIG_TYPES.forEach((type, i) => {
    if (t === type) bits |= CONFIG_BITS[i] as number;
  });
  if (within(t, RANGE.MAC)) bits |= C.MAC;
  if (t === T.USER_CHAUTHTOK) bits |= C.USER_CHAUTHTOK;
  if (within(t, RANGE.ACCOUNT)) bits |= C.ACCOUNT;
  if (t === T.USER_MGMT) bits |= C.USER_MGMT;
  if (t === T.GRP_MGMT) bits |= C.GRP_MGMT;
  if (within(t, RANGE.ROLE)) bits |= C.ROLE;
  if (within(t, RANGE.KERN_CRYPTO)) bits |= C.KERN_CRYPTO;
  if (within(t, RANGE.CRYPTO)) bits |= C.CRYPTO;
  if (t === T.USER_LOGIN) bits |= C.USER_LOGIN;
  if (t === T.USER_AUTH) bits |= C.USER_AUTH;
  if (t === T.GRP_AUTH) bits |= C.GRP_AUTH;
  if (t === T.AVC) bits |= C.AVC;
  if (t === T.USER_AVC) bits |= C.USER_AVC;
  if (within(t, RANGE.USER_LSPP)) bits |= C.USER_LSPP;
  if (within(t, RANGE.VIRT)) bits |= C.VIRT;
  if (within(t, RANGE.INTEGRITY)) bits |= C.INTEGRITY;
  if (within(t, RANGE.ANOM)) bits |= C.ANOM;
  if (within(t, RANGE.KERN_ANOM)) bits |= C.KERN_ANOM;
  if (within(t, RANGE.ANOM_RESP)) bits |= C.ANOM_RESP;
  return bits;
}

const cache = new Map<number, number>();

/** typeClasses through a cache (types repeat). */
export function classesOf(t: number): number {
  let bits = cache.get(t);
  if (bits === undefined) {
    bits = typeClasses(t);
    cache.set(t, bits);
  }
  return bits;
}
