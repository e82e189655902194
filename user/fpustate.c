// SPDX-License-Identifier: MIT
/*
 * fpustate dirty: leave every piece of user state a program can change
 * without the kernel's help in a state no program starts with: a secret in
 * every XMM (and YMM) register, MXCSR rounding toward zero with divide-by-zero
 * unmasked, the x87 control word likewise and two values on the x87 stack,
 * and DS, ES, FS, GS loaded with 0x2b.
 *
 * fpustate check: run after it, check that none of that reached us: each
 * program starts with the state Linux gives after execve. Prints one
 * "ok N - ..." or "not ok N - ..." line per check; exits with the failures.
 */
#include <user.h>

#define SECRET	0x5ec2e75ec2e75ec2UL

static int tests, failures;

static void check(int cond, const char *what)
{
	tests++;
	failures += !cond;
	printf("%sok %d - fpustate: %s\n", cond ? "" : "not ", tests, what);
}

static void cpuid(unsigned int leaf, unsigned int *b, unsigned int *c, unsigned int *d)
{
	unsigned int a;

	asm volatile("cpuid" : "=a"(a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* AVX usable: the CPU has it and the kernel enabled the YMM state in XCR0. */
static int have_avx(void)
{
	unsigned int b, c, d, lo, hi;

	cpuid(1, &b, &c, &d);
	if (!(c & (1u << 27)) || !(c & (1u << 28)))	/* OSXSAVE, AVX */
		return 0;
	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

static void dirty(void)
{
	static const unsigned long secret[2] __attribute__((aligned(16))) = { SECRET, SECRET };
	unsigned int mxcsr = 0x7d80;		/* round toward zero, #Z unmasked */
	unsigned short fcw = 0x0f7b;		/* round toward zero, divide-by-zero unmasked */

	asm volatile("movdqa %0, %%xmm0; movdqa %0, %%xmm1; movdqa %0, %%xmm2; movdqa %0, %%xmm3\n"
		     "movdqa %0, %%xmm4; movdqa %0, %%xmm5; movdqa %0, %%xmm6; movdqa %0, %%xmm7\n"
		     "movdqa %0, %%xmm8; movdqa %0, %%xmm9; movdqa %0, %%xmm10; movdqa %0, %%xmm11\n"
		     "movdqa %0, %%xmm12; movdqa %0, %%xmm13; movdqa %0, %%xmm14; movdqa %0, %%xmm15"
		     : : "m"(secret));
	if (have_avx())				/* the upper halves too: ymm0-15 all secret */
		asm volatile("vbroadcastsd %0, %%ymm0; vbroadcastsd %0, %%ymm1; vbroadcastsd %0, %%ymm2\n"
			     "vbroadcastsd %0, %%ymm3; vbroadcastsd %0, %%ymm4; vbroadcastsd %0, %%ymm5\n"
			     "vbroadcastsd %0, %%ymm6; vbroadcastsd %0, %%ymm7; vbroadcastsd %0, %%ymm8\n"
			     "vbroadcastsd %0, %%ymm9; vbroadcastsd %0, %%ymm10; vbroadcastsd %0, %%ymm11\n"
			     "vbroadcastsd %0, %%ymm12; vbroadcastsd %0, %%ymm13; vbroadcastsd %0, %%ymm14\n"
			     "vbroadcastsd %0, %%ymm15" : : "m"(secret[0]));
	asm volatile("ldmxcsr %0" : : "m"(mxcsr));
	asm volatile("fldcw %0; fld1; fldpi" : : "m"(fcw));
	asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%fs; mov %0, %%gs" : : "r"(0x2b));
	printf("fpustate: state dirtied%s\n", have_avx() ? " (with AVX)" : "");
}

static int all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void check_start_state(void)
{
	const unsigned char *fx = start_fxsave;

	check(*(const unsigned short *)&fx[0] == 0x37f, "the x87 control word starts as 0x37f (FNINIT)");
	check(*(const unsigned short *)&fx[2] == 0, "the x87 status word starts as 0");
	check(fx[4] == 0, "every x87 register starts empty");
	check(*(const unsigned int *)&fx[24] == 0x1f80, "MXCSR starts as 0x1f80");
	check(all_zero(fx + 160, 16 * 16), "xmm0-15 start zero");
	if (have_avx()) {
		unsigned char upper[16][16];

		asm volatile("vextractf128 $1, %%ymm0, 0(%0); vextractf128 $1, %%ymm1, 16(%0)\n"
			     "vextractf128 $1, %%ymm2, 32(%0); vextractf128 $1, %%ymm3, 48(%0)\n"
			     "vextractf128 $1, %%ymm4, 64(%0); vextractf128 $1, %%ymm5, 80(%0)\n"
			     "vextractf128 $1, %%ymm6, 96(%0); vextractf128 $1, %%ymm7, 112(%0)\n"
			     "vextractf128 $1, %%ymm8, 128(%0); vextractf128 $1, %%ymm9, 144(%0)\n"
			     "vextractf128 $1, %%ymm10, 160(%0); vextractf128 $1, %%ymm11, 176(%0)\n"
			     "vextractf128 $1, %%ymm12, 192(%0); vextractf128 $1, %%ymm13, 208(%0)\n"
			     "vextractf128 $1, %%ymm14, 224(%0); vextractf128 $1, %%ymm15, 240(%0)"
			     : : "r"(upper) : "memory");
		check(all_zero(&upper[0][0], sizeof(upper)), "the upper halves of ymm0-15 start zero");
	}
	check(start_segs[0] == 0 && start_segs[1] == 0, "DS and ES start as the null selector");
	check(start_segs[2] == 0 && start_segs[3] == 0, "FS and GS start as the null selector");

	volatile double one = 1.0, ten = 10.0;	/* toward zero would give ...9999p-4 */
	check(one / ten == 0x1.999999999999ap-4, "1.0/10.0 rounds to nearest (SSE)");
	long double x87 = (long double)one / (long double)ten;	/* 64-bit mantissa: 0xc...cd rounded up */
	check(x87 == 0xc.ccccccccccccccdp-7L, "1.0/10.0 rounds to nearest (x87)");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "dirty") == 0) {
		dirty();
		return 0;
	}
	check_start_state();
	printf("fpustate: %d of %d checks failed\n", failures, tests);
	return failures;
}
