// SPDX-License-Identifier: MIT
/*
 * badargs: each system call trapdoor implements, given arguments Linux
 * refuses, through libc's syscall(): what it returns and the errno, one line
 * per case. Linux's output is the answer; nothing here may depend on what
 * fds 0-2 are (a pipe under the test's Linux, a terminal under trapdoor), so
 * descriptor cases use a descriptor that is not open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define BAD_PTR		((void *)0x10)		/* unmapped, below any mapping */
#define KERNEL_PTR	((void *)0xffffffff81000000UL)
#define NOT_OPEN	99

static const char *errno_name(int e)
{
#define E(x) case x: return #x
	switch (e) {
	E(EPERM); E(ENOENT); E(ESRCH); E(EBADF); E(ENOMEM); E(EFAULT); E(EEXIST); E(ENODEV);
	E(EINVAL); E(EMFILE); E(ENOTTY); E(ESPIPE); E(ERANGE); E(ENAMETOOLONG); E(ENOSYS);
	E(EOPNOTSUPP); E(EAGAIN); E(EACCES);
	default: return "E?";
	}
#undef E
}

static void show(const char *what, long ret)
{
	if (ret == -1)
		printf("%-60s = -1 %s\n", what, errno_name(errno));
	else
		printf("%-60s = %ld\n", what, ret);
}

#define CALL(...) show(#__VA_ARGS__, syscall(__VA_ARGS__))
/* For calls whose success value is an address: only whether it worked. */
#define OK(...) do { long r = syscall(__VA_ARGS__); show(#__VA_ARGS__, r == -1 ? -1 : 0); } while (0)

