/*
 * The start every test program shares with test/detect/live-capture.ts: print
 * the pid, then wait for a line on stdin, so the test adds its rules for this
 * pid before anything is done. Returns 0, or -1 when stdin ends first.
 */
#ifndef AUSPEX_AWAIT_GO_H
#define AUSPEX_AWAIT_GO_H
#include <stdio.h>
#include <unistd.h>

static inline int await_go(void)
{
	printf("%d\n", getpid());
	fflush(stdout);
	char line[16];
	return fgets(line, sizeof(line), stdin) == NULL ? -1 : 0;
}
#endif
