// A test program: opens a file with one IORING_OP_OPENAT through io_uring
// (raw syscalls through koffi, no liburing) and prints `pid res`. Run as its
// own process so the kernel's URINGOP record can be told apart by pid.
//   node dist/test/kernel/uring-openat-probe.js /path/to/file
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const koffi = require('koffi') as typeof import('koffi');
const lib = koffi.load('libc.so.6');
const syscall = lib.func('long syscall(long, ...)');
const mmap = lib.func('void *mmap(void *, size_t, int, int, int, long)');
const getpid = lib.func('int getpid(void)');

const SYS_io_uring_setup = 425;
const SYS_io_uring_enter = 426;
const IORING_OP_OPENAT = 18;
const PROT_RW = 0x3;
const MAP_SHARED_POPULATE = 0x01 | 0x8000;
const IORING_OFF_SQES = 0x10000000;
const AT_FDCWD = -100;

const path = process.argv[2] ?? '/etc/hostname';
const params = Buffer.alloc(120);
const ring = Number(syscall(SYS_io_uring_setup, 'uint32_t', 4, 'void *', params));
if (ring < 0) throw new Error(`io_uring_setup failed: errno ${koffi.errno()}`);
const u32 = (off: number): number => params.readUInt32LE(off);
// struct io_uring_params: 10 u32 + resv, then sq_off at 40 and cq_off at 80.
const sqEntries = u32(0);
const sq = { head: u32(40), tail: u32(44), mask: u32(48), array: u32(64) };
const cq = { head: u32(80), tail: u32(84), mask: u32(88), cqes: u32(100) };
const ringSize = Math.max(sq.array + sqEntries * 4, cq.cqes + u32(4) * 16);
const ringMem = mmap(null, ringSize, PROT_RW, MAP_SHARED_POPULATE, ring, 0);
const sqes = mmap(null, sqEntries * 64, PROT_RW, MAP_SHARED_POPULATE, ring, IORING_OFF_SQES);

const name = Buffer.from(`${path}\0`);
const sqe = Buffer.alloc(64);
sqe.writeUInt8(IORING_OP_OPENAT, 0);
sqe.writeInt32LE(AT_FDCWD, 4);
sqe.writeBigUInt64LE(BigInt(koffi.address(name)), 16);
sqe.writeUInt32LE(0, 24); // mode
sqe.writeUInt32LE(0, 28); // O_RDONLY
sqe.writeBigUInt64LE(42n, 32);
koffi.encode(sqes, 0, koffi.array('uint8_t', 64), [...sqe]);
const tail = koffi.decode(ringMem, sq.tail, 'uint32_t') as number;
const mask = koffi.decode(ringMem, sq.mask, 'uint32_t') as number;
koffi.encode(ringMem, sq.array + 4 * (tail & mask), 'uint32_t', 0);
koffi.encode(ringMem, sq.tail, 'uint32_t', tail + 1);
const entered = Number(syscall(SYS_io_uring_enter, 'int', ring, 'uint32_t', 1, 'uint32_t', 1, 'uint32_t', 1, 'void *', null, 'size_t', 0));
if (entered < 0) throw new Error(`io_uring_enter failed: errno ${koffi.errno()}`);
const head = koffi.decode(ringMem, cq.head, 'uint32_t') as number;
const cqMask = koffi.decode(ringMem, cq.mask, 'uint32_t') as number;
const res = koffi.decode(ringMem, cq.cqes + 16 * (head & cqMask) + 8, 'int32_t') as number;
process.stdout.write(`${getpid()} ${res}\n`);