int main(void)
{
	static char buf[64];
	struct timespec ts = { 0, 0 }, bad_ns = { 0, 1000000000 }, neg = { -1, 0 };
	struct iovec iov = { buf, 1 };
	unsigned long set = 0;
	struct sigaction_k { unsigned long h, f, r, m; } sa = { 0, 0, 0, 0 };
	char *page = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(page + 4096, 4096);		/* a hole in the middle */

	/* mmap */
	CALL(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
	CALL(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CALL(SYS_mmap, 0, -1UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CALL(SYS_mmap, 0, 1UL << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CALL(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, NOT_OPEN, 0);
	CALL(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
	CALL(SYS_mmap, 0, -1UL, PROT_READ, MAP_ANONYMOUS, -1, 0);
	CALL(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0);
	CALL(SYS_mmap, 0x7fff00000001UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(SYS_mmap, 0x7ffffffff000UL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(SYS_mmap, 0xffffffff80000000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(SYS_mmap, page, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	OK(SYS_mmap, page + 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	OK(SYS_mmap, 0x7fffffffe000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	/* munmap, mprotect, madvise */
	CALL(SYS_munmap, page + 1, 4096);
	CALL(SYS_munmap, page, 0);
	CALL(SYS_munmap, 0x7ffffffff000UL, 8192);
	CALL(SYS_munmap, 0x900000000UL, 4096);
	CALL(SYS_mprotect, page + 1, 4096, PROT_READ);
	CALL(SYS_mprotect, page, 0, 0x100);
	CALL(SYS_mprotect, page, 4096, 0x100);
	CALL(SYS_mprotect, page, 3 * 4096, PROT_READ);
	CALL(SYS_mprotect, 0x900000000UL, 4096, PROT_READ);
	CALL(SYS_mprotect, -4096UL, 8192, PROT_READ);
	CALL(SYS_madvise, page, 4096, 99);
	CALL(SYS_madvise, page + 1, 4096, MADV_DONTNEED);
	CALL(SYS_madvise, 0x900000000UL, 4096, MADV_DONTNEED);
	CALL(SYS_madvise, page, 0, MADV_DONTNEED);
	CALL(SYS_madvise, page, 4096, MADV_DONTNEED);

	/* mremap */
	CALL(SYS_mremap, page, 4096, 8192, 8, 0);
	CALL(SYS_mremap, page, 4096, 8192, MREMAP_FIXED, 0x900000000UL);
	CALL(SYS_mremap, page + 1, 4096, 8192, 0);
	CALL(SYS_mremap, page, 4096, 0, 0);
	CALL(SYS_mremap, 0x900000000UL, 4096, 8192, 0);
	CALL(SYS_mremap, 0x900000000UL, 8192, 4096, 0);
	CALL(SYS_mremap, page, 4096, 8192, 0);
	CALL(SYS_mremap, page, 0, 4096, MREMAP_MAYMOVE);
	CALL(SYS_mremap, page, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, page + 0x800);
	CALL(SYS_mremap, page, 8192, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, page + 4096);
	CALL(SYS_mremap, page, 4096, 8192, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);

	/* arch_prctl, prctl, limits, ids */
	CALL(SYS_arch_prctl, 0x1002, 0x800000000000UL);
	CALL(SYS_arch_prctl, 0x1001, 0xffffffff80000000UL);
	CALL(SYS_arch_prctl, 0x9999, 0);
	CALL(SYS_arch_prctl, 0x1003, BAD_PTR);
	CALL(SYS_prctl, 9999, 0, 0, 0, 0);
	CALL(SYS_prctl, PR_GET_NAME, BAD_PTR, 0, 0, 0);
	CALL(SYS_prlimit64, 0, 99, NULL, NULL);
	CALL(SYS_prlimit64, 0, RLIMIT_STACK, NULL, BAD_PTR);
	CALL(SYS_prlimit64, 0, RLIMIT_STACK, BAD_PTR, NULL);
	CALL(SYS_prlimit64, 0, RLIMIT_STACK, (unsigned long[]){ 2, 1 }, NULL);
	CALL(SYS_getrlimit, 99, buf);
	CALL(SYS_set_robust_list, buf, 0);
	CALL(SYS_getrandom, buf, 8, 0x10);
	CALL(SYS_getrandom, buf, 8, GRND_INSECURE | GRND_RANDOM);
	CALL(SYS_getrandom, BAD_PTR, 8, 0);
	CALL(SYS_getrandom, buf, 0, 0);
	CALL(SYS_getuid);
	CALL(SYS_geteuid);
	CALL(SYS_getgid);
	CALL(SYS_getegid);
	CALL(SYS_getcwd, buf, 1);
	CALL(SYS_getcwd, BAD_PTR, 64);

	/* descriptors and files */
	CALL(SYS_close, NOT_OPEN);
	CALL(SYS_dup, NOT_OPEN);
	CALL(SYS_dup2, NOT_OPEN, 5);
	CALL(SYS_dup3, 1, 1, 0);
	CALL(SYS_dup3, 1, 5, 0x1234);
	CALL(SYS_dup3, NOT_OPEN, 5, 0);
	CALL(SYS_fcntl, NOT_OPEN, F_GETFL);
	CALL(SYS_ioctl, NOT_OPEN, 0x5401, buf);
	CALL(SYS_fstat, NOT_OPEN, buf);
	CALL(SYS_newfstatat, 1, "", buf, 0);
	CALL(SYS_newfstatat, 1, "", buf, 0x8000);
	CALL(SYS_newfstatat, NOT_OPEN, "", buf, AT_EMPTY_PATH);
	CALL(SYS_newfstatat, AT_FDCWD, BAD_PTR, buf, 0);
	CALL(SYS_lseek, NOT_OPEN, 0, SEEK_SET);
	CALL(SYS_openat, AT_FDCWD, "/no/such/file", 0, 0);
	CALL(SYS_openat, AT_FDCWD, BAD_PTR, 0, 0);
	CALL(SYS_readlink, "/proc/self/exe", buf, 0);
	CALL(SYS_readlink, "/no/such/link", buf, sizeof(buf));
	CALL(SYS_readlink, BAD_PTR, buf, sizeof(buf));
	CALL(SYS_writev, NOT_OPEN, &iov, 1);
	CALL(SYS_writev, 1, &iov, -1);
	CALL(SYS_writev, 1, &iov, 1025);
	CALL(SYS_writev, 1, BAD_PTR, 1);
	CALL(SYS_read, NOT_OPEN, buf, 1);
	CALL(SYS_write, NOT_OPEN, buf, 1);

	/* time */
	CALL(SYS_clock_gettime, 99, &ts);
	CALL(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_PTR);
	CALL(SYS_clock_getres, 99, &ts);
	CALL(SYS_clock_getres, CLOCK_MONOTONIC, NULL);
	CALL(SYS_gettimeofday, BAD_PTR, NULL);
	CALL(SYS_nanosleep, &bad_ns, NULL);
	CALL(SYS_nanosleep, &neg, NULL);
	CALL(SYS_nanosleep, BAD_PTR, NULL);
	CALL(SYS_nanosleep, &ts, NULL);
	CALL(SYS_clock_nanosleep, 99, 0, &ts, NULL);
	CALL(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad_ns, NULL);
	CALL(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);

	/* signals */
	CALL(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8);
	CALL(SYS_rt_sigaction, SIGSTOP, NULL, &sa, 8);
	CALL(SYS_rt_sigaction, 0, NULL, &sa, 8);
	CALL(SYS_rt_sigaction, 65, NULL, &sa, 8);
	CALL(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 4);
	CALL(SYS_rt_sigaction, SIGUSR1, BAD_PTR, NULL, 8);
	CALL(SYS_rt_sigaction, SIGUSR1, NULL, BAD_PTR, 8);
	CALL(SYS_rt_sigprocmask, 99, &set, NULL, 8);
	CALL(SYS_rt_sigprocmask, 99, NULL, NULL, 8);
	CALL(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 16);
	CALL(SYS_rt_sigprocmask, SIG_BLOCK, BAD_PTR, NULL, 8);
	return 0;
}
