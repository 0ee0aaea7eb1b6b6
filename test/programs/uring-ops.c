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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include "../../scripts/workload/raw-syscalls.h"
#include "await-go.h"

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
	if (await_go() < 0)
		return 2;
	if (strcmp(argv[1], "known") == 0)
		return known(argv[2]);
	if (strcmp(argv[1], "other") == 0)
		return other(argv[2]);
	if (strcmp(argv[1], "sqpoll") == 0)
		return sqpoll();
	return 2;
}
