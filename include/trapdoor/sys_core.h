/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_SYS_CORE_H
#define _TRAPDOOR_SYS_CORE_H

/*
 * The work of a system call, apart from its arguments' layout: the native
 * SYSCALL_DEFINE bodies and the ia32 COMPAT_SYSCALL_DEFINE ones
 * (include/trapdoor/compat.h) both call these, as Linux's sys_ and
 * compat_sys_ functions share ksys_lseek, do_sigaction, do_prlimit... Each
 * takes kernel structures; the bodies copy them from and to user space in
 * their own ABI's layout.
 */
#include <stdbool.h>
#include <stdint.h>
#include <trapdoor/compiler.h>
#include <uapi/asm/signal.h>
#include <uapi/linux/resource.h>

/* kernel/sys_fd.c: what stat says about a file, before any layout. */
struct kstat {
	unsigned long dev, ino, nlink, rdev;
	unsigned int mode, uid, gid;
	long size, blksize, blocks;
};
long vfs_fstat(unsigned int fd, struct kstat *st);
long vfs_fstatat(int dfd, const char __user *filename, int flag, struct kstat *st);
long ksys_lseek(unsigned int fd, long offset, unsigned int whence);
long ksys_llseek(unsigned int fd, unsigned long offset_high, unsigned long offset_low,
		 long long __user *result, unsigned int whence);

/* kernel/sys_io.c: readv and writev with the iovec already in the kernel (checked by iovec_check). */
struct iovec {
	void __user *iov_base;
	size_t iov_len;
};
#define UIO_MAXIOV	1024
long iovec_check(const struct iovec *iov, unsigned long vlen);
long do_writev(unsigned long fd, const struct iovec *iov, unsigned long vlen);
long do_readv(unsigned long fd, const struct iovec *iov, unsigned long vlen);

/* kernel/sys_mm.c: mmap with the offset in pages (mmap2's). */
long ksys_mmap_pgoff(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long pgoff);

/* kernel/sys_info.c: read and/or set one limit of the caller. */
long do_prlimit(unsigned int resource, const struct rlimit *new, struct rlimit *old);
long do_set_robust_list(unsigned long head);

/*
 * kernel/sys_time.c. A time structure's layout: the native one (two longs,
 * which is also the ia32 __kernel_timespec's), the old 32-bit one (two
 * 32-bit words), or __kernel_timespec read from a 32-bit program, whose
 * tv_nsec's upper half is padding and is ignored (Linux's get_timespec64).
 */
enum ts_layout { TS_NATIVE, TS_OLD32, TS_TIME64_COMPAT };
long clock_ns(int which, uint64_t *ns);
long put_timespec_as(enum ts_layout layout, void __user *u, uint64_t ns);
long do_nanosleep(enum ts_layout layout, const void __user *rqtp, void __user *rmtp);
long do_clock_nanosleep(enum ts_layout layout, int which_clock, int flags, const void __user *rqtp,
			void __user *rmtp);
long do_clock_getres(int which_clock, uint64_t *ns);
/* The real-time interval timer in ns: it_value and it_interval. */
struct kitimer {
	uint64_t value, interval;
};
long do_getitimer(int which, struct kitimer *cur);
long do_setitimer(int which, const struct kitimer *new, struct kitimer *old);
bool itimer_usec_valid(long sec, long usec);

/* kernel/signal.c */
long do_sigaction(int sig, const struct sigaction *act, struct sigaction *oact, bool ia32);
long do_sigprocmask(int how, const sigset_t *set, sigset_t *old);
sigset_t sigpending_set(void);
long do_sigsuspend(sigset_t set);
long do_sigaltstack(const stack_t *ss, stack_t *oss);
long do_rt_sigqueueinfo(int pid, int sig, siginfo_t *info);

#endif
