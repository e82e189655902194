// SPDX-License-Identifier: MIT
/*
 * alarm GROUP: SIGALRM from the kernel's timers, and what it does to the calls
 * that wait. Each group is one case:
 *
 *   pause     alarm(5) and alarm(0)'s leftover; alarm(1) + pause(): the handler
 *             runs (si_code SI_KERNEL) and pause returns -1 EINTR
 *   itimer    setitimer(ITIMER_REAL) every 50 ms: three ticks counted with
 *             pause(), getitimer while armed, disarmed; setitimer's errors
 *   sleep     nanosleep, syscall(SYS_nanosleep) and clock_nanosleep (relative
 *             and TIMER_ABSTIME), each interrupted by a 50 ms timer: EINTR and
 *             the time left (only whether it is sane: times are not printed)
 *   restart   SA_RESTART does not restart pause, nanosleep or sigsuspend (Linux
 *             restarts none of them after a handler); an ignored or blocked
 *             SIGALRM interrupts nothing
 *
 * No call here reads a file descriptor: under Linux's test stdin is /dev/null,
 * and read() returns 0 at once. The console read that SA_RESTART restarts is
 * tested under trapdoor only (user/sigread.c). Every wait is bounded if a timer
 * never fires, except pause(), which is why alarm(1) comes first; if setitimer
 * or alarm fails, the group says so and stops.
 */
#define _GNU_SOURCE
#include <sys/time.h>
#include <time.h>
#include "sigcommon.h"

static volatile int ticks, last_code;

static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	ticks++;
	last_code = si->si_code;
}

/* A one-shot ITIMER_REAL of ms milliseconds; the group stops if it cannot be set. */
static void arm(int ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	if (setitimer(ITIMER_REAL, &it, NULL) != 0) {
		printf("setitimer(ITIMER_REAL, %d ms) failed: %s\n", ms, errno_name(errno));
		exit(1);
	}
}

static void result(const char *what, long ret, int err)
{
	printf("%s: returned %ld", what, ret);
	if (ret == -1)
		printf(" %s", errno_name(err));
	printf("; the handler ran %d time(s)\n", ticks);
	ticks = 0;
}

static void group_pause(void)
{
	unsigned int left;
	int r;

	on(SIGALRM, on_alarm, 1, 0, 0);
	printf("alarm(5) returned %u (none was set)\n", alarm(5));
	left = alarm(0);
	printf("alarm(0) right after returned %u (the seconds left, rounded)\n", left);
	if (left == 0) {
		printf("alarm does not keep a timer: stopping\n");
		exit(1);
	}
	alarm(1);
	errno = 0;
	r = pause();
	printf("alarm(1) then pause(): pause returned %d %s; the handler ran %d time(s), si_code %s\n", r,
	       errno_name(errno), ticks, code_name(SIGALRM, last_code));
	printf("alarm(0) after it fired returned %u\n", alarm(0));
}

