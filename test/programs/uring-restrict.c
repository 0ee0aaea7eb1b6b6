/*
 * Applies an allow-list made by `auspex uring profile` (allow-list.h, which
 * defines apply_allow_list(ring_fd)) to a ring created with
 * IORING_SETUP_R_DISABLED, then tries an openat and a symlinkat:
 *   uring-restrict DIR   → "restrict RC", "openat RES", "symlinkat RES"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "allow-list.h"

static int run_one(int fd, struct io_uring_params *p, char *sq, char *cq, struct io_uring_sqe *sqes, const struct io_uring_sqe *sqe)
{
	unsigned *tail = (unsigned *)(sq + p->sq_off.tail), *mask = (unsigned *)(sq + p->sq_off.ring_mask), *array = (unsigned *)(sq + p->sq_off.array);
	unsigned *chead = (unsigned *)(cq + p->cq_off.head), *ctail = (unsigned *)(cq + p->cq_off.tail), *cmask = (unsigned *)(cq + p->cq_off.ring_mask);
	struct io_uring_cqe *cqes = (struct io_uring_cqe *)(cq + p->cq_off.cqes);
	unsigned t = *tail, idx = t & *mask;
	sqes[idx] = *sqe;
	array[idx] = idx;
	__atomic_store_n(tail, t + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	unsigned h = *chead;
	if (h == __atomic_load_n(ctail, __ATOMIC_ACQUIRE))
		return -1000;
	int res = cqes[h & *cmask].res;
	__atomic_store_n(chead, h + 1, __ATOMIC_RELEASE);
	return res;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_R_DISABLED;
	int fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		return 1;
	char *sq = mmap(0, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
	char *cq = mmap(0, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
	struct io_uring_sqe *sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return 1;
	printf("restrict %d\n", apply_allow_list(fd));
	struct io_uring_sqe s;
	memset(&s, 0, sizeof(s));
	s.opcode = IORING_OP_OPENAT;
	s.fd = AT_FDCWD;
	s.addr = (uintptr_t)"/etc/hostname";
	s.open_flags = O_RDONLY;
	printf("openat %d\n", run_one(fd, &p, sq, cq, sqes, &s));
	char link[4096];
	snprintf(link, sizeof(link), "%s/restricted-link", argv[1]);
	memset(&s, 0, sizeof(s));
	s.opcode = IORING_OP_SYMLINKAT;
	s.fd = AT_FDCWD;
	s.addr = (uintptr_t)"/etc/hostname";
	s.addr2 = (uintptr_t)link;
	printf("symlinkat %d\n", run_one(fd, &p, sq, cq, sqes, &s));
	return 0;
}
