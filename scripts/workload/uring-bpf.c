/*
 * Workload for the sample-log capture: io_uring operations run inline, by an
 * io-wq worker (IOSQE_ASYNC), by an SQPOLL thread and under a registered
 * personality, then a BPF program loaded and unloaded. Raw syscalls only
 * (no liburing), so it builds with the kernel headers alone:
 *   cc -O2 -o uring-bpf uring-bpf.c
 * Usage: uring-bpf DIR   (files are opened and created inside DIR)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static int ring_init(struct ring *r, unsigned flags)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	if (flags & IORING_SETUP_SQPOLL)
		p.sq_thread_idle = 2000;
	r->fd = syscall(__NR_io_uring_setup, 8, &p);
	if (r->fd < 0)
		return -1;
	size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	char *sq = mmap(0, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	char *cq = mmap(0, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -1;
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	return 0;
}

/* Submits one SQE and waits for its completion; returns the CQE result. */
static int ring_run(struct ring *r, const struct io_uring_sqe *sqe, int sqpoll)
{
	unsigned tail = *r->sq_tail, idx = tail & *r->sq_mask;
	r->sqes[idx] = *sqe;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	unsigned enter_flags = IORING_ENTER_GETEVENTS | (sqpoll ? IORING_ENTER_SQ_WAKEUP : 0);
	for (;;) {
		unsigned head = *r->cq_head;
		if (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			int res = r->cqes[head & *r->cq_mask].res;
			__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
			return res;
		}
		if (syscall(__NR_io_uring_enter, r->fd, sqpoll ? 0 : 1, 1, enter_flags, NULL, 0) < 0 && errno != EINTR)
			return -errno;
		if (!sqpoll)
			enter_flags = IORING_ENTER_GETEVENTS;
	}
}

static struct io_uring_sqe openat_sqe(const char *path, int flags, unsigned char sqe_flags, unsigned short personality)
{
	struct io_uring_sqe s;
	memset(&s, 0, sizeof(s));
	s.opcode = IORING_OP_OPENAT;
	s.fd = AT_FDCWD;
	s.addr = (uintptr_t)path;
	s.open_flags = flags;
	s.len = 0644;
	s.flags = sqe_flags;
	s.personality = personality;
	return s;
}

static struct io_uring_sqe close_sqe(int fd)
{
	struct io_uring_sqe s;
	memset(&s, 0, sizeof(s));
	s.opcode = IORING_OP_CLOSE;
	s.fd = fd;
	return s;
}

static void uring_ops(const char *dir)
{
	char a[4096], b[4096], c[4096];
	snprintf(a, sizeof(a), "%s/uring-inline.txt", dir);
	snprintf(b, sizeof(b), "%s/uring-async.txt", dir);
	snprintf(c, sizeof(c), "%s/uring-sqpoll.txt", dir);
	struct ring r;
	if (ring_init(&r, 0) == 0) {
		struct io_uring_sqe s = openat_sqe(a, O_CREAT | O_WRONLY, 0, 0);
		int fd = ring_run(&r, &s, 0);
		if (fd >= 0) {
			struct io_uring_sqe cl = close_sqe(fd);
			ring_run(&r, &cl, 0);
		}
		s = openat_sqe(b, O_CREAT | O_WRONLY, IOSQE_ASYNC, 0);
		fd = ring_run(&r, &s, 0);
		if (fd >= 0) {
			struct io_uring_sqe cl = close_sqe(fd);
			ring_run(&r, &cl, 0);
		}
		/* A personality registered as root, used after dropping to uid 65534. */
		int pers = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PERSONALITY, NULL, 0);
		if (pers > 0 && setresuid(65534, 65534, 0) == 0) {
			s = openat_sqe("/etc/shadow", O_RDONLY, 0, (unsigned short)pers);
			fd = ring_run(&r, &s, 0);
			if (fd >= 0) {
				struct io_uring_sqe cl = close_sqe(fd);
				ring_run(&r, &cl, 0);
			}
			if (setresuid(0, 0, 0) != 0)
				perror("setresuid");
		}
		close(r.fd);
	} else
		perror("io_uring_setup");
	if (ring_init(&r, IORING_SETUP_SQPOLL) == 0) {
		struct io_uring_sqe s = openat_sqe(c, O_CREAT | O_WRONLY, 0, 0);
		int fd = ring_run(&r, &s, 1);
		if (fd >= 0) {
			struct io_uring_sqe cl = close_sqe(fd);
			ring_run(&r, &cl, 1);
		}
		close(r.fd);
	} else
		perror("io_uring_setup sqpoll");
}

static void bpf_load_unload(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = 2;
	attr.license = (uintptr_t)"GPL";
	strncpy(attr.prog_name, "auspex_sample", sizeof(attr.prog_name) - 1);
	int fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		perror("bpf");
	else
		close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	uring_ops(argv[1]);
	bpf_load_unload();
	return 0;
}
