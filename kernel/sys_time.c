// SPDX-License-Identifier: MIT
/*
 * The time calls: clock_gettime, clock_getres, gettimeofday, time, and the
 * sleeps. The clocks come from arch/x86/kernel/time.c. With no timer
 * interrupt yet, a sleep waits by watching the clock (a busy wait); nothing
 * else could run meanwhile anyway.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <trapdoor/time.h>
#include <uapi/asm/errno.h>

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_TAI			11
#define TIMER_ABSTIME			1
#define COARSE_NS			4000000	/* a jiffy at Debian's HZ=250 */

struct timespec {
	long tv_sec, tv_nsec;
};

struct timeval {
	long tv_sec, tv_usec;
};

struct timezone {
	int tz_minuteswest, tz_dsttime;
};

/* The clock's time in ns, or -EINVAL for a clock that does not exist. */
static long clock_ns(int which, uint64_t *ns)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		*ns = ktime_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = ktime_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = ktime_ns() - current->start_ns;	/* the program has had the CPU since it began */
		return 0;
	default:
		return -EINVAL;
	}
}

static long put_timespec(struct timespec __user *u, uint64_t ns)
{
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };

	return copy_to_user(u, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct timespec __user *, tp)
{
	uint64_t ns;
	long err = clock_ns(which_clock, &ns);

	return err ? err : put_timespec(tp, ns);
}

SYSCALL_DEFINE2(clock_getres, int, which_clock, struct timespec __user *, tp)
{
	uint64_t ns;
	long err = clock_ns(which_clock, &ns);

	if (err)
		return err;
	if (!tp)
		return 0;
	bool coarse = which_clock == CLOCK_REALTIME_COARSE || which_clock == CLOCK_MONOTONIC_COARSE;
	return put_timespec(tp, coarse ? COARSE_NS : 1);
}

SYSCALL_DEFINE2(gettimeofday, struct timeval __user *, tv, struct timezone __user *, tz)
{
	uint64_t ns = ktime_real_ns();
	struct timeval t = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
	struct timezone z = { 0, 0 };		/* UTC */

	if (tv && copy_to_user(tv, &t, sizeof(t)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(time, long __user *, tloc)
{
	long now = ktime_real_ns() / NSEC_PER_SEC;

	if (tloc && copy_to_user(tloc, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

/* A timespec from user space that a sleep accepts: 0 <= tv_nsec < 10^9, tv_sec >= 0. */
static long get_sleep(const struct timespec __user *u, uint64_t *ns)
{
	struct timespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (unsigned long)ts.tv_sec > ~0UL / NSEC_PER_SEC ? ~0UL : ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

/* Wait until clock reaches deadline (ns). */
static void sleep_until(int clock, uint64_t deadline)
{
	uint64_t now;

	while (clock_ns(clock, &now) == 0 && now < deadline)
		asm volatile("pause");
}

SYSCALL_DEFINE2(nanosleep, const struct timespec __user *, rqtp, struct timespec __user *, rmtp)
{
	uint64_t ns;
	long err = get_sleep(rqtp, &ns);

	(void)rmtp;				/* written only when a signal cuts the sleep short */
	if (err)
		return err;
	uint64_t now = ktime_ns();
	sleep_until(CLOCK_MONOTONIC, ns > ~0UL - now ? ~0UL : now + ns);
	return 0;
}

SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags, const struct timespec __user *, rqtp,
		struct timespec __user *, rmtp)
{
	uint64_t ns, now;

	(void)rmtp;
	if (which_clock != CLOCK_REALTIME && which_clock != CLOCK_MONOTONIC &&
	    which_clock != CLOCK_BOOTTIME && which_clock != CLOCK_TAI)
		return which_clock == CLOCK_PROCESS_CPUTIME_ID ? -EOPNOTSUPP : -EINVAL;
	long err = get_sleep(rqtp, &ns);
	if (err)
		return err;
	clock_ns(which_clock, &now);
	sleep_until(which_clock, flags & TIMER_ABSTIME ? ns : ns > ~0UL - now ? ~0UL : now + ns);
	return 0;
}
