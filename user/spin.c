// SPDX-License-Identifier: MIT
/*
 * spin MODE: a program that keeps the CPU, for the kernel option cpulimit=N
 * (each program's RLIMIT_CPU soft limit is N seconds; the hard limit above it
 * is the kernel's choice). tests/suites/signals.py boots these with cpulimit=1.
 *
 *   loop     spins with no system call at all: killed by SIGXCPU
 *   ignore   SIGXCPU set to SIG_IGN, then spins: killed by SIGKILL at the hard limit
 *   catch    a SIGXCPU handler that says so and returns, then spins: SIGXCPU is
 *            caught at least once, then SIGKILL at the hard limit
 *   limits   prints RLIMIT_CPU's soft limit
 *   sleep    sleeps 1.5 s in nanosleep: sleeping is not CPU time, so it exits with 0
 */
#include <user.h>

#define SIGXCPU_		24
#define SA_RESTORER_		0x04000000UL
#define RLIMIT_CPU_		0

struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void spin_restorer(void);
__asm__(".text\n"
	".globl spin_restorer\n"
	"spin_restorer:\n\t"
	"mov $15, %eax\n\t"			/* rt_sigreturn */
	"syscall\n\t"
	"ud2\n");

static volatile int caught;

static void on_xcpu(int sig)
{
	(void)sig;
	caught++;
	printf("spin: SIGXCPU %d caught; spinning on\n", caught);
}

static __attribute__((noreturn)) void spin(void)
{
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static void action(unsigned long handler)
{
	struct k_sigaction sa = { handler, SA_RESTORER_, spin_restorer, 0 };
	long r = syscall6(__NR_rt_sigaction, SIGXCPU_, (long)&sa, 0, 8, 0, 0);

	if (r != 0) {
		printf("spin: rt_sigaction(SIGXCPU) returned %ld\n", r);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "loop";

	if (strcmp(mode, "loop") == 0) {
		printf("spin: spinning with no system call\n");
		spin();
	} else if (strcmp(mode, "ignore") == 0) {
		action(1);			/* SIG_IGN */
		printf("spin: SIGXCPU ignored; spinning\n");
		spin();
	} else if (strcmp(mode, "catch") == 0) {
		action((unsigned long)on_xcpu);
		printf("spin: SIGXCPU caught by a handler; spinning\n");
		spin();
	} else if (strcmp(mode, "limits") == 0) {
		unsigned long lim[2] = { 0, 0 };
		long r = syscall6(__NR_prlimit64, 0, RLIMIT_CPU_, 0, (long)lim, 0, 0);

		printf("spin: prlimit64 returned %ld; RLIMIT_CPU soft limit %ld s\n", r, (long)lim[0]);
		return 0;
	} else if (strcmp(mode, "sleep") == 0) {
		long ts[2] = { 1, 500000000 };
		long r = syscall6(__NR_nanosleep, (long)ts, 0, 0, 0, 0, 0);

		printf("spin: nanosleep(1.5 s) returned %ld; not killed for sleeping\n", r);
		return r != 0;
	}
	printf("spin: unknown mode %s\n", mode);
	return 2;
}
