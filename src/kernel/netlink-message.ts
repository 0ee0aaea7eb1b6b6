// Netlink framing for NETLINK_AUDIT: the 16-byte nlmsghdr (len, type, flags,
// seq, pid), 4-byte alignment, several messages per datagram, and the
// NLMSG_ERROR payload (negative errno, 0 for an ACK, or a count the kernel
// returns for resets). Pure.

export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;
export const NLM_F_REQUEST = 0x1;
export const NLM_F_MULTI = 0x2;
export const NLM_F_ACK = 0x4;
export const NLMSG_HDRLEN = 16;

export interface NetlinkMessage {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
  readonly payload: Buffer;
}

const align = (n: number): number => (n + 3) & ~3;

/** A request as the kernel wants it: header plus payload, padded to 4 bytes (nlmsg_len = NLMSG_SPACE). */
export function encodeNetlinkMessage(type: number, flags: number, seq: number, payload: Uint8Array): Buffer {
  const len = align(NLMSG_HDRLEN + payload.length);
  const out = Buffer.alloc(len);
  out.writeUInt32LE(len, 0);
  out.writeUInt16LE(type, 4);
  out.writeUInt16LE(flags, 6);
  out.writeUInt32LE(seq >>> 0, 8);
  out.writeUInt32LE(0, 12);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}

/** Splits one received datagram; stops at a header that does not fit (never throws). */
export function parseNetlinkMessages(buf: Buffer): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  let at = 0;
  while (at + NLMSG_HDRLEN <= buf.length) {
    const len = buf.readUInt32LE(at);
    if (len < NLMSG_HDRLEN || at + len > buf.length) break;
    out.push({
      type: buf.readUInt16LE(at + 4),
      flags: buf.readUInt16LE(at + 6),
      seq: buf.readUInt32LE(at + 8),
      pid: buf.readUInt32LE(at + 12),
      payload: buf.subarray(at + NLMSG_HDRLEN, at + len),
    });
    at += align(len);
  }
  return out;
}

/** The `error` of an NLMSG_ERROR payload: 0 ACK, negative errno, or a positive result. */
export function netlinkErrorCode(msg: NetlinkMessage): number {
  return msg.payload.length >= 4 ? msg.payload.readInt32LE(0) : 0;
}
