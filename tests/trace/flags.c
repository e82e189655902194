// SPDX-License-Identifier: MIT
/*
 * tests/trace/flags.c - system calls whose arguments the tracer prints by
 * name: flags, commands, clocks, signals, limits. tests/suites/trace.py
 * builds it with musl-gcc -static and gcc -static, runs it on this machine
 * under strace, and under trapdoor with CMDLINE=strace, and compares what
 * the two print for the calls between the two "flags:" lines.
 *
 * Each call goes through syscall(), so that both C libraries make exactly
 * the calls written here, with exactly these arguments; the constants are
 * written as numbers (the names beside them) because musl-gcc has no
 * <linux/...> headers. Every call is harmless on Linux: paths lie in a
 * directory that does not exist, commands that would change a file
 * descriptor go to one that is not open, and nothing is sent to anyone.
 * Some calls fail on purpose (an unknown advice, resource or clock), and
 * trapdoor does not implement all of them: the results do not matter here.
 *
 * With the argument "int80" it then makes some of the calls again through
 * int $0x80, by their i386 numbers, between two "int80:" lines. A Linux
 * built without IA32_EMULATION kills it with SIGSEGV at the first one.
 */
#include <sys/syscall.h>
#include <unistd.h>

#define MARK(s)		syscall(SYS_write, 1, s, sizeof(s) - 1)
#define NOWHERE		"/nonexistent-trapdoor-dir/x"
#define NOT_OPEN	9999

static unsigned long buf[512];
static unsigned long saved_rbp;

/* A system call through int $0x80: number in eax, arguments in ebx, ecx, edx, esi, edi, ebp. */
static long int80(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r8 __asm__("r8") = f;

	__asm__ volatile("mov %%rbp, %[saved]\n\t"	/* no push: that would land in the red zone */
			 "mov %%r8, %%rbp\n\t"
			 "int $0x80\n\t"
			 "mov %[saved], %%rbp"
			 : "+a"(nr), "+r"(r8), [saved] "=m"(saved_rbp)
			 : "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory", "r9", "r10", "r11");
	return nr;
}

/* What the 64-bit calls above do, through int $0x80; every pointer is below 4 GiB. */
static void calls_int80(void)
{
	MARK("int80: begin\n");
	int80(192, 0, 8192, 0x1 | 0x2, 0x02 | 0x20, -1, 0);		/* mmap2: PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS */
	int80(125, 0, 4096, 0x1 | 0x100, 0, 0, 0);			/* mprotect: PROT_READ|0x100 */
	int80(219, 0, 4096, 4, 0, 0, 0);				/* madvise: MADV_DONTNEED */
	int80(5, (long)NOWHERE, 0 | 02000000, 0, 0, 0, 0);		/* open: O_RDONLY|O_CLOEXEC */
	int80(295, -100, (long)NOWHERE, 01 | 0100, 0600, 0, 0);		/* openat: AT_FDCWD, O_WRONLY|O_CREAT */
	int80(300, -100, (long)NOWHERE, (long)buf, 0x100, 0, 0);	/* fstatat64: AT_SYMLINK_NOFOLLOW */
	int80(221, NOT_OPEN, 2, 1, 0, 0, 0);				/* fcntl64: F_SETFD, FD_CLOEXEC */
	int80(54, NOT_OPEN, 0x5413, (long)buf, 0, 0, 0);		/* ioctl: TIOCGWINSZ */
	int80(140, NOT_OPEN, 0, 0, (long)buf, 1, 0);			/* _llseek: SEEK_CUR */
	int80(175, 7, 0, 0, 8, 0, 0);					/* rt_sigprocmask: no such how */
	int80(174, 2, 0, (long)buf, 8, 0, 0);				/* rt_sigaction: SIGINT */
	int80(265, 1, (long)buf, 0, 0, 0, 0);				/* clock_gettime: CLOCK_MONOTONIC */
	int80(403, 7, (long)buf, 0, 0, 0, 0);				/* clock_gettime64: CLOCK_BOOTTIME */
	int80(191, 3, (long)buf, 0, 0, 0, 0);				/* ugetrlimit: RLIMIT_STACK */
	int80(172, 16, (long)buf, 0, 0, 0, 0);				/* prctl: PR_GET_NAME */
	int80(355, (long)buf, 8, 1, 0, 0, 0);				/* getrandom: GRND_NONBLOCK */
	int80(240, (long)buf, 1 | 128, 1, 0, 0, 0);			/* futex: FUTEX_WAKE_PRIVATE */
	int80(384, 0x1002, 0, 0, 0, 0, 0);				/* arch_prctl: ARCH_SET_FS, 0 (ia32: EINVAL) */
	MARK("int80: end\n");
}

