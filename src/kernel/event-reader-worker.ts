// Worker thread of the event reader: owns a NETLINK_AUDIT socket bound to a
// multicast group, blocks in poll() (off the main thread), reads every
// datagram waiting, and posts the messages in batches. It stops reading while
// the main thread holds `credit` unconsumed messages, so memory stays bounded
// and a slow consumer shows up as kernel-side loss (ENOBUFS, audit `lost`),
// which is counted, never hidden.
import { parentPort, workerData } from 'node:worker_threads';
import { libc, SYS } from './libc.js';
import { parseNetlinkMessages } from './netlink-message.js';

interface Init {
  readonly group: number;
  readonly receiveBufferBytes: number;
  /** [0] credit (messages the main thread will still take), [1] stop flag. */
  readonly control: SharedArrayBuffer;
}

const { AF_NETLINK, SOCK_RAW, SOCK_CLOEXEC, NETLINK_AUDIT, SOL_SOCKET, SO_RCVBUF, POLLIN, MSG_DONTWAIT, EINTR, EAGAIN, ENOBUFS } = SYS;
const POLL_MS = 100;

const init = workerData as Init;
const control = new Int32Array(init.control);
const port = parentPort;
if (port === null) throw new Error('event-reader-worker must run as a worker thread');

const c = libc();
const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
const fail = (what: string, errno: number): void => {
  port.postMessage({ kind: 'error', what, errno, reason: c.strerror(errno) });
};
if (fd < 0) {
  fail('cannot open the audit netlink socket', c.errno());
} else {
  const addr = Buffer.alloc(12);
  addr.writeUInt16LE(AF_NETLINK, 0);
  addr.writeUInt32LE(init.group === 0 ? 0 : 1 << (init.group - 1), 8);
  const size = Buffer.alloc(4);
  size.writeInt32LE(init.receiveBufferBytes, 0);
  c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
  if (c.bind(fd, addr, addr.length) < 0) {
    fail('cannot join the audit multicast group', c.errno());
  } else {
    port.postMessage({ kind: 'ready' });
    const buf = Buffer.alloc(1 << 16);
    const pfd = Buffer.alloc(8);
    pfd.writeInt32LE(fd, 0);
    pfd.writeInt16LE(POLLIN, 4);
    let overruns = 0;
    while (Atomics.load(control, 1) === 0) {
      if (Atomics.load(control, 0) <= 0) {
        Atomics.wait(control, 0, Atomics.load(control, 0), POLL_MS);
        continue;
      }
      const r = c.poll(pfd, 1, POLL_MS);
      if (r <= 0) continue;
      const batch: Array<{ type: number; payload: ArrayBuffer }> = [];
      while (batch.length < Atomics.load(control, 0)) {
        const n = Number(c.recv(fd, buf, buf.length, MSG_DONTWAIT));
        if (n < 0) {
          const e = c.errno();
          if (e === ENOBUFS) {
            overruns++;
            continue;
          }
          if (e !== EAGAIN && e !== EINTR) fail('receive failed', e);
          break;
        }
        for (const m of parseNetlinkMessages(buf.subarray(0, n))) {
          const copy = new ArrayBuffer(m.payload.length);
          new Uint8Array(copy).set(m.payload);
          batch.push({ type: m.type, payload: copy });
        }
      }
      if (batch.length > 0) {
        Atomics.sub(control, 0, batch.length);
        port.postMessage({ kind: 'batch', messages: batch, overruns }, batch.map((m) => m.payload));
        overruns = 0;
      } else if (overruns > 0) {
        port.postMessage({ kind: 'batch', messages: [], overruns });
        overruns = 0;
      }
    }
  }
  c.close(fd);
}
port.postMessage({ kind: 'closed' });
