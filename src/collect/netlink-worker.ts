// Worker thread of the netlink source: owns the NETLINK_AUDIT socket, either
// joined to multicast group 1 (beside auditd) or registered with AUDIT_SET as
// *the* audit daemon (unicast), and turns records into log lines here, off
// the main thread. Batches of lines go to the main thread as one transferred
// ArrayBuffer each.
//
// Why a worker with blocking poll()/recv through koffi, and not the N-API
// addon a prototype measured faster (≈550 k msgs/s vs 270–400 k/s here):
// the acceptance load is 20 k records/s, an order of magnitude below either;
// the limit is the main thread's work per record, which the worker relieves
// by formatting lines in parallel; and without native code `npm ci` needs no
// compiler, and the reader cannot crash the process. A worker also keeps the
// event loop free (koffi's async calls would park a libuv pool thread).
//
// Flow control: the main thread grants credit in lines; at zero the worker
// stops reading, so the kernel queues (unicast: up to backlog_limit, then
// audited tasks wait) or drops and counts (multicast: ENOBUFS). Nothing is
// buffered here beyond one batch.
import { parentPort, workerData } from 'node:worker_threads';
import { isRecordType, nodePrefix, writeLogLine } from './log-line.js';
import { AUDIT_MSG, NLMSG_ERROR, NLM_F_ACK, NLM_F_REQUEST, SYS, encodeNetlinkMessage, encodeStatus, libc } from '../kernel/index.js';

export interface NetlinkWorkerInit {
  readonly mode: 'multicast' | 'unicast';
  readonly pid: number;
  readonly receiveBufferBytes: number;
  readonly readBatchMs: number;
  readonly node: string | undefined;
  /** [0] credit in lines, [1] command: 0 run, 1 stop now, 2 read what is queued then stop. */
  readonly control: SharedArrayBuffer;
}

export type NetlinkWorkerMessage =
  | { readonly kind: 'ready'; readonly receiveBufferBytes: number }
  | { readonly kind: 'error'; readonly what: string; readonly errno: number; readonly reason: string }
  | { readonly kind: 'batch'; readonly lines: ArrayBuffer; readonly bytes: number; readonly count: number; readonly overruns: number }
  | { readonly kind: 'closed' };

const { AF_NETLINK, SOCK_RAW, SOCK_CLOEXEC, NETLINK_AUDIT, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, POLLIN, MSG_DONTWAIT, EINTR, EAGAIN, ENOBUFS } = SYS;
/** audit_status.mask bit: the pid field is set. */
const AUDIT_STATUS_PID = 4;
const POLL_MS = 100;
const BATCH_BYTES = 4 << 20;
/** Datagrams per recvmmsg call, and room for each: an audit record is at most 8970 bytes plus its header. */
const SLOTS = 128;
const SLOT_BYTES = 9216;
const RECV_BYTES = 1 << 16;

const init = workerData as NetlinkWorkerInit;
const control = new Int32Array(init.control);
const port = parentPort;
if (port === null) throw new Error('netlink-worker must run as a worker thread');
const c = libc();

function post(m: NetlinkWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(m, transfer);
}

function fail(what: string, errno: number): void {
  post({ kind: 'error', what, errno, reason: c.strerror(errno) });
}

function openSocket(): number {
  const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
  if (fd < 0) {
    fail('cannot open the audit netlink socket', c.errno());
    return -1;
  }
  const size = Buffer.alloc(4);
  size.writeInt32LE(init.receiveBufferBytes, 0);
  // FORCE passes net.core.rmem_max (root only); plain SO_RCVBUF is capped by it.
  if (c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0) c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
  const addr = Buffer.alloc(12);
  addr.writeUInt16LE(AF_NETLINK, 0);
  if (init.mode === 'multicast') addr.writeUInt32LE(1, 8); // group 1: AUDIT_NLGRP_READLOG
  if (c.bind(fd, addr, addr.length) < 0) {
    fail(init.mode === 'multicast' ? 'cannot join the audit multicast group' : 'cannot bind the audit netlink socket', c.errno());
    c.close(fd);
    return -1;
  }
  return fd;
}

function receiveBufferSize(fd: number): number {
  const v = Buffer.alloc(4);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(4, 0);
  return c.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, len) < 0 ? 0 : v.readInt32LE(0);
}

/**
 * AUDIT_SET pid from this socket: the kernel then sends every record to it.
 * It must come from this socket (the kernel sends to the sender's port) and
 * name this process (the kernel refuses another pid). The kernel ACKs before
 * sending the first record, so nothing is read past here.
 */
function register(fd: number, buf: Buffer): boolean {
  const msg = encodeNetlinkMessage(AUDIT_MSG.SET, NLM_F_REQUEST | NLM_F_ACK, 1, encodeStatus({ mask: AUDIT_STATUS_PID, pid: init.pid }));
  const kernel = Buffer.alloc(12);
  kernel.writeUInt16LE(AF_NETLINK, 0);
  if (Number(c.sendto(fd, msg, msg.length, 0, kernel, kernel.length)) < 0) {
    fail('cannot register as the audit daemon', c.errno());
    return false;
  }
  const pfd = pollFd(fd);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (c.poll(pfd, 1, POLL_MS) <= 0) continue;
    const n = Number(c.recv(fd, buf, buf.length, MSG_DONTWAIT));
    if (n < 16) continue;
    if (buf.readUInt16LE(4) !== NLMSG_ERROR || buf.readUInt32LE(8) !== 1) continue;
    const code = buf.readInt32LE(16);
    if (code === 0) return true;
    fail('the kernel refused to make this process the audit daemon', -code);
    return false;
  }
  fail('no answer from the kernel to AUDIT_SET pid', 62 /* ETIME */);
  return false;
}