static void group_itimer(void)
{
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } }, old, now;
	int counted, r;

	on(SIGALRM, on_alarm, 1, 0, 0);
	memset(&old, 0x55, sizeof(old));
	r = setitimer(ITIMER_REAL, &it, &old);
	printf("setitimer(ITIMER_REAL, every 50 ms) = %d; the old timer was disarmed: %s\n", r,
	       yes(old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0 && old.it_interval.tv_usec == 0));
	if (r != 0)
		exit(1);
	getitimer(ITIMER_REAL, &now);
	printf("getitimer while armed: interval %ld.%06ld s; the value is within one interval: %s\n",
	       (long)now.it_interval.tv_sec, (long)now.it_interval.tv_usec,
	       yes(now.it_value.tv_sec == 0 && now.it_value.tv_usec > 0 && now.it_value.tv_usec <= 50000));
	while (ticks < 3)
		pause();
	counted = ticks;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, &old);
	printf("pause() in a loop counted %d ticks, si_code %s; disarming returned the interval %ld.%06ld s\n",
	       counted, code_name(SIGALRM, last_code), (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
	getitimer(ITIMER_REAL, &now);
	printf("getitimer after disarming: all zero: %s\n",
	       yes(!now.it_value.tv_sec && !now.it_value.tv_usec && !now.it_interval.tv_sec && !now.it_interval.tv_usec));

	it.it_value.tv_usec = 1000000;
	errno = 0;
	r = setitimer(ITIMER_REAL, &it, NULL);
	printf("setitimer with tv_usec 1000000 = %d %s\n", r, errno_name(errno));
	it.it_value.tv_usec = 1000;
	errno = 0;
	r = syscall(SYS_setitimer, 5, &it, NULL);
	printf("setitimer(5, ...) = %d %s\n", r, errno_name(errno));
	errno = 0;
	r = syscall(SYS_getitimer, ITIMER_REAL, (void *)8);
	printf("getitimer(ITIMER_REAL, bad pointer) = %d %s\n", r, errno_name(errno));
}

static int sane(const struct timespec *rem, long asked_ns)
{
	long ns = rem->tv_sec * 1000000000L + rem->tv_nsec;

	return ns > 0 && ns < asked_ns && rem->tv_nsec < 1000000000L;
}

static void group_sleep(void)
{
	struct timespec two = { 2, 0 }, rem, abs;
	long r;
	int e;

	on(SIGALRM, on_alarm, 1, 0, 0);

	arm(50);
	memset(&rem, 0, sizeof(rem));
	errno = 0;
	r = nanosleep(&two, &rem);
	e = errno;
	result("nanosleep(2 s) with a 50 ms timer", r, e);
	printf("  rem > 0 and under the 2 s asked: %s\n", yes(sane(&rem, 2000000000L)));

	arm(50);
	memset(&rem, 0, sizeof(rem));
	errno = 0;
	r = syscall(SYS_nanosleep, &two, &rem);
	e = errno;
	result("syscall(SYS_nanosleep, 2 s) with a 50 ms timer", r, e);
	printf("  rem > 0 and under the 2 s asked: %s\n", yes(sane(&rem, 2000000000L)));

	arm(50);
	memset(&rem, 0, sizeof(rem));
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &two, &rem);
	printf("clock_nanosleep(CLOCK_MONOTONIC, 2 s) with a 50 ms timer: returned %s; the handler ran %d "
	       "time(s)\n", r ? errno_name(r) : "0", ticks);
	ticks = 0;
	printf("  rem > 0 and under the 2 s asked: %s\n", yes(sane(&rem, 2000000000L)));

	arm(50);
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_sec += 2;
	rem.tv_sec = 77;
	rem.tv_nsec = 77;
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, &rem);
	printf("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, now + 2 s) with a 50 ms timer: returned %s; the "
	       "handler ran %d time(s); rem untouched: %s\n", r ? errno_name(r) : "0", ticks,
	       yes(rem.tv_sec == 77 && rem.tv_nsec == 77));
	ticks = 0;
}

static void group_restart(void)
{
	struct timespec two = { 2, 0 }, short_ = { 0, 200000000 }, rem;
	sigset_t empty, pend;
	long r;
	int e;

	on(SIGALRM, on_alarm, 1, SA_RESTART, 0);

	arm(50);
	errno = 0;
	r = pause();
	e = errno;
	result("with SA_RESTART, pause() and a 50 ms timer", r, e);

	arm(50);
	errno = 0;
	r = nanosleep(&two, &rem);
	e = errno;
	result("with SA_RESTART, nanosleep(2 s) and a 50 ms timer", r, e);

	sigemptyset(&empty);
	mask(SIG_BLOCK, SIGALRM);
	arm(50);
	errno = 0;
	r = sigsuspend(&empty);
	e = errno;
	result("with SA_RESTART and SIGALRM blocked, sigsuspend(empty mask) and a 50 ms timer", r, e);
	mask(SIG_UNBLOCK, SIGALRM);

	signal(SIGALRM, SIG_IGN);
	arm(50);
	errno = 0;
	r = nanosleep(&short_, &rem);
	e = errno;
	result("with SIGALRM ignored, nanosleep(0.2 s) and a 50 ms timer", r, e);

	on(SIGALRM, on_alarm, 1, 0, 0);
	mask(SIG_BLOCK, SIGALRM);
	arm(50);
	errno = 0;
	r = nanosleep(&short_, &rem);
	e = errno;
	sigemptyset(&pend);
	sigpending(&pend);
	result("with SIGALRM blocked, nanosleep(0.2 s) and a 50 ms timer", r, e);
	printf("  SIGALRM is pending after it: %s\n", yes(sigismember(&pend, SIGALRM)));
	mask(SIG_UNBLOCK, SIGALRM);
	printf("  unblocking it ran the handler %d time(s)\n", ticks);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } groups[] = {
		{ "pause", group_pause }, { "itimer", group_itimer }, { "sleep", group_sleep },
		{ "restart", group_restart },
	};

	line_buffered();
	for (size_t i = 0; argc == 2 && i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (strcmp(argv[1], groups[i].name) == 0) {
			groups[i].fn();
			printf("%s: done\n", argv[1]);
			return 0;
		}
	}
	fprintf(stderr, "usage: alarm pause|itimer|sleep|restart\n");
	return 2;
}
