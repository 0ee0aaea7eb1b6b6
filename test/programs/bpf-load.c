/*
 * BPF loads for auspex's real-kernel tests:
 *   bpf-load NAME HOLD_SECONDS
 * prints its pid, waits for a line on stdin, loads a two-instruction socket
 * filter named NAME, prints "id N" (from BPF_OBJ_GET_INFO_BY_FD), forks a
 * child that keeps the program loaded for HOLD_SECONDS (prints "holder PID"),
 * and exits: the program is unloaded when the holder exits.
 */
#define _GNU_SOURCE
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	printf("%d\n", getpid());
	fflush(stdout);
	char line[16];
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 2;
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
	strncpy(attr.prog_name, argv[1], sizeof(attr.prog_name) - 1);
	int fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		perror("bpf");
		return 1;
	}
	struct bpf_prog_info info;
	memset(&info, 0, sizeof(info));
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
