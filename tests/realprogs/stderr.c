// SPDX-License-Identifier: MIT
/*
 * stderr: output to fd 2 through stdio, perror and write(2), between lines on
 * stdout. Each stdout line is flushed before the next stderr write, so the
 * order of the two streams is fixed: the harness checks it exactly.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char raw[] = "stderr: a raw write(2, ...)\n";

	printf("stdout: first line\n");
	fflush(stdout);
	fprintf(stderr, "stderr: first line\n");
	printf("stdout: second line\n");
	fflush(stdout);
	fputs("stderr: a longer line, to see that nothing is cut: "
	      "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\n", stderr);
	errno = ENOENT;
	perror("stderr: perror");
	fprintf(stderr, "stderr: strerror(EBADF) = %s\n", strerror(EBADF));
	if (write(2, raw, sizeof(raw) - 1) != (ssize_t)sizeof(raw) - 1)
		return 1;
	fprintf(stderr, "stderr: formatted %s %d %.2f\n", "text", 7, 1.5);
	printf("stdout: last line, flushed at exit\n");
	return 0;
}
