// SPDX-License-Identifier: MIT
/*
 * walk: one getpid through SYSCALL, then one through int $0x80, each from its
 * own labelled function in user/walk_asm.asm. scripts/walk.py boots this, and
 * when it reads "walk: ready" it turns QEMU's instruction log on and sends a
 * byte; the read below returns and the two calls run under the log. Nothing
 * else happens after that, so the log stays small.
 */
#include <user.h>

long walk_getpid_syscall(long nr);
long walk_getpid_int80(long nr);

int main(void)
{
	char go;

	printf("walk: ready\n");
	if (read(0, &go, 1) != 1)
		return 1;
	long a = walk_getpid_syscall(__NR_getpid);
	long b = walk_getpid_int80(__NR_ia32_getpid);

	return a == b && a > 0 ? 0 : 1;
}
