// SPDX-License-Identifier: MIT
/* hello: the least a C library's start-up and stdio need. */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	return 0;
}
