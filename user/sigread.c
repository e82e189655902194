// SPDX-License-Identifier: MIT
/*
 * sigread: SA_RESTART on a read that waits, the one case the Linux oracle
 * cannot show (its stdin is /dev/null, where read returns 0 at once). Four
 * rounds, each with alarm(1) armed and a read of the console that blocks:
 *
 *   1. through syscall,    SA_RESTART: the read is restarted after the handler and
 *                                      returns the line typed after "SIGALRM 1 arrived"
 *   2. through syscall,    no SA_RESTART: the read returns -EINTR
 *   3. through int $0x80,  SA_RESTART: restarted, returns the line typed after
 *                                      "SIGALRM 3 arrived"
 *   4. through int $0x80,  no SA_RESTART: -EINTR
 *
 * tests/suites/signals.py types each line once the handler has said it ran.
 * The handler is installed with rt_sigaction and an sa_restorer of our own;
 * the interrupted int $0x80 read must be restarted through int $0x80 (ia32
 * read, 3), not through syscall. Exits with the number of rounds that failed.
 */
#include <user.h>

#define NR_alarm		37	/* x86-64 numbers, in case the generated header lacks them */
#define NR_rt_sigreturn		15
#define SIGALRM_		14
#define SA_RESTORER_		0x04000000UL
#define SA_RESTART_		0x10000000UL
#define EINTR_			4

struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void sigread_restorer(void);
__asm__(".text\n"
	".globl sigread_restorer\n"
	"sigread_restorer:\n\t"
	"mov $15, %eax\n\t"			/* rt_sigreturn */
	"syscall\n\t"
	"ud2\n");

static volatile int arrivals;

static void on_alarm(int sig)
{
	(void)sig;
	arrivals++;
	printf("sigread: SIGALRM %d arrived\n", arrivals);
}

static char buf[64];		/* static: below 4 GiB, where int $0x80 can reach it */

static int round_(int n, int int80, int restart, const char *want)
{
	struct k_sigaction sa = { on_alarm, SA_RESTORER_ | (restart ? SA_RESTART_ : 0), sigread_restorer, 0 };
	const char *how = int80 ? "int $0x80" : "syscall";
	long r, before = arrivals;

	r = syscall6(__NR_rt_sigaction, SIGALRM_, (long)&sa, 0, 8, 0, 0);
	if (r != 0) {
		printf("sigread: rt_sigaction returned %ld\n", r);
		return 1;
	}
	r = syscall1(NR_alarm, 1);
	if (r != 0) {
		printf("sigread: alarm(1) returned %ld; round %d cannot run\n", r, n);
		return 1;
	}
	printf("sigread: round %d: read via %s, %s, with alarm(1) armed\n", n, how,
	       restart ? "SA_RESTART" : "no SA_RESTART");
	memset(buf, 0, sizeof(buf));
	r = int80 ? int80_3(__NR_ia32_read, 0, buf, sizeof(buf)) : syscall3(__NR_read, 0, buf, sizeof(buf));
	if (want) {
		int ok = r == (long)strlen(want) && memcmp(buf, want, strlen(want)) == 0 && arrivals == before + 1;

		printf("sigread: round %d: %s read returned %ld after %ld SIGALRM(s): %s\n", n, how, r,
		       arrivals - before, ok ? "restarted, got the typed line" : "WRONG");
		return !ok;
	}
	printf("sigread: round %d: %s read returned %ld after %ld SIGALRM(s): %s\n", n, how, r, arrivals - before,
	       r == -EINTR_ && arrivals == before + 1 ? "-EINTR" : "WRONG");
	return !(r == -EINTR_ && arrivals == before + 1);
}

int main(void)
{
	int failed = 0;

	failed += round_(1, 0, 1, "one\n");
	failed += round_(2, 0, 0, NULL);
	failed += round_(3, 1, 1, "three\n");
	failed += round_(4, 1, 0, NULL);
	printf("sigread: %d round(s) failed\n", failed);
	return failed;
}
