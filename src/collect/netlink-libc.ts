// The libc calls the collector's netlink reader makes, through koffi (as
// kernel/libc.ts does for control requests; this one adds getsockopt and the
// calls a worker needs to own a socket for the daemon's lifetime). Loaded on
// first use, in whichever thread uses it.
import { createRequire } from 'node:module';

export interface ReaderLibc {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Buffer, len: number): number;
  sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number): number | bigint;
  recv(fd: number, buf: Buffer, len: number, flags: number): number | bigint;
  /** recvmmsg(2) with no timeout: several datagrams in one call. */
  recvmmsg(fd: number, vec: Buffer, vlen: number, flags: number, timeout: null): number;
  /** The address of a Buffer's memory, for the pointers recvmmsg's structures hold. */
  address(buf: Buffer): bigint;
  poll(fds: Buffer, nfds: number, timeoutMs: number): number;
  close(fd: number): number;
  setsockopt(fd: number, level: number, name: number, value: Buffer, len: number): number;
  getsockopt(fd: number, level: number, name: number, value: Buffer, len: Buffer): number;
  strerror(errnum: number): string;
  errno(): number;
}

let cached: ReaderLibc | undefined;

export function readerLibc(): ReaderLibc {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const koffi = require('koffi') as typeof import('koffi');
  const lib = koffi.load('libc.so.6');
  cached = {
    socket: lib.func('int socket(int, int, int)') as ReaderLibc['socket'],
    bind: lib.func('int bind(int, const void *, uint32_t)') as ReaderLibc['bind'],
    sendto: lib.func('intptr_t sendto(int, const void *, size_t, int, const void *, uint32_t)') as ReaderLibc['sendto'],
    recv: lib.func('intptr_t recv(int, void *, size_t, int)') as ReaderLibc['recv'],
    recvmmsg: lib.func('int recvmmsg(int, void *, unsigned int, int, void *)') as ReaderLibc['recvmmsg'],
    address: (buf) => koffi.address(buf),
    poll: lib.func('int poll(void *, unsigned long, int)') as ReaderLibc['poll'],
    close: lib.func('int close(int)') as ReaderLibc['close'],
    setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)') as ReaderLibc['setsockopt'],
    getsockopt: lib.func('int getsockopt(int, int, int, void *, void *)') as ReaderLibc['getsockopt'],
    strerror: lib.func('const char *strerror(int)') as ReaderLibc['strerror'],
    errno: () => koffi.errno(),
  };
  return cached;
}
