// The libc calls auspex makes, through koffi: the netlink transport (control
// requests here, the collector's reader in collect/), and bpf(2) for program
// details. Loaded on first use, in whichever thread uses it.
//
// Why koffi: Node has no AF_NETLINK sockets (net/dgram speak only inet and
// unix), and a native addon would need a compiler and node-gyp on every
// machine. koffi 3 ships prebuilt binaries and calls libc directly: socket,
// bind, sendto, recv, poll. Only synchronous calls are used. A koffi `.async`
// call parks a libuv pool thread (four blocked receivers hang fs and dns) and
// koffi.errno() is not reliable after one; control requests are short, so
// they block the calling thread briefly behind a poll() timeout, and the event
// stream blocks in a worker thread of its own (event-reader.ts).
import { createRequire } from 'node:module';
import { AuspexError } from '../errors.js';

/** The Linux x86-64/arm64 values of the constants the netlink readers pass to and get back from these calls. */
export const SYS = {
  AF_NETLINK: 16,
  SOCK_RAW: 3,
  SOCK_CLOEXEC: 0x80000,
  NETLINK_AUDIT: 9,
  SOL_SOCKET: 1,
  SO_RCVBUF: 8,
  SO_RCVBUFFORCE: 33,
  POLLIN: 1,
  MSG_TRUNC: 0x20,
  MSG_DONTWAIT: 0x40,
  EINTR: 4,
  EAGAIN: 11,
  ENOBUFS: 105,
} as const;

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Buffer, len: number): number;
  sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number): number | bigint;
  recv(fd: number, buf: Buffer, len: number, flags: number): number | bigint;
  /** recvmmsg(2) with no timeout: several datagrams in one call. */
  recvmmsg(fd: number, vec: Buffer, vlen: number, flags: number, timeout: null): number;
  /** The address of a Buffer's memory, for pointers inside structures the kernel reads (recvmmsg, bpf). */
  address(buf: Buffer): bigint;
  poll(fds: Buffer, nfds: number, timeoutMs: number): number;
  close(fd: number): number;
  setsockopt(fd: number, level: number, name: number, value: Buffer, len: number): number;
  getsockopt(fd: number, level: number, name: number, value: Buffer, len: Buffer): number;
  /** bpf(2) with a union bpf_attr of `attr.length` bytes (syscall(2): glibc has no wrapper). */
  bpf(cmd: number, attr: Buffer): number;
  strerror(errnum: number): string;
  errno(): number;
}

const NR_BPF_X86_64 = 321;
const NR_BPF_AARCH64 = 280;

let cached: Libc | undefined;

/** libc through koffi, loaded on first use (so commands that never touch the kernel never load it). */
export function libc(): Libc {
  if (cached !== undefined) return cached;
  try {
    const require = createRequire(import.meta.url);
    const koffi = require('koffi') as typeof import('koffi');
    const lib = koffi.load('libc.so.6');
    const syscall = lib.func('long syscall(long, ...)') as (nr: number, ...args: unknown[]) => number | bigint;
    const nrBpf = process.arch === 'arm64' ? NR_BPF_AARCH64 : NR_BPF_X86_64;
    cached = {
      socket: lib.func('int socket(int, int, int)') as Libc['socket'],
      bind: lib.func('int bind(int, const void *, uint32_t)') as Libc['bind'],
      sendto: lib.func('intptr_t sendto(int, const void *, size_t, int, const void *, uint32_t)') as Libc['sendto'],
      recv: lib.func('intptr_t recv(int, void *, size_t, int)') as Libc['recv'],
      recvmmsg: lib.func('int recvmmsg(int, void *, unsigned int, int, void *)') as Libc['recvmmsg'],
      address: (buf) => koffi.address(buf),
      poll: lib.func('int poll(void *, unsigned long, int)') as Libc['poll'],
      close: lib.func('int close(int)') as Libc['close'],
      setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)') as Libc['setsockopt'],
      getsockopt: lib.func('int getsockopt(int, int, int, void *, void *)') as Libc['getsockopt'],
      bpf: (cmd, attr) => Number(syscall(nrBpf, 'int', cmd, 'void *', attr, 'unsigned int', attr.length)),
      strerror: lib.func('const char *strerror(int)') as Libc['strerror'],
      errno: () => koffi.errno(),
    };
    return cached;
  } catch (cause) {
    throw new AuspexError('E_KERNEL_UNAVAILABLE', `cannot load libc through koffi: ${(cause as Error).message}`, { cause });
  }
}
