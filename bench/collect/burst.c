/*
 * Load generator for the collector's zero-loss bench and crash test: opens
 * (and closes) PATH at a steady RATE per second for SECONDS, so a rule
 * `-a always,exit -S openat -F path=PATH` gives one event of SYSCALL, CWD,
 * PATH and PROCTITLE records per open. Prints the number of opens made.
 *   cc -O2 -o burst burst.c && ./burst RATE SECONDS PATH
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s RATE SECONDS PATH\n", argv[0]);
		return 2;
	}
	double rate = atof(argv[1]), seconds = atof(argv[2]);
	const char *path = argv[3];
	long done = 0;
	double start = now();
	for (;;) {
		double elapsed = now() - start;
		if (elapsed >= seconds)
			break;
		long target = (long)(rate * elapsed);
		if (done >= target) {
			struct timespec pause = { 0, 200000 }; /* 0.2 ms */
			nanosleep(&pause, NULL);
			continue;
		}
		while (done < target) {
			int fd = open(path, O_RDONLY);
			if (fd >= 0)
				close(fd);
			done++;
		}
	}
	printf("%ld\n", done);
	return 0;
}
