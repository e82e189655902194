// SPDX-License-Identifier: MIT
/*
 * bench: what a null system call (getpid) costs, through SYSCALL and through
 * int $0x80, measured with the time stamp counter around the loops in
 * user/bench_asm.asm. scripts/bench.py boots it twice: under -icount shift=0,
 * where the TSC counts instructions, and without, where it counts (emulated)
 * cycles; it reads the "bench:" lines below and prints the table.
 * "bench instructions" skips the cycle loops, the slow part under -icount.
 */
#include <user.h>
#include <uapi/asm/signal.h>

unsigned long bench_syscall_rdtsc(unsigned long n, long nr);
unsigned long bench_int80_rdtsc(unsigned long n, long nr);
unsigned long bench_syscall_rdtscp(unsigned long n, long nr);
unsigned long bench_int80_rdtscp(unsigned long n, long nr);
unsigned long bench_rdtsc(void);
unsigned long bench_signal_rdtsc(unsigned long n);
void bench_sig_handler(int sig);
unsigned int bench_cpuid_edx(unsigned int leaf);

#define CPUID_EXT_RDTSCP (1u << 27)	/* CPUID 0x80000001 edx */
#define ICOUNT_N 1000			/* n and 2n round trips: the difference is n of them */
#define CYCLES_N 100000

struct entry {
	const char *name;
	long nr;
	unsigned long (*rdtsc_loop)(unsigned long, long);
	unsigned long (*rdtscp_loop)(unsigned long, long);
};

static const struct entry entries[] = {
	{ "syscall", __NR_getpid, bench_syscall_rdtsc, bench_syscall_rdtscp },
	{ "int80", __NR_ia32_getpid, bench_int80_rdtsc, bench_int80_rdtscp },
};

int main(int argc, char **argv)
{
	unsigned long at_main = bench_rdtsc();	/* first: from power-on to here */
	int cycles = !(argc > 1 && strcmp(argv[1], "instructions") == 0);
	int rdtscp = !!(bench_cpuid_edx(0x80000001) & CPUID_EXT_RDTSCP);	/* a leaf every x86-64 has */

	printf("bench: tsc at main %lu\n", at_main);
	for (unsigned int i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		const struct entry *e = &entries[i];

		for (unsigned long n = ICOUNT_N; n <= 2 * ICOUNT_N; n += ICOUNT_N)
			printf("bench: %s rdtsc %lu calls %lu ticks\n", e->name, n, e->rdtsc_loop(n, e->nr));
		if (!cycles)
			continue;
		e->rdtsc_loop(CYCLES_N / 10, e->nr);	/* warm up: QEMU translates the path once */
		unsigned long ticks = rdtscp ? e->rdtscp_loop(CYCLES_N, e->nr) : e->rdtsc_loop(CYCLES_N, e->nr);
		printf("bench: %s %s %d calls %lu ticks\n", e->name, rdtscp ? "rdtscp" : "rdtsc",
		       CYCLES_N, ticks);
	}
	/* A signal round trip: kill, delivery, an empty handler, rt_sigreturn. */
	struct sigaction sa = { .sa_handler = (unsigned long)bench_sig_handler, .sa_flags = SA_RESTORER,
				.sa_restorer = (unsigned long)__restore_rt };
	if (syscall6(__NR_rt_sigaction, SIGUSR1, (long)&sa, 0, sizeof(sigset_t), 0, 0) == 0)
		for (unsigned long n = ICOUNT_N; n <= 2 * ICOUNT_N; n += ICOUNT_N)
			printf("bench: signal rdtsc %lu calls %lu ticks\n", n, bench_signal_rdtsc(n));
	printf("bench: done\n");
	return 0;
}
