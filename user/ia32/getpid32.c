// SPDX-License-Identifier: MIT
/*
 * getpid32: the cost of a 32-bit getpid() round trip, through int $0x80 and
 * through the vDSO's __kernel_vsyscall, which the kernel names in the
 * auxiliary vector (AT_SYSINFO). A static i386 ELF file with no C library,
 * so that the same file runs on Linux (scripts/linux-ref/measure.py --ia32)
 * and on trapdoor: it needs only int $0x80's write, getpid and exit.
 *
 * Under QEMU's -icount shift=0 the TSC counts instructions, so for each entry
 * ticks(2n) - ticks(n) = n * (user + kernel instructions per round trip); the
 * smallest of RUNS runs is the one no timer interrupt landed in. It prints
 *
 *   getpid32: AT_SYSINFO 0x...                 (or "none": then no vdso lines)
 *   getpid32: vsyscall bytes 51 52 55 ...      (the first 32 bytes there)
 *   getpid32: int80 rdtsc N calls T ticks      (N = 200 and 400)
 *   getpid32: vdso rdtsc N calls T ticks
 *   getpid32: done
 *
 * The loops (getpid32_loop.S) are four user instructions each: mov, int $0x80
 * or call *vsyscall, dec, jnz; the vDSO adds its own, which measure.py counts
 * from the bytes printed.
 *
 * Build: gcc -m32 -static -nostdlib -fno-pie -no-pie -ffreestanding -O2
 *        getpid32.c getpid32_loop.S -lgcc
 */
#define AT_NULL 0
#define AT_SYSINFO 32
#define NR_exit 1
#define NR_write 4
#define NR_getpid 20
#define N 200
#define RUNS 15

unsigned long long getpid32_int80_loop(unsigned n, unsigned nr);
unsigned long long getpid32_vdso_loop(unsigned n, unsigned nr, unsigned long vsyscall);
long getpid32_int80(long nr, long a, long b, long c);

static void put(const char *s)
{
	unsigned n = 0;

	while (s[n])
		n++;
	getpid32_int80(NR_write, 1, (long)s, n);
}

static char *fmt(char *p, unsigned long long v, unsigned base)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	*p = 0;
	return p;
}

static void line(const char *what, unsigned long long a, const char *mid, unsigned long long b, const char *end)
{
	char buf[128], *p = buf;

	for (const char *s = "getpid32: "; *s;)
		*p++ = *s++;
	for (const char *s = what; *s;)
		*p++ = *s++;
	p = fmt(p, a, 10);
	for (const char *s = mid; *s;)
		*p++ = *s++;
	p = fmt(p, b, 10);
	for (const char *s = end; *s;)
		*p++ = *s++;
	*p = 0;
	put(buf);
}

static unsigned long long best_int80(unsigned n)
{
	unsigned long long min = ~0ull;

	for (int i = 0; i < RUNS; i++) {
		unsigned long long t = getpid32_int80_loop(n, NR_getpid);
		if (t < min)
			min = t;
	}
	return min;
}

static unsigned long long best_vdso(unsigned n, unsigned long vsyscall)
{
	unsigned long long min = ~0ull;

	for (int i = 0; i < RUNS; i++) {
		unsigned long long t = getpid32_vdso_loop(n, NR_getpid, vsyscall);
		if (t < min)
			min = t;
	}
	return min;
}

void getpid32_main(unsigned long *sp)
{
	unsigned long argc = sp[0], *p = sp + 1 + argc + 1, vsyscall = 0;
	char buf[160], *q;

	while (*p)			/* the environment */
		p++;
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_SYSINFO)
			vsyscall = p[1];
	if (!vsyscall) {
		put("getpid32: AT_SYSINFO none\n");
	} else {
		q = buf;
		for (const char *s = "getpid32: AT_SYSINFO 0x"; *s;)
			*q++ = *s++;
		q = fmt(q, vsyscall, 16);
		*q++ = '\n';
		*q = 0;
		put(buf);
		q = buf;
		for (const char *s = "getpid32: vsyscall bytes"; *s;)
			*q++ = *s++;
		for (int i = 0; i < 32; i++) {
			unsigned char b = ((const unsigned char *)vsyscall)[i];
			*q++ = ' ';
			*q++ = "0123456789abcdef"[b >> 4];
			*q++ = "0123456789abcdef"[b & 15];
		}
		*q++ = '\n';
		*q = 0;
		put(buf);
	}
	getpid32_int80_loop(N, NR_getpid);	/* warm up: page in, translate */
	if (vsyscall)
		getpid32_vdso_loop(N, NR_getpid, vsyscall);
	for (unsigned n = N; n <= 2 * N; n += N) {
		line("int80 rdtsc ", n, " calls ", best_int80(n), " ticks\n");
		if (vsyscall)
			line("vdso rdtsc ", n, " calls ", best_vdso(n, vsyscall), " ticks\n");
	}
	put("getpid32: done\n");
	getpid32_int80(NR_exit, 0, 0, 0);
}
