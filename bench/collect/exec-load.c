/*
 * Exec load for the collector's CPU bench: starts PROG (default /bin/true)
 * RATE times a second for SECONDS with posix_spawn, reaping as it goes, and
 * prints how many it started.
 *   cc -O2 -o exec-load exec-load.c && ./exec-load RATE SECONDS [PROG]
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s RATE SECONDS [PROG]\n", argv[0]);
		return 2;
	}
	double rate = atof(argv[1]), seconds = atof(argv[2]);
	char *prog = argc > 3 ? argv[3] : "/bin/true";
	char *args[] = { prog, NULL };
	long started = 0;
	double start = now();
	for (;;) {
		double elapsed = now() - start;
		if (elapsed >= seconds)
			break;
		while (started < (long)(rate * elapsed)) {
			pid_t pid;
			if (posix_spawn(&pid, prog, NULL, NULL, args, environ) == 0)
				started++;
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
		}
		struct timespec pause = { 0, 500000 };
		nanosleep(&pause, NULL);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	while (wait(NULL) > 0)
		;
	printf("%ld\n", started);
	return 0;
}
