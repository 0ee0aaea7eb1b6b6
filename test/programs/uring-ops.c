/*
 * io_uring workload for auspex's real-kernel tests, raw syscalls only:
 *   uring-ops MODE DIR
 * prints its pid, waits for a line on stdin (so tests can add rules for this
 * pid first), runs MODE, prints one line per op "OP RESULT", exits.
 * MODE known: openat+read+close inline, mkdirat+unlinkat from io-wq (IOSQE_ASYNC),
 *             then openat under a registered personality after dropping to uid 65534.
 * MODE other: symlinkat and linkat from io-wq, openat inline, an openat under a
 *             personality registered as uid 65534 used after going back to root.
 * MODE sqpoll: an SQPOLL ring doing openat and close.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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
	int sqpoll;
};

static int ring_init(struct ring *r, unsigned flags)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.sq_thread_idle = 2000;
	r->sqpoll = (flags & IORING_SETUP_SQPOLL) != 0;
	r->fd = syscall(__NR_io_uring_setup, 8, &p);
	if (r->fd < 0)
		return -1;
	char *sq = mmap(0, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	char *cq = mmap(0, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
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

static int ring_run(struct ring *r, const struct io_uring_sqe *sqe)
{
	unsigned tail = *r->sq_tail, idx = tail & *r->sq_mask;
	r->sqes[idx] = *sqe;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	unsigned flags = IORING_ENTER_GETEVENTS | (r->sqpoll ? IORING_ENTER_SQ_WAKEUP : 0);
	for (;;) {
		unsigned head = *r->cq_head;
		if (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			int res = r->cqes[head & *r->cq_mask].res;
			__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
			return res;
		}
		if (syscall(__NR_io_uring_enter, r->fd, r->sqpoll ? 0 : 1, 1, flags, NULL, 0) < 0 && errno != EINTR)
			return -errno;
		if (!r->sqpoll)
			flags = IORING_ENTER_GETEVENTS;
	}
}

static struct io_uring_sqe sqe_of(int op, int fd, const void *addr, unsigned len, unsigned long off, unsigned char flags, unsigned short pers)
{
	struct io_uring_sqe s;
	memset(&s, 0, sizeof(s));
	s.opcode = op;
	s.fd = fd;
	s.addr = (uintptr_t)addr;
	s.len = len;
	s.off = off;
	s.flags = flags;
	s.personality = pers;
	return s;
}

static void show(const char *what, int res)
{
	printf("%s %d\n", what, res);
	fflush(stdout);
}

static void open_read_close(struct ring *r, const char *path, unsigned short pers, const char *label)
{
	struct io_uring_sqe s = sqe_of(IORING_OP_OPENAT, AT_FDCWD, path, 0, 0, 0, pers);
	s.open_flags = O_RDONLY;
	int fd = ring_run(r, &s);
	show(label, fd);
	if (fd < 0)
		return;
	char buf[64];
	s = sqe_of(IORING_OP_READ, fd, buf, sizeof(buf), 0, 0, 0);
	show("read", ring_run(r, &s));
	s = sqe_of(IORING_OP_CLOSE, fd, NULL, 0, 0, 0, 0);
	show("close", ring_run(r, &s));
}

static int known(const char *dir)
{
	struct ring r;
	char a[4096];
	snprintf(a, sizeof(a), "%s/known-dir", dir);
	if (ring_init(&r, 0) < 0)
		return 1;
	open_read_close(&r, "/etc/hostname", 0, "openat");
	struct io_uring_sqe s = sqe_of(IORING_OP_MKDIRAT, AT_FDCWD, a, 0755, 0, IOSQE_ASYNC, 0);
	show("mkdirat", ring_run(&r, &s));
	s = sqe_of(IORING_OP_UNLINKAT, AT_FDCWD, a, 0, 0, IOSQE_ASYNC, 0);
	s.unlink_flags = AT_REMOVEDIR;
	show("unlinkat", ring_run(&r, &s));
	int pers = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PERSONALITY, NULL, 0);
	if (pers > 0 && setresuid(65534, 65534, 0) == 0) {
		open_read_close(&r, "/etc/hostname", (unsigned short)pers, "openat-personality");
		if (setresuid(0, 0, 0) != 0)
			return 1;
	}
	return 0;
}

static int other(const char *dir)
{
	struct ring r;
	char a[4096], b[4096];
	snprintf(a, sizeof(a), "%s/other-link", dir);
	snprintf(b, sizeof(b), "%s/other-hard", dir);
	if (ring_init(&r, 0) < 0)
		return 1;
	open_read_close(&r, "/etc/hostname", 0, "openat");
	struct io_uring_sqe s = sqe_of(IORING_OP_SYMLINKAT, AT_FDCWD, "/etc/hostname", 0, (uintptr_t)a, IOSQE_ASYNC, 0);
	show("symlinkat", ring_run(&r, &s));
	s = sqe_of(IORING_OP_LINKAT, AT_FDCWD, a, 0, (uintptr_t)b, IOSQE_ASYNC, 0);
	s.hardlink_flags = 0;
	show("linkat", ring_run(&r, &s));
	/* A personality registered as uid 65534, used after going back to root. */
	if (setresuid(65534, 65534, 0) != 0)
		return 1;
	int pers = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PERSONALITY, NULL, 0);
	if (setresuid(0, 0, 0) != 0)
		return 1;
	if (pers > 0)
		open_read_close(&r, "/etc/hostname", (unsigned short)pers, "openat-personality");
	return 0;
}

static int sqpoll(void)
{
	struct ring r;
	if (ring_init(&r, IORING_SETUP_SQPOLL) < 0)
		return 1;
	open_read_close(&r, "/etc/hostname", 0, "openat");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	printf("%d\n", getpid());
	fflush(stdout);
	char line[16];
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 2;
	if (strcmp(argv[1], "known") == 0)
		return known(argv[2]);
	if (strcmp(argv[1], "other") == 0)
		return other(argv[2]);
	if (strcmp(argv[1], "sqpoll") == 0)
		return sqpoll();
	return 2;
}
