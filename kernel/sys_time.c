// SPDX-License-Identifier: MIT
/*
 * The time calls: clock_gettime, clock_getres, gettimeofday, time, the
 * sleeps, and the real-time interval timer (alarm, setitimer, getitimer).
 * The clocks come from arch/x86/kernel/time.c; a sleep halts the CPU until
 * the APIC timer's interrupt (kernel/timer.c). A signal cuts a sleep short:
 * it returns -ERESTART_RESTARTBLOCK, which becomes -EINTR if a handler runs
 * (with the time left in *rem), or restart_syscall, which sleeps out the rest.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/compat.h>
#include <trapdoor/sys_core.h>
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
long clock_ns(int which, uint64_t *ns)
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

/* A time in ns to user space, in the layout the call's ABI and its structure say. */
long put_timespec_as(enum ts_layout layout, void __user *u, uint64_t ns)
{
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
	struct old_timespec32 ts32 = { ts.tv_sec, ts.tv_nsec };

	if (layout == TS_OLD32)
		return copy_to_user(u, &ts32, sizeof(ts32)) ? -EFAULT : 0;
	return copy_to_user(u, &ts, sizeof(ts)) ? -EFAULT : 0;
}

static long put_timespec(struct timespec __user *u, uint64_t ns)
{
	return put_timespec_as(TS_NATIVE, u, ns);
}

SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct timespec __user *, tp)
{
	uint64_t ns;
	long err = clock_ns(which_clock, &ns);

	return err ? err : put_timespec(tp, ns);
}

/* The clock's resolution in ns, or -EINVAL. */
long do_clock_getres(int which_clock, uint64_t *res)
{
	uint64_t ns;
	long err = clock_ns(which_clock, &ns);

	if (err)
		return err;
	bool coarse = which_clock == CLOCK_REALTIME_COARSE || which_clock == CLOCK_MONOTONIC_COARSE;
	*res = coarse ? COARSE_NS : 1;
	return 0;
}

