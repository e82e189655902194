// SPDX-License-Identifier: MIT
/*
 * fuzz SEED CALLS: make CALLS system calls with random numbers and hostile
 * arguments through both entries, from a PRNG seeded with SEED. Whatever
 * happens to this program (it may well unmap its own stack), the kernel must
 * not fault, must not leak a page, and must run the next program.
 *
 * It closes its descriptors first: with nothing open, no call can block on
 * the console or print to it. The few calls that only wait (the sleeps,
 * pause) are left out, and so are the exits, so that it runs to its end
 * unless it destroys itself.
 */
#include <stdbool.h>
#include <user.h>

static uint64_t state;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static char buffer[8192];

/* Arguments that have found bugs in kernels: boundaries of every kind. */
static unsigned long argument(void)
{
	const unsigned long interesting[] = {
		0, 1, 2, 3, 4, 0x10, 0x1000, 0x1001, 0xfff, -1UL, -2UL, -4095UL, 0x7fffffff,
		0x80000000UL, 0xffffffffUL, 0x100000000UL, 0x7ffffffff000UL, 0x7fffffffefffUL,
		0x7ffffffff000UL - 0x1000, 0x800000000000UL, 0xffff800000000000UL,
		0xffffffff80100000UL, 0x8000000000000000UL, 0x400000, 0x10000, (unsigned long)buffer,
		(unsigned long)buffer + sizeof(buffer) - 1, (unsigned long)&state,
		0x22 /* MAP_PRIVATE|ANONYMOUS */, 0x32 /* |FIXED */, 0x100022, 7, 3,
	};

	switch (next() % 4) {
	case 0:
		return next();
	case 1:
		return next() & 0xffff;
	default:
		return interesting[next() % (sizeof(interesting) / sizeof(interesting[0]))];
	}
}

static bool skipped(long nr, bool ia32)
{
	static const long skip64[] = { 34, 35, 60, 230, 231 };	/* pause nanosleep exit clock_nanosleep exit_group */
	static const long skip32[] = { 1, 29, 72, 162, 179, 252, 267, 407 };	/* exit pause sigsuspend nanosleep
									   rt_sigsuspend exit_group clock_nanosleep(s) */
	const long *skip = ia32 ? skip32 : skip64;
	size_t n = ia32 ? sizeof(skip32) / sizeof(long) : sizeof(skip64) / sizeof(long);

	for (size_t i = 0; i < n; i++)
		if (skip[i] == nr)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned long seed = 1, calls = 1000;

	for (const char *p = argc > 1 ? argv[1] : ""; *p >= '0' && *p <= '9'; p++)
		seed = seed * 10 + (*p - '0');
	if (argc > 2)
		for (const char *p = argv[2], *q = (calls = 0, p); *q >= '0' && *q <= '9'; q++)
			calls = calls * 10 + (*q - '0');
	state = seed * 0x9e3779b97f4a7c15UL | 1;
	printf("fuzz: seed %s, %lu calls\n", argc > 1 ? argv[1] : "1", calls);
	for (int fd = 0; fd < 64; fd++)
		syscall1(__NR_close, fd);

	for (unsigned long i = 0; i < calls; i++) {
		bool ia32 = next() % 4 == 0;
		long nr = next() % 8 == 0 ? (long)next() : (long)(next() % 460);

		if (skipped(nr & 0xffffffff, ia32))
			continue;
		unsigned long a[6];
		for (int j = 0; j < 6; j++)
			a[j] = argument();
		if (ia32)
			int80_6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		else
			syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	return 0;
}
