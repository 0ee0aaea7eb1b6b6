/*
 * BPF loads for auspex's real-kernel tests:
 *   bpf-load NAME HOLD_SECONDS
 * prints its pid, waits for a line on stdin, loads a two-instruction socket
 * filter named NAME, prints "id N" (from BPF_OBJ_GET_INFO_BY_FD), forks a
 * child that keeps the program loaded for HOLD_SECONDS (prints "holder PID"),
 * and exits: the program is unloaded when the holder exits.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include "../../scripts/workload/raw-syscalls.h"
#include "await-go.h"

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	if (await_go() < 0)
		return 2;
	int fd = load_socket_filter(argv[1]);
	if (fd < 0) {
		perror("bpf");
		return 1;
	}
	struct bpf_prog_info info;
	memset(&info, 0, sizeof(info));
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uintptr_t)&info;
	if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)) < 0)
		return 1;
	printf("id %u\n", info.id);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		fclose(stdout);
		sleep((unsigned)atoi(argv[2]));
		_exit(0);
	}
	printf("holder %d\n", child);
	fflush(stdout);
	return 0;
}
