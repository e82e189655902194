// SPDX-License-Identifier: MIT
/*
 * exit_status HOW N: end with status N, HOW being
 *   exit     print a line, then exit(N)
 *   return   print a line, then return N from main
 *   _exit    print text with no newline (it stays in stdio's buffer), then _exit(N):
 *            the text is lost, on Linux as it must be under trapdoor
 *   atexit   register three handlers that print, then exit(N): they run in reverse
 * Statuses are taken modulo 256 by the kernel: exit(256) is status 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void first(void) { puts("atexit: first registered, runs last"); }
static void second(void) { puts("atexit: second"); }
static void third(void) { puts("atexit: third registered, runs first"); }

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: exit_status exit|return|_exit|atexit N\n");
		return 2;
	}
	int n = atoi(argv[2]);

	if (!strcmp(argv[1], "exit")) {
		printf("calling exit(%d)\n", n);
		exit(n);
	}
	if (!strcmp(argv[1], "return")) {
		printf("returning %d from main\n", n);
		return n;
	}
	if (!strcmp(argv[1], "_exit")) {
		printf("this text is never flushed");
		_exit(n);
	}
	if (!strcmp(argv[1], "atexit")) {
		atexit(first);
		atexit(second);
		atexit(third);
		printf("calling exit(%d) with three atexit handlers\n", n);
		exit(n);
	}
	fprintf(stderr, "exit_status: unknown way to end: %s\n", argv[1]);
	return 2;
}
