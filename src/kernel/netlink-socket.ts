// A NETLINK_AUDIT socket for control requests: numbered requests, waits for
// the kernel's ACK and its reply data in whichever order they come (the ACK
// often arrives first), multi-part replies until NLMSG_DONE, and a poll()
// timeout so a silent kernel cannot hang the caller. Synchronous: each request
// takes well under a millisecond (AUDIT_GET ≈ 0.1 ms).
import { KernelError, errnoHint, errnoName } from './kernel-error.js';
import { libc, SYS } from './libc.js';
import type { Libc } from './libc.js';
import {
  NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLM_F_ACK, NLM_F_REQUEST, encodeNetlinkMessage, netlinkErrorCode, parseNetlinkMessages,
} from './netlink-message.js';
import type { NetlinkMessage } from './netlink-message.js';

const { AF_NETLINK, SOCK_RAW, SOCK_CLOEXEC, NETLINK_AUDIT, POLLIN, MSG_DONTWAIT, MSG_TRUNC, EINTR, EAGAIN } = SYS;
const RECV_BUFFER = 1 << 16;

export type ReplyShape =
  /** Only an ACK (AUDIT_SET, ADD_RULE, DEL_RULE...). */
  | 'ack'
  /** One reply message of the request's type, plus the ACK (AUDIT_GET, GET_FEATURE). */
  | 'reply'
  /** Replies until NLMSG_DONE, plus the ACK (LIST_RULES). */
  | 'multi';

export interface RequestResult {
  /** The ACK's error field when it is not negative: 0, or a count the kernel returns (lost records on reset). */
  readonly ackValue: number;
  /** Reply messages (of any type but ACK/DONE/NOOP) for the request, in order. */
  readonly replies: readonly NetlinkMessage[];
}

export interface AuditSocketOptions {
  /** Bound on waiting for one request's answer. */
  readonly timeoutMs?: number;
}

export function kernelErrno(errno: number, what: string, c: Libc): KernelError {
  const reason = c.strerror(errno);
  const hint = errnoHint(errno);
  return new KernelError('E_KERNEL_ERRNO', `${what}: ${reason} (${errnoName(errno)})${hint !== undefined ? `: ${hint}` : ''}`, { errno, reason });
}

export class AuditSocket {
  readonly #c: Libc;
  #fd: number;
  #seq = 0;
  readonly #timeoutMs: number;
  readonly #buf = Buffer.alloc(RECV_BUFFER);
  readonly #kernel = Buffer.alloc(12);

  private constructor(c: Libc, fd: number, timeoutMs: number) {
    this.#c = c;
    this.#fd = fd;
    this.#timeoutMs = timeoutMs;
    this.#kernel.writeUInt16LE(AF_NETLINK, 0);
  }

  static open(options: AuditSocketOptions = {}): AuditSocket {
    const c = libc();
    const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
    if (fd < 0) throw kernelErrno(c.errno(), 'cannot open the audit netlink socket', c);
    const addr = Buffer.alloc(12);
    addr.writeUInt16LE(AF_NETLINK, 0);
    if (c.bind(fd, addr, addr.length) < 0) {
      const e = c.errno();
      c.close(fd);
      throw kernelErrno(e, 'cannot bind the audit netlink socket', c);
    }
    return new AuditSocket(c, fd, options.timeoutMs ?? 4000);
  }

  get fd(): number {
    return this.#fd;
  }

  /** Sends one request and collects what the kernel answers for its sequence number. */
  request(type: number, payload: Uint8Array, shape: ReplyShape, what: string): RequestResult {
    if (this.#fd < 0) throw new KernelError('E_KERNEL_SOCKET', 'audit socket is closed');
    const seq = (this.#seq = (this.#seq + 1) >>> 0 || 1);
    const msg = encodeNetlinkMessage(type, NLM_F_REQUEST | NLM_F_ACK, seq, payload);
    for (;;) {
      const n = Number(this.#c.sendto(this.#fd, msg, msg.length, 0, this.#kernel, this.#kernel.length));
      if (n >= 0) break;
      const e = this.#c.errno();
      if (e !== EINTR) throw kernelErrno(e, `${what} failed`, this.#c);
    }
    let acked = false;
    let ackValue = 0;
    let done = shape === 'ack';
    let gotReply = shape !== 'reply';
    const replies: NetlinkMessage[] = [];
    const deadline = Date.now() + this.#timeoutMs;
    while (!(acked && done && gotReply)) {
      for (const m of this.#receive(deadline, what)) {
        if (m.seq !== seq) continue; // an answer to an earlier, abandoned request
        if (m.type === NLMSG_ERROR) {
          const code = netlinkErrorCode(m);
          if (code < 0) throw kernelErrno(-code, `${what} failed`, this.#c);
          acked = true;
          ackValue = code;
        } else if (m.type === NLMSG_DONE) {
          done = true;
        } else if (m.type !== NLMSG_NOOP) {
          replies.push(m);
          if (shape === 'reply') {
            gotReply = true;
            done = true;
          }
        }
      }
    }
    return { ackValue, replies };
  }

  /** Waits (poll) until a datagram arrives or the deadline passes, then reads it. */
  #receive(deadline: number, what: string): NetlinkMessage[] {
    const pfd = Buffer.alloc(8);
    pfd.writeInt32LE(this.#fd, 0);
    pfd.writeInt16LE(POLLIN, 4);
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new KernelError('E_KERNEL_TIMEOUT', `${what}: no answer from the kernel within ${this.#timeoutMs} ms`);
      const r = this.#c.poll(pfd, 1, left);
      if (r < 0) {
        const e = this.#c.errno();
        if (e === EINTR) continue;
        throw kernelErrno(e, `${what}: poll failed`, this.#c);
      }
      if (r === 0) continue;
      const n = Number(this.#c.recv(this.#fd, this.#buf, this.#buf.length, MSG_DONTWAIT | MSG_TRUNC));
      if (n < 0) {
        const e = this.#c.errno();
        if (e === EINTR || e === EAGAIN) continue;
        throw kernelErrno(e, `${what}: receive failed`, this.#c);
      }
      if (n > this.#buf.length) throw new KernelError('E_KERNEL_PROTOCOL', `${what}: a ${n}-byte message did not fit the receive buffer`);
      return parseNetlinkMessages(Buffer.from(this.#buf.subarray(0, n)));
    }
  }

  close(): void {
    if (this.#fd >= 0) this.#c.close(this.#fd);
    this.#fd = -1;
  }
}
