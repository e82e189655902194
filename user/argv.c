// SPDX-License-Identifier: MIT
/* argv: print each argument in brackets, so that every character shows. */
#include <user.h>

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = [%s]\n", i, argv[i]);
	return argc;
}