function pollFd(fd: number): Buffer {
  const pfd = Buffer.alloc(8);
  pfd.writeInt32LE(fd, 0);
  pfd.writeInt16LE(POLLIN, 4);
  return pfd;
}

function run(fd: number): void {
  const buf = Buffer.alloc(RECV_BYTES);
  if (init.mode === 'unicast' && !register(fd, buf)) return;
  post({ kind: 'ready', receiveBufferBytes: receiveBufferSize(fd) });
  const node = nodePrefix(init.node);
  const pfd = pollFd(fd);
  const slots = new RecvSlots(fd);
  const scratch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  let used = 0;
  let count = 0;
  let overruns = 0;
  const flush = (): void => {
    if (count === 0 && overruns === 0) return;
    Atomics.sub(control, 0, count);
    // A right-sized copy goes to the main thread; the scratch buffer stays here.
    const lines = new ArrayBuffer(used);
    new Uint8Array(lines).set(scratch.subarray(0, used));
    post({ kind: 'batch', lines, bytes: used, count, overruns }, [lines]);
    used = count = overruns = 0;
  };
  /** Reads what is waiting (up to the credit); true once the socket is empty. */
  const drain = (draining: boolean): boolean => {
    for (;;) {
      const room = draining ? SLOTS : Math.min(SLOTS, Atomics.load(control, 0) - count);
      if (room <= 0) return false;
      const got = slots.receive(room);
      if (got < 0) {
        const e = c.errno();
        if (e === ENOBUFS) {
          overruns++;
          continue;
        }
        if (e !== EAGAIN && e !== EINTR) fail('receive failed', e);
        return true;
      }
      for (let i = 0; i < got; i++) {
        const at = slots.offset(i);
        const n = slots.length(i);
        if (n < 16) continue;
        const type = slots.data.readUInt16LE(at + 4);
        if (!isRecordType(type)) continue;
        // One record per datagram. Unicast messages carry the payload length in
        // nlmsg_len (a kernel quirk auditd relies on), multicast ones the whole
        // length: the datagram's size is right for both.
        let end = writeLogLine(scratch, used, node, type, slots.data, at + 16, at + n);
        if (end < 0) {
          flush();
          end = writeLogLine(scratch, used, node, type, slots.data, at + 16, at + n);
        }
        used = end;
        count++;
      }
      if (used > BATCH_BYTES - SLOTS * SLOT_BYTES) flush();
      if (got < room) return true;
    }
  };
  let caughtUp = true;
  for (;;) {
    const command = Atomics.load(control, 1);
    if (command === 1) break;
    const draining = command === 2;
    if (!draining && Atomics.load(control, 0) <= 0) {
      Atomics.wait(control, 0, Atomics.load(control, 0), POLL_MS);
      continue;
    }
    if (!draining && caughtUp) {
      const r = c.poll(pfd, 1, POLL_MS);
      if (r < 0 && c.errno() !== EINTR) {
        fail('poll failed', c.errno());
        break;
      }
      if (r <= 0) continue;
      // Records are coming: let a batch window's worth gather in the socket
      // buffer and read them all at once (fewer wake-ups on both threads).
      // A stop command ends the wait at once.
      if (init.readBatchMs > 0) Atomics.wait(control, 1, 0, init.readBatchMs);
    }
    caughtUp = drain(draining);
    flush();
    if (draining && caughtUp) break;
  }
  flush();
}

/**
 * recvmmsg(2) over SLOTS fixed slices of one buffer: struct mmsghdr (64
 * bytes: msghdr of 56, msg_len, padding) and struct iovec (16) per slot, laid
 * out for LP64 Linux (x86_64, aarch64). One call reads many datagrams.
 */
class RecvSlots {
  readonly data = Buffer.alloc(SLOTS * SLOT_BYTES);
  readonly #vec = Buffer.alloc(SLOTS * 64);
  readonly #iov = Buffer.alloc(SLOTS * 16);
  readonly #fd: number;

  constructor(fd: number) {
    this.#fd = fd;
    const base = c.address(this.data);
    const iovBase = c.address(this.#iov);
    for (let i = 0; i < SLOTS; i++) {
      this.#iov.writeBigUInt64LE(base + BigInt(i * SLOT_BYTES), i * 16);
      this.#iov.writeBigUInt64LE(BigInt(SLOT_BYTES), i * 16 + 8);
      this.#vec.writeBigUInt64LE(iovBase + BigInt(i * 16), i * 64 + 16); // msg_iov
      this.#vec.writeBigUInt64LE(1n, i * 64 + 24); // msg_iovlen
    }
  }

  /** Datagrams read into slots 0..n-1, or -1 (errno tells why). */
  receive(max: number): number {
    return c.recvmmsg(this.#fd, this.#vec, max, MSG_DONTWAIT, null);
  }

  offset(i: number): number {
    return i * SLOT_BYTES;
  }

  length(i: number): number {
    return Math.min(this.#vec.readUInt32LE(i * 64 + 56), SLOT_BYTES);
  }
}

const fd = openSocket();
if (fd >= 0) {
  try {
    run(fd);
  } finally {
    c.close(fd);
  }
}
post({ kind: 'closed' });