int main(int argc, char **argv)
{
	unsigned long set = 1UL << (2 - 1), old = 0;	/* SIGINT */
	long p, q;

	MARK("flags: begin\n");
	/* Memory */
	p = syscall(SYS_mmap, 0, 8192, 0x1 | 0x2, 0x02 | 0x20, -1, 0);	/* PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS */
	syscall(SYS_mprotect, p, 4096, 0x1);				/* PROT_READ */
	syscall(SYS_mprotect, p, 4096, 0x1 | 0x100);			/* PROT_READ and a bit with no name */
	syscall(SYS_mprotect, p, 4096, 0);				/* PROT_NONE */
	syscall(SYS_madvise, p, 4096, 4);				/* MADV_DONTNEED */
	syscall(SYS_madvise, p, 4096, 77);				/* no such advice */
	syscall(SYS_mprotect, p, 4096, 0x1 | 0x2);			/* one mapping again, for mremap */
	q = syscall(SYS_mremap, p, 8192, 16384, 1, 0);			/* MREMAP_MAYMOVE */
	syscall(SYS_munmap, q, 16384);
	p = syscall(SYS_mmap, 0, 4096, 0x1 | 0x4, 0x02 | 0x20 | 0x4000 | 0x20000, -1, 0);
									/* PROT_EXEC; MAP_NORESERVE|MAP_STACK */
	syscall(SYS_munmap, p, 4096);
	syscall(SYS_mmap, 0, 4096, 0x8, 0x01 | 0x400000, -1, 0);	/* PROT_SEM; MAP_SHARED, no fd: EBADF */
	/* Files */
	syscall(SYS_openat, -100, NOWHERE, 0 | 02000000);		/* AT_FDCWD, O_RDONLY|O_CLOEXEC */
	syscall(SYS_openat, -100, NOWHERE, 01 | 0100 | 01000, 0644);	/* O_WRONLY|O_CREAT|O_TRUNC */
	syscall(SYS_openat, -100, NOWHERE, 02 | 04000 | 0200000 | 0400000);
									/* O_RDWR|O_NONBLOCK|O_DIRECTORY|O_NOFOLLOW */
	syscall(SYS_newfstatat, 1, "", buf, 0x1000);			/* AT_EMPTY_PATH */
	syscall(SYS_newfstatat, -100, NOWHERE, buf, 0x100);		/* AT_SYMLINK_NOFOLLOW */
	syscall(SYS_faccessat, -100, NOWHERE, 4 | 2);			/* R_OK|W_OK */
	syscall(SYS_ioctl, 1, 0x5401, buf);				/* TCGETS */
	syscall(SYS_ioctl, 1, 0x5413, buf);				/* TIOCGWINSZ */
	syscall(SYS_ioctl, NOT_OPEN, 0x80045678, buf);			/* _IOR('V', 0x78, int): no name */
	syscall(SYS_fcntl, 1, 3);					/* F_GETFL */
	syscall(SYS_fcntl, NOT_OPEN, 2, 1);				/* F_SETFD, FD_CLOEXEC */
	syscall(SYS_fcntl, NOT_OPEN, 4, 02000 | 04000);			/* F_SETFL, O_APPEND|O_NONBLOCK */
	syscall(SYS_dup3, 1, 1, 02000000);				/* O_CLOEXEC: EINVAL, old = new */
	syscall(SYS_lseek, NOT_OPEN, 0, 1);				/* SEEK_CUR */
	/* Signals */
	syscall(SYS_rt_sigprocmask, 0, &set, &old, 8);			/* SIG_BLOCK */
	syscall(SYS_rt_sigprocmask, 2, &old, 0, 8);			/* SIG_SETMASK */
	syscall(SYS_rt_sigprocmask, 7, 0, 0, 8);			/* no such how */
	syscall(SYS_rt_sigaction, 2, 0, buf, 8);			/* SIGINT */
	syscall(SYS_rt_sigaction, 34, 0, buf, 8);			/* SIGRT_2 */
	/* Time, limits, the process */
	syscall(SYS_clock_gettime, 1, buf);				/* CLOCK_MONOTONIC */
	syscall(SYS_clock_getres, 7, buf);				/* CLOCK_BOOTTIME */
	syscall(SYS_clock_gettime, 99, buf);				/* no such clock */
	buf[0] = buf[1] = 0;						/* 1970: long past */
	syscall(SYS_clock_nanosleep, 0, 1, buf, 0);			/* CLOCK_REALTIME, TIMER_ABSTIME */
	syscall(SYS_getrlimit, 3, buf);					/* RLIMIT_STACK */
	syscall(SYS_prlimit64, 0, 7, 0, buf);				/* RLIMIT_NOFILE */
	syscall(SYS_getrlimit, 77, buf);				/* no such resource */
	syscall(SYS_prctl, 16, buf, 0, 0, 0);				/* PR_GET_NAME */
	syscall(SYS_arch_prctl, 0x1003, buf);				/* ARCH_GET_FS */
	syscall(SYS_arch_prctl, 0x3001, 0);				/* no such code */
	syscall(SYS_getrandom, buf, 8, 1);				/* GRND_NONBLOCK */
	syscall(SYS_futex, buf, 1 | 128, 1, 0, 0, 0);			/* FUTEX_WAKE_PRIVATE: wakes no one */
	MARK("flags: end\n");
	if (argc > 1 && argv[1][0] == 'i')
		calls_int80();
	return 0;
}
