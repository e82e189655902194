// SPDX-License-Identifier: MIT
/*
 * The ia32 ABI's time calls. The old ones (time, gettimeofday, clock_gettime,
 * nanosleep...) take 32-bit structures, struct old_timespec32 and
 * old_timeval32; the *_time64 ones added for the year 2038 take the native
 * 64-bit timespec, and clock_gettime64 and clock_getres_time64 are the native
 * bodies themselves (syscall_32.tbl). Each body here converts and calls the
 * core in kernel/sys_time.c. A sleep remembers its layout, so that
 * restart_syscall, which has no arguments, writes a 32-bit program's time
 * left as 32 bits (Linux's restart_block.nanosleep.type, TT_COMPAT).
 */
#include <asm/uaccess.h>
#include <trapdoor/compat.h>
#include <trapdoor/kernel.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/time.h>
#include <uapi/asm/errno.h>

struct timezone {			/* two ints in both ABIs */
	int tz_minuteswest, tz_dsttime;
};

/* time (#13): the seconds, as a 32-bit value, also stored at *tloc. */
COMPAT_SYSCALL_DEFINE1(time, old_time32_t __user *, tloc)
{
	old_time32_t now = ktime_real_ns() / NSEC_PER_SEC;

	if (tloc && copy_to_user(tloc, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

COMPAT_SYSCALL_DEFINE2(gettimeofday, struct old_timeval32 __user *, tv, struct timezone __user *, tz)
{
	uint64_t ns = ktime_real_ns();
	struct old_timeval32 t = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
	static const struct timezone utc = { 0, 0 };

	if (tv && copy_to_user(tv, &t, sizeof(t)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &utc, sizeof(utc)))
		return -EFAULT;
	return 0;
}

COMPAT_SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct old_timespec32 __user *, tp)
{
	uint64_t ns;
	long err = clock_ns(which_clock, &ns);

	return err ? err : put_timespec_as(TS_OLD32, tp, ns);
}

COMPAT_SYSCALL_DEFINE2(clock_getres, int, which_clock, struct old_timespec32 __user *, tp)
{
	uint64_t ns;
	long err = do_clock_getres(which_clock, &ns);

	return err || !tp ? err : put_timespec_as(TS_OLD32, tp, ns);
}

COMPAT_SYSCALL_DEFINE2(nanosleep, const struct old_timespec32 __user *, rqtp, struct old_timespec32 __user *, rmtp)
{
	return do_nanosleep(TS_OLD32, rqtp, rmtp);
}

COMPAT_SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags, const struct old_timespec32 __user *, rqtp,
		       struct old_timespec32 __user *, rmtp)
{
	return do_clock_nanosleep(TS_OLD32, which_clock, flags, rqtp, rmtp);
}

/*
 * The 64-bit timespec from a 32-bit program: the native layout, but tv_nsec's
 * upper half is padding there and is ignored, so it has its own body.
 */
COMPAT_SYSCALL_DEFINE4(clock_nanosleep_time64, int, which_clock, int, flags,
		       const struct __kernel_timespec __user *, rqtp, struct __kernel_timespec __user *, rmtp)
{
	return do_clock_nanosleep(TS_TIME64_COMPAT, which_clock, flags, rqtp, rmtp);
}

static struct old_itimerval32 itimer_to_compat(struct kitimer k)
{
	return (struct old_itimerval32){
		{ k.interval / NSEC_PER_SEC, k.interval % NSEC_PER_SEC / 1000 },
		{ k.value / NSEC_PER_SEC, k.value % NSEC_PER_SEC / 1000 },
	};
}

static uint64_t timeval32_ns(struct old_timeval32 tv)
{
	return (uint64_t)tv.tv_sec * NSEC_PER_SEC + (uint64_t)tv.tv_usec * 1000;
}

COMPAT_SYSCALL_DEFINE2(getitimer, int, which, struct old_itimerval32 __user *, value)
{
	struct kitimer k;
	struct old_itimerval32 v;
	long err = do_getitimer(which, &k);

	if (err)
		return err;
	v = itimer_to_compat(k);
	return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}

/* The same order of checks as the native setitimer: the copy, which, then the values. */
COMPAT_SYSCALL_DEFINE3(setitimer, int, which, const struct old_itimerval32 __user *, value,
		       struct old_itimerval32 __user *, ovalue)
{
	struct old_itimerval32 new = { 0 }, old;
	struct kitimer knew, kold;

	if (value && copy_from_user(&new, value, sizeof(new)))
		return -EFAULT;
	long err = do_getitimer(which, &kold);		/* only to check which */
	if (err)
		return err;
	if (!itimer_usec_valid(new.it_value.tv_sec, new.it_value.tv_usec) ||
	    !itimer_usec_valid(new.it_interval.tv_sec, new.it_interval.tv_usec))
		return -EINVAL;
	knew = (struct kitimer){ timeval32_ns(new.it_value), timeval32_ns(new.it_interval) };
	do_setitimer(which, &knew, &kold);
	old = itimer_to_compat(kold);
	return ovalue && copy_to_user(ovalue, &old, sizeof(old)) ? -EFAULT : 0;
}