SYSCALL_DEFINE2(clock_getres, int, which_clock, struct timespec __user *, tp)
{
	uint64_t ns;
	long err = do_clock_getres(which_clock, &ns);

	return err || !tp ? err : put_timespec(tp, ns);
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

/*
 * A timespec from user space that a sleep accepts: 0 <= tv_nsec < 10^9,
 * tv_sec >= 0, in the layout given (for a 32-bit program's 64-bit timespec,
 * the upper half of tv_nsec is padding: Linux's get_timespec64 ignores it).
 */
static long get_sleep(enum ts_layout layout, const void __user *u, uint64_t *ns)
{
	struct timespec ts;

	if (layout == TS_OLD32) {
		struct old_timespec32 ts32;

		if (copy_from_user(&ts32, u, sizeof(ts32)))
			return -EFAULT;
		ts = (struct timespec){ ts32.tv_sec, ts32.tv_nsec };
	} else {
		if (copy_from_user(&ts, u, sizeof(ts)))
			return -EFAULT;
		if (layout == TS_TIME64_COMPAT)
			ts.tv_nsec = (uint32_t)ts.tv_nsec;
	}
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (unsigned long)ts.tv_sec > ~0UL / NSEC_PER_SEC ? ~0UL : ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

/*
 * Sleep until clock reaches deadline, or a signal comes. The restart state
 * (the deadline, and where and in which layout to write the time left) is
 * kept for restart_syscall and for the -EINTR case: a 32-bit program's sleep
 * restarted is still a 32-bit program's sleep.
 */
static long sleep_until(int clock, uint64_t deadline, void __user *rmtp, enum ts_layout layout)
{
	uint64_t now;

	current->restart_clock = clock;
	current->restart_deadline = deadline;
	current->restart_rmtp = (unsigned long)rmtp;
	current->restart_rmtp_layout = layout;
	while (clock_ns(clock, &now) == 0 && now < deadline) {
		if (signal_pending()) {
			if (rmtp && put_timespec_as(layout, rmtp, deadline - now))
				return -EFAULT;
			current->restart_armed = true;
			return -ERESTART_RESTARTBLOCK;
		}
		/* The APIC counts monotonic time: convert a realtime deadline by the clocks' offset. */
		wait_for_interrupt(deadline - now + ktime_ns());
	}
	return 0;
}

static uint64_t after(uint64_t now, uint64_t ns)
{
	return ns > ~0UL - now ? ~0UL : now + ns;
}

long do_nanosleep(enum ts_layout layout, const void __user *rqtp, void __user *rmtp)
{
	uint64_t ns;
	long err = get_sleep(layout, rqtp, &ns);

	if (err)
		return err;
	return sleep_until(CLOCK_MONOTONIC, after(ktime_ns(), ns), rmtp, layout);
}

SYSCALL_DEFINE2(nanosleep, const struct timespec __user *, rqtp, struct timespec __user *, rmtp)
{
	return do_nanosleep(TS_NATIVE, rqtp, rmtp);
}

long do_clock_nanosleep(enum ts_layout layout, int which_clock, int flags, const void __user *rqtp,
			void __user *rmtp)
{
	uint64_t ns, now;

	if (which_clock != CLOCK_REALTIME && which_clock != CLOCK_MONOTONIC &&
	    which_clock != CLOCK_BOOTTIME && which_clock != CLOCK_TAI)
		return which_clock == CLOCK_PROCESS_CPUTIME_ID ? -EOPNOTSUPP : -EINVAL;
	long err = get_sleep(layout, rqtp, &ns);
	if (err)
		return err;
	clock_ns(which_clock, &now);
	if (flags & TIMER_ABSTIME)
		return sleep_until(which_clock, ns, NULL, layout);	/* an absolute sleep just starts again */
	return sleep_until(which_clock, after(now, ns), rmtp, layout);
}

SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags, const struct timespec __user *, rqtp,
		struct timespec __user *, rmtp)
{
	return do_clock_nanosleep(TS_NATIVE, which_clock, flags, rqtp, rmtp);
}

/*
 * The rest of a sleep a signal interrupted and no handler ended
 * (-ERESTART_RESTARTBLOCK). With no such sleep (none yet, or a handler's
 * sigreturn ended it), -EINTR, as Linux's do_no_restart_syscall.
 */
SYSCALL_DEFINE0(restart_syscall)
{
	if (!current->restart_armed)
		return -EINTR;
	return sleep_until(current->restart_clock, current->restart_deadline,
			   (void __user *)current->restart_rmtp, current->restart_rmtp_layout);
}

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

struct itimerval {
	struct timeval it_interval, it_value;
};

static struct timeval ns_to_timeval(uint64_t ns)
{
	return (struct timeval){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
}

static uint64_t timeval_to_ns(struct timeval tv)
{
	return tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000;
}

static struct kitimer itimer_real_now(void)
{
	uint64_t now = ktime_ns(), at = current->itimer_real_at;

	return (struct kitimer){ at > now ? at - now : 0, current->itimer_real_interval };
}

static void itimer_real_set(uint64_t value, uint64_t interval)
{
	current->itimer_real_at = value ? after(ktime_ns(), value) : 0;
	current->itimer_real_interval = interval;
	timer_rearm();
}

/* Only ITIMER_REAL: the virtual and profiling timers need per-mode CPU accounting trapdoor lacks. */
static long itimer_which(int which)
{
	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -EOPNOTSUPP : -EINVAL;
	return 0;
}

long do_getitimer(int which, struct kitimer *cur)
{
	long err = itimer_which(which);

	if (!err)
		*cur = itimer_real_now();
	return err;
}

/* which is checked first, then the values (itimer_usec_valid) by the caller. */
long do_setitimer(int which, const struct kitimer *new, struct kitimer *old)
{
	long err = itimer_which(which);

	if (err)
		return err;
	if (old)
		*old = itimer_real_now();
	itimer_real_set(new->value, new->interval);
	return 0;
}

bool itimer_usec_valid(long sec, long usec)
{
	return sec >= 0 && usec >= 0 && usec < 1000000;
}

static struct itimerval to_itimerval(struct kitimer k)
{
	return (struct itimerval){ ns_to_timeval(k.interval), ns_to_timeval(k.value) };
}

SYSCALL_DEFINE2(getitimer, int, which, struct itimerval __user *, value)
{
	struct kitimer k;
	struct itimerval v;
	long err = do_getitimer(which, &k);

	if (err)
		return err;
	v = to_itimerval(k);
	return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(setitimer, int, which, const struct itimerval __user *, value, struct itimerval __user *, ovalue)
{
	struct itimerval new = { 0 }, old;
	struct kitimer knew, kold;

	if (value && copy_from_user(&new, value, sizeof(new)))
		return -EFAULT;
	long err = itimer_which(which);
	if (err)
		return err;
	if (!itimer_usec_valid(new.it_value.tv_sec, new.it_value.tv_usec) ||
	    !itimer_usec_valid(new.it_interval.tv_sec, new.it_interval.tv_usec))
		return -EINVAL;
	knew = (struct kitimer){ timeval_to_ns(new.it_value), timeval_to_ns(new.it_interval) };
	do_setitimer(which, &knew, &kold);
	old = to_itimerval(kold);
	return ovalue && copy_to_user(ovalue, &old, sizeof(old)) ? -EFAULT : 0;
}

/* alarm: ITIMER_REAL in whole seconds; returns the seconds that were left, rounded as Linux does. */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct itimerval old = to_itimerval(itimer_real_now());
	long left = old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);

	if (!left && old.it_value.tv_usec)
		left = 1;			/* an alarm still pending never reads as 0 */
	itimer_real_set(seconds * NSEC_PER_SEC, 0);
	return left;
}
