/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_COMPAT_H
#define _TRAPDOOR_COMPAT_H

/*
 * The ia32 ABI's types and structures: what a 32-bit program passes through
 * int $0x80, where a long and a pointer are 32 bits wide. Linux's names
 * (include/linux/compat.h, arch/x86/include/asm/compat.h, the time32 ones
 * from include/linux/time32.h). A COMPAT_SYSCALL_DEFINE
 * (include/trapdoor/syscalls.h) declares its arguments with these types, and
 * their signedness says how the 32-bit register widens: compat_off_t and
 * compat_long_t from the sign bit, the others with zeroes.
 *
 * The bodies (kernel/compat.c, kernel/compat_time.c, kernel/compat_signal.c)
 * only convert between these layouts and the native ones, and call the same
 * core as the 64-bit call.
 */
#include <stdint.h>
#include <trapdoor/compiler.h>

typedef uint32_t compat_uptr_t;		/* a pointer */
typedef int32_t compat_long_t;
typedef uint32_t compat_ulong_t;
typedef int32_t compat_off_t;		/* lseek's offset: signed */
typedef uint32_t compat_size_t;
typedef int32_t compat_ssize_t;
typedef int32_t compat_int_t;
typedef uint32_t compat_uint_t;
typedef int32_t compat_pid_t;
typedef int32_t old_time32_t;
typedef uint32_t compat_old_sigset_t;	/* sigprocmask's, sigpending's: signals 1-32 */
typedef uint16_t old_uid_t;		/* getuid's 16-bit ids (#24, #47, #49, #50) */

#define COMPAT_RLIM_INFINITY	0xffffffffU
#define COMPAT_ROBUST_LIST_HEAD_SIZE	12	/* three 32-bit words */

static inline void __user *compat_ptr(compat_uptr_t p)
{
	return (void __user *)(unsigned long)p;
}

/* rt_sigprocmask's and rt_sigaction's: 64 bits as two words, 4-aligned. */
typedef struct {
	uint32_t sig[2];
} compat_sigset_t;

struct old_timespec32 {
	old_time32_t tv_sec;
	int32_t tv_nsec;
};

/* The *_time64 calls' timespec: 64-bit fields in both ABIs. */
struct __kernel_timespec {
	long long tv_sec, tv_nsec;
};

struct old_timeval32 {
	old_time32_t tv_sec;
	int32_t tv_usec;
};

struct old_itimerval32 {
	struct old_timeval32 it_interval, it_value;
};

struct compat_iovec {
	compat_uptr_t iov_base;
	compat_size_t iov_len;
};

struct compat_rlimit {
	compat_ulong_t rlim_cur, rlim_max;
};

/* rt_sigaction's (#174): 20 bytes. */
struct compat_sigaction {
	compat_uptr_t sa_handler;
	compat_ulong_t sa_flags;
	compat_uptr_t sa_restorer;
	compat_sigset_t sa_mask;
};

/* sigaction's (#67), the old one: the mask is one word, and comes second. */
struct compat_old_sigaction {
	compat_uptr_t sa_handler;
	compat_old_sigset_t sa_mask;
	compat_ulong_t sa_flags;
	compat_uptr_t sa_restorer;
};

typedef struct {
	compat_uptr_t ss_sp;
	int ss_flags;
	compat_size_t ss_size;
} compat_stack_t;

/* siginfo for a 32-bit program: 128 bytes, the union at offset 12 (not 16). */
typedef struct {
	int si_signo, si_errno, si_code;
	union {
		struct { compat_pid_t si_pid; uint32_t si_uid; } kill;
		struct { compat_pid_t si_pid; uint32_t si_uid; compat_int_t si_int; } rt;
		struct { compat_uptr_t si_addr; } fault;
		int __pad[29];
	};
} compat_siginfo_t;

/* The old mmap's (#90) one argument: all six in memory. */
struct mmap_arg_struct32 {
	uint32_t addr, len, prot, flags, fd, offset;
};

/* fstat's (#108) structure for a 32-bit program: 64 bytes, 16-bit ids. */
struct compat_stat {
	uint32_t st_dev, st_ino;
	uint16_t st_mode, st_nlink, st_uid, st_gid;
	uint32_t st_rdev, st_size, st_blksize, st_blocks;
	uint32_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	uint32_t __unused4, __unused5;
};

/* fstat64, stat64, lstat64, fstatat64: i386's struct stat64, 96 bytes, packed. */
struct stat64 {
	unsigned long long st_dev;
	unsigned char __pad0[4];
	uint32_t __st_ino;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned char __pad3[4];
	long long st_size;
	uint32_t st_blksize;
	unsigned long long st_blocks;
	uint32_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	unsigned long long st_ino;
} __attribute__((packed));

/* kernel/compat_signal.c: a siginfo between the two layouts (the frame builder needs the second). */
#include <uapi/asm/signal.h>
void siginfo_from_compat(siginfo_t *to, const compat_siginfo_t *from);
void siginfo_to_compat(compat_siginfo_t *to, const siginfo_t *from);

_Static_assert(sizeof(struct compat_sigaction) == 20, "compat_sigaction is Linux's");
_Static_assert(sizeof(struct compat_old_sigaction) == 16, "compat_old_sigaction is Linux's");
_Static_assert(sizeof(compat_stack_t) == 12, "compat_stack_t is Linux's");
_Static_assert(sizeof(compat_siginfo_t) == 128, "compat_siginfo_t is Linux's");
_Static_assert(sizeof(struct compat_stat) == 64, "compat_stat is Linux's");
_Static_assert(sizeof(struct stat64) == 96, "i386's stat64 is Linux's");

#endif
