/*
 * Workload for the sample-log capture: io_uring operations run inline, by an
 * io-wq worker (IOSQE_ASYNC), by an SQPOLL thread and under a registered
 * personality, then a BPF program loaded and unloaded. Raw syscalls only
 * (no liburing), so it builds with the kernel headers alone:
 *   cc -O2 -o uring-bpf uring-bpf.c
 * Usage: uring-bpf DIR   (files are opened and created inside DIR)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include "raw-syscalls.h"

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
		int fd = ring_run(&r, &s);
		if (fd >= 0) {
			struct io_uring_sqe cl = close_sqe(fd);
			ring_run(&r, &cl);
		}
		s = openat_sqe(b, O_CREAT | O_WRONLY, IOSQE_ASYNC, 0);
		fd = ring_run(&r, &s);
		if (fd >= 0) {
			struct io_uring_sqe cl = close_sqe(fd);
			ring_run(&r, &cl);
		}
		/* A personality registered as root, used after dropping to uid 65534. */
		int pers = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PERSONALITY, NULL, 0);
		if (pers > 0 && setresuid(65534, 65534, 0) == 0) {
			s = openat_sqe("/etc/shadow", O_RDONLY, 0, (unsigned short)pers);
			fd = ring_run(&r, &s);
			if (fd >= 0) {
				struct io_uring_sqe cl = close_sqe(fd);
				ring_run(&r, &cl);
			}
			if (setresuid(0, 0, 0) != 0)
				perror("setresuid");
		}
		close(r.fd);
	} else
		perror("io_uring_setup");
	if (ring_init(&r, IORING_SETUP_SQPOLL) == 0) {
		struct io_uring_sqe s = openat_sqe(c, O_CREAT | O_WRONLY, 0, 0);
		int fd = ring_run(&r, &s);
		if (fd >= 0) {
			struct io_uring_sqe cl = close_sqe(fd);
			ring_run(&r, &cl);
		}
		close(r.fd);
	} else
		perror("io_uring_setup sqpoll");
}

static void bpf_load_unload(void)
{
	int fd = load_socket_filter("auspex_sample");
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
