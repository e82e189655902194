// SPDX-License-Identifier: MIT
/* alive: runs after a program that had to be killed, to show the kernel went on. */
#include <user.h>

int main(int argc, char **argv)
{
	(void)argc;
	printf("%s: pid %ld is running after the previous program\n", argv[0], getpid());
	return 0;
}
