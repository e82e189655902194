// SPDX-License-Identifier: MIT
/*
 * compat32: the ia32 system call ABI, call by call, with good and bad
 * arguments, one line per case: what each returns (and the errno), and what
 * it wrote where the layout is the point. Linux 6.1's output is the answer
 * (tests/compat/linux.out, made by tests/suites/compat.py --update).
 *
 * Every call goes through int $0x80 with the arguments in ebx..ebp, so the
 * same source runs as a 32-bit program (gcc -m32 -static, i386 musl) and as
 * a 64-bit one (gcc -static -no-pie), which must print the same lines: there
 * every buffer is static, in the image below 4 GiB, and the upper half of
 * each argument register holds junk the ABI must ignore.
 *
 * "restart" as argv[1] runs only the sleep a signal interrupts: a 32-bit
 * nanosleep's time left, and restart_syscall's, are written as 32-bit
 * structures. Its handler is installed by the C library, which is why it is
 * a separate run: the handler's frame is the caller's ABI.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BAD		0x10u		/* unmapped, below any mapping */
#define TOP		0xfffff000u	/* above a 32-bit program's space; unmapped for a 64-bit one */
#define NOT_OPEN	99
#define SEEK_CUR	1
#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_PRIVATE	2
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define AT_FDCWD	-100
#define AT_EMPTY_PATH	0x1000
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_NOFILE	7
#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC	1
#define CLOCK_REALTIME_COARSE 5
#define TIMER_ABSTIME	1
#define ITIMER_REAL	0
#define SA_RESTART_K	0x10000000u
#define SA_NODEFER_K	0x40000000u
#define SA_RESETHAND_K	0x80000000u
#define SA_IA32_ABI_K	0x02000000u	/* the kernel's own bit: must never read back */

/* i386 numbers */
enum {
	NR_restart_syscall = 0, NR_write = 4, NR_time = 13, NR_lseek = 19, NR_getpid = 20, NR_getuid = 24,
	NR_kill = 37, NR_getgid = 47, NR_signal = 48, NR_geteuid = 49, NR_getegid = 50, NR_sigaction = 67,
	NR_sigpending = 73, NR_setrlimit = 75, NR_getrlimit = 76, NR_gettimeofday = 78, NR_mmap = 90,
	NR_munmap = 91, NR_setitimer = 104, NR_getitimer = 105, NR_fstat = 108, NR_sigprocmask = 126,
	NR__llseek = 140, NR_readv = 145, NR_writev = 146, NR_nanosleep = 162, NR_rt_sigaction = 174,
	NR_rt_sigprocmask = 175, NR_rt_sigpending = 176, NR_rt_sigqueueinfo = 178, NR_rt_sigsuspend = 179,
	NR_sigaltstack = 186, NR_ugetrlimit = 191, NR_mmap2 = 192, NR_stat64 = 195, NR_lstat64 = 196,
	NR_fstat64 = 197, NR_fcntl64 = 221, NR_clock_gettime = 265, NR_clock_getres = 266,
	NR_clock_nanosleep = 267, NR_fstatat64 = 300, NR_set_robust_list = 311, NR_prlimit64 = 340,
	NR_clock_gettime64 = 403, NR_clock_getres_time64 = 406, NR_clock_nanosleep_time64 = 407,
};

/* The registers of one call: nr, then ebx, ecx, edx, esi, edi, ebp. */
static uint64_t regs[7];

static long int80(uint32_t nr, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e, uint32_t f)
{
	const uint32_t v[7] = { nr, a, b, c, d, e, f };
	long ret;

	for (int i = 0; i < 7; i++)		/* junk above bit 31: the ABI takes the low halves only */
		regs[i] = v[i] | (sizeof(long) == 8 ? 0xdead000000000000ULL | (uint64_t)(i + 1) << 32 : 0);
#if defined(__x86_64__)
	__asm__ volatile("push %%rbx; push %%rbp\n\t"
			 "mov 8(%1), %%rbx; mov 16(%1), %%rcx; mov 24(%1), %%rdx; mov 32(%1), %%rsi\n\t"
			 "mov 40(%1), %%rdi; mov 48(%1), %%rbp; mov 0(%1), %%rax\n\t"
			 "int $0x80\n\t"
			 "pop %%rbp; pop %%rbx"
			 : "=a"(ret) : "r"(regs) : "rcx", "rdx", "rsi", "rdi", "memory");
	return (int)ret;			/* eax: a 32-bit result */
#else
	__asm__ volatile("push %%ebx; push %%ebp; push %%esi; push %%edi\n\t"
			 "mov 8(%%eax), %%ebx; mov 16(%%eax), %%ecx; mov 24(%%eax), %%edx; mov 32(%%eax), %%esi\n\t"
			 "mov 40(%%eax), %%edi; mov 48(%%eax), %%ebp; mov 0(%%eax), %%eax\n\t"
			 "int $0x80\n\t"
			 "pop %%edi; pop %%esi; pop %%ebp; pop %%ebx"
			 : "=a"(ret) : "0"(regs) : "ecx", "edx", "memory");
	return ret;
#endif
}

#define P(x) ((uint32_t)(uintptr_t)(x))
#define A7(nr, a, b, c, d, e, f, ...) int80(nr, a, b, c, d, e, f)
#define SYS(...) A7(__VA_ARGS__, 0, 0, 0, 0, 0, 0)

static const char *errno_name(long e)
{
	switch (e) {
	case 1: return "EPERM"; case 2: return "ENOENT"; case 3: return "ESRCH"; case 4: return "EINTR";
	case 9: return "EBADF"; case 12: return "ENOMEM"; case 14: return "EFAULT"; case 22: return "EINVAL";
	case 29: return "ESPIPE"; case 38: return "ENOSYS"; case 75: return "EOVERFLOW";
	case 95: return "EOPNOTSUPP";
	default: {
		static char unknown[32];
		snprintf(unknown, sizeof(unknown), "E? (%ld)", e);
		return unknown;
	}
	}
}

static void show(const char *what, long ret)
{
	if (ret < 0 && ret >= -4095)
		printf("%-64s = -1 %s\n", what, errno_name(-ret));
	else
		printf("%-64s = %ld\n", what, ret);
	fflush(stdout);
}

#define CALL(...) show(#__VA_ARGS__, SYS(__VA_ARGS__))
/* For calls whose success value is an address or a time: only whether it worked. */
#define OK(...) do { long r_ = SYS(__VA_ARGS__); show(#__VA_ARGS__, r_ < 0 && r_ >= -4095 ? r_ : 0); } while (0)
#define SAY(...) do { printf("  " __VA_ARGS__); printf("\n"); fflush(stdout); } while (0)

/* Every buffer is static: a 64-bit program's stack is above 4 GiB. */
static char buf[256];
static struct { uint32_t base, len; } iov[2];
static struct { uint32_t addr, len, prot, flags, fd, offset; } mmarg;
static struct { uint32_t cur, max; } rl;
static struct { uint64_t cur, max; } rl64;
static struct { int32_t sec, nsec; } ts32;
static struct { int64_t sec, nsec; } ts64;
static struct { int32_t it_interval[2], it_value[2]; } itv, oitv;
static struct { int32_t minuteswest, dsttime; } tz;
static struct { uint32_t handler, flags, restorer, mask[2]; } sa, osa;
static struct { uint32_t handler, mask, flags, restorer; } osa_old, osa_old2;
static uint32_t set32[2], oset32[2], old32;
static struct { uint32_t sp; int32_t flags; uint32_t size; uint32_t guard; } ss, oss;
static struct { int32_t signo, err, code, pid, uid, value; int32_t pad[26]; } si;
static unsigned char st[128];			/* stat64: 96 bytes; compat_stat: 64 */
static int32_t t32;
static uint32_t robust[3];
static char altstack[8192];
static long long llres;

static uint32_t u32at(int off) { uint32_t v; memcpy(&v, st + off, 4); return v; }
static uint64_t u64at(int off) { uint64_t v; memcpy(&v, st + off, 8); return v; }

static void memory(void)
{
	long a = SYS(NR_mmap2, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show("mmap2(0, 4096, RW, PRIVATE|ANON, -1, 0) worked", a < 0 && a >= -4095 ? a : 0);
	if (!(a < 0 && a >= -4095)) {
		uint32_t at = (uint32_t)a;
		SAY("page-aligned: %s", at % 4096 ? "no" : "yes");
		memset((void *)(uintptr_t)at, 7, 4096);		/* usable at the address eax gave */
		SAY("writable: %s", ((char *)(uintptr_t)at)[4095] == 7 ? "yes" : "no");
		CALL(NR_munmap, at, 4096);
	}
	OK(NR_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
	CALL(NR_mmap2, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CALL(NR_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, NOT_OPEN, 0);
	CALL(NR_mmap2, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
	CALL(NR_mmap2, 0x10001000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(NR_mmap2, 0x10000001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(NR_mmap2, 0, 0xfffff000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	mmarg = (typeof(mmarg)){ 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 };
	OK(NR_mmap, P(&mmarg));
	mmarg.offset = 1;
	CALL(NR_mmap, P(&mmarg));
	mmarg.offset = 4096;
	OK(NR_mmap, P(&mmarg));
	CALL(NR_mmap, BAD);
}

static void io(void)
{
	CALL(NR_lseek, NOT_OPEN, -1, 0);
	CALL(NR_lseek, 1, -1, SEEK_CUR);
	CALL(NR_lseek, 1, 0, 99);
	CALL(NR__llseek, 1, 0, 0, P(&llres), 0);
	CALL(NR__llseek, NOT_OPEN, 0, 0, P(&llres), 0);
	CALL(NR__llseek, 1, 0, 0, P(&llres), 99);

	strcpy(buf, "one\ntwo\n");
	iov[0] = (typeof(iov[0])){ P(buf), 4 };
	iov[1] = (typeof(iov[1])){ P(buf + 4), 4 };
	CALL(NR_writev, 1, P(iov), 2);
	CALL(NR_writev, NOT_OPEN, P(iov), 2);
	CALL(NR_writev, 1, P(iov), 1025);
	CALL(NR_writev, 1, BAD, 1);
	iov[1].len = 0x80000000;		/* negative as a 32-bit ssize_t */
	CALL(NR_writev, 1, P(iov), 2);
	iov[1] = (typeof(iov[1])){ BAD, 1 };
	CALL(NR_writev, 1, P(iov), 2);
	CALL(NR_readv, NOT_OPEN, P(iov), 1);
	CALL(NR_readv, 0, P(iov), 1025);
	CALL(NR_readv, 0, BAD, 1);

	CALL(NR_fcntl64, 1, 1 /* F_GETFD */);
	CALL(NR_fcntl64, NOT_OPEN, 1);
	CALL(NR_fcntl64, 1, 99);

	memset(st, 0xff, sizeof(st));
	CALL(NR_fstat64, 1, P(st));
	SAY("S_ISCHR %s, st_size %llu, st_blocks %llu, st_ino == __st_ino: %s, byte 96 untouched: %s",
	    (u32at(16) & 0170000) == 0020000 ? "yes" : "no", (unsigned long long)u64at(44),
	    (unsigned long long)u64at(56), u64at(88) == u32at(12) ? "yes" : "no", st[96] == 0xff ? "yes" : "no");
	CALL(NR_fstat64, NOT_OPEN, P(st));
	CALL(NR_fstat64, 1, BAD);
	memset(st, 0xff, sizeof(st));
	CALL(NR_fstat, 1, P(st));
	SAY("S_ISCHR %s, st_size %u, byte 64 untouched: %s", ((u32at(8) & 0xffff) & 0170000) == 0020000 ? "yes" : "no",
	    u32at(20), st[64] == 0xff ? "yes" : "no");
	CALL(NR_fstat, 1, BAD);
	CALL(NR_stat64, P("/no/such/file"), P(st));
	CALL(NR_stat64, BAD, P(st));
	CALL(NR_lstat64, P(""), P(st));
	CALL(NR_fstatat64, 1, P(""), P(st), AT_EMPTY_PATH);
	CALL(NR_fstatat64, AT_FDCWD, P("/no/such/file"), P(st), 0);
	CALL(NR_fstatat64, AT_FDCWD, P("/no/such/file"), P(st), 0x8000);
	CALL(NR_fstatat64, NOT_OPEN, P(""), P(st), AT_EMPTY_PATH);
}

static void limits(void)
{
	CALL(NR_ugetrlimit, RLIMIT_STACK, P(&rl));
	SAY("{ %#x, %#x }", rl.cur, rl.max);
	CALL(NR_getrlimit, RLIMIT_STACK, P(&rl));
	SAY("{ %#x, %#x }", rl.cur, rl.max);
	CALL(NR_ugetrlimit, RLIMIT_NOFILE, P(&rl));
	SAY("{ %#x, %#x }", rl.cur, rl.max);
	CALL(NR_ugetrlimit, 99, P(&rl));
	CALL(NR_ugetrlimit, RLIMIT_STACK, BAD);
	CALL(NR_getrlimit, 99, P(&rl));
	CALL(NR_getrlimit, RLIMIT_STACK, BAD);

	rl = (typeof(rl)){ 4096, 0xffffffff };
	CALL(NR_setrlimit, RLIMIT_CORE, P(&rl));
	CALL(NR_prlimit64, 0, RLIMIT_CORE, 0, P(&rl64));
	SAY("{ %#llx, %#llx }", (unsigned long long)rl64.cur, (unsigned long long)rl64.max);
	rl = (typeof(rl)){ 0xfffffffe, 0xffffffff };
	CALL(NR_setrlimit, RLIMIT_CORE, P(&rl));
	CALL(NR_getrlimit, RLIMIT_CORE, P(&rl));
	SAY("{ %#x, %#x }", rl.cur, rl.max);
	CALL(NR_ugetrlimit, RLIMIT_CORE, P(&rl));
	SAY("{ %#x, %#x }", rl.cur, rl.max);
	rl = (typeof(rl)){ 0xffffffff, 0xffffffff };
	CALL(NR_setrlimit, RLIMIT_NOFILE, P(&rl));
	rl = (typeof(rl)){ 2, 1 };
	CALL(NR_setrlimit, RLIMIT_CORE, P(&rl));
	CALL(NR_setrlimit, 99, BAD);
	CALL(NR_setrlimit, 99, P(&rl));

	CALL(NR_getuid);
	CALL(NR_getgid);
	CALL(NR_geteuid);
	CALL(NR_getegid);
	CALL(NR_set_robust_list, P(robust), 12);
	CALL(NR_set_robust_list, P(robust), 24);
}

static void times(void)
{
	long now = SYS(NR_time, 0);
	show("time(0) is after 2020 and fits: 1 if so", now > 1577836800L && now <= 0x7fffffffL);
	long again = SYS(NR_time, P(&t32));
	show("time(&t) stores what it returns: 1 if so", t32 == again || t32 == again - 1);
	CALL(NR_time, BAD);
	CALL(NR_gettimeofday, P(&ts32), 0);
	SAY("tv_sec near time(): %s, tv_usec < 10^6: %s", ts32.sec - now >= 0 && ts32.sec - now < 100 ? "yes" : "no",
	    (uint32_t)ts32.nsec < 1000000 ? "yes" : "no");
	tz = (typeof(tz)){ 7, 7 };
	CALL(NR_gettimeofday, 0, P(&tz));
	SAY("{ %d, %d }", tz.minuteswest, tz.dsttime);
	CALL(NR_gettimeofday, BAD, 0);

	CALL(NR_clock_gettime, CLOCK_REALTIME, P(&ts32));
	SAY("tv_sec near time(): %s, tv_nsec < 10^9: %s", ts32.sec - now >= 0 && ts32.sec - now < 100 ? "yes" : "no",
	    (uint32_t)ts32.nsec < 1000000000 ? "yes" : "no");
	CALL(NR_clock_gettime, 99, P(&ts32));
	CALL(NR_clock_gettime, CLOCK_MONOTONIC, BAD);
	memset(&ts64, 0xff, sizeof(ts64));
	CALL(NR_clock_gettime64, CLOCK_REALTIME, P(&ts64));
	SAY("tv_sec near time(): %s, tv_nsec < 10^9: %s", ts64.sec - now >= 0 && ts64.sec - now < 100 ? "yes" : "no",
	    (uint64_t)ts64.nsec < 1000000000 ? "yes" : "no");
	CALL(NR_clock_gettime64, 99, P(&ts64));
	CALL(NR_clock_getres, CLOCK_MONOTONIC, P(&ts32));
	SAY("{ %d, %d }", ts32.sec, ts32.nsec);
	CALL(NR_clock_getres, CLOCK_REALTIME_COARSE, P(&ts32));
	SAY("{ %d, %d }", ts32.sec, ts32.nsec);
	CALL(NR_clock_getres, 99, P(&ts32));
	CALL(NR_clock_getres, CLOCK_MONOTONIC, 0);
	CALL(NR_clock_getres, CLOCK_MONOTONIC, BAD);
	memset(&ts64, 0xff, sizeof(ts64));
	CALL(NR_clock_getres_time64, CLOCK_MONOTONIC, P(&ts64));
	SAY("{ %lld, %lld }", (long long)ts64.sec, (long long)ts64.nsec);

	ts32 = (typeof(ts32)){ 0, 1000 };
	CALL(NR_nanosleep, P(&ts32), 0);
	ts32 = (typeof(ts32)){ 0, 1000000000 };
	CALL(NR_nanosleep, P(&ts32), 0);
	ts32 = (typeof(ts32)){ 0, -1 };
	CALL(NR_nanosleep, P(&ts32), 0);
	ts32 = (typeof(ts32)){ -1, 0 };
	CALL(NR_nanosleep, P(&ts32), 0);
	CALL(NR_nanosleep, BAD, 0);
	ts32 = (typeof(ts32)){ 0, 1000 };
	CALL(NR_clock_nanosleep, CLOCK_MONOTONIC, 0, P(&ts32), 0);
	CALL(NR_clock_nanosleep, 99, 0, P(&ts32), 0);
	CALL(NR_clock_nanosleep, CLOCK_MONOTONIC, 0, BAD, 0);
	ts32 = (typeof(ts32)){ 0, 0 };
	CALL(NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, P(&ts32), 0);
	ts32 = (typeof(ts32)){ 0, -1 };
	CALL(NR_clock_nanosleep, CLOCK_MONOTONIC, 0, P(&ts32), 0);
	ts64 = (typeof(ts64)){ 0, (int64_t)0x7fffffff00000001ULL };	/* the upper half is padding */
	CALL(NR_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, P(&ts64), 0);
	ts64 = (typeof(ts64)){ 0, 1000000000 };
	CALL(NR_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, P(&ts64), 0);
	ts64 = (typeof(ts64)){ -1, 0 };
	CALL(NR_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, P(&ts64), 0);

	itv = (typeof(itv)){ { 0, 0 }, { 100, 0 } };
	CALL(NR_setitimer, ITIMER_REAL, P(&itv), P(&oitv));
	SAY("old { { %d, %d }, { %d, %d } }", oitv.it_interval[0], oitv.it_interval[1], oitv.it_value[0], oitv.it_value[1]);
	CALL(NR_getitimer, ITIMER_REAL, P(&oitv));
	SAY("it_value.tv_sec 99 or 100: %s, tv_usec < 10^6: %s", oitv.it_value[0] >= 99 && oitv.it_value[0] <= 100 ? "yes" : "no",
	    (uint32_t)oitv.it_value[1] < 1000000 ? "yes" : "no");
	itv = (typeof(itv)){ { 0, 0 }, { 0, 0 } };
	CALL(NR_setitimer, ITIMER_REAL, P(&itv), P(&oitv));
	SAY("old it_value.tv_sec 99 or 100: %s", oitv.it_value[0] >= 99 && oitv.it_value[0] <= 100 ? "yes" : "no");
	CALL(NR_getitimer, ITIMER_REAL, P(&oitv));
	SAY("{ { %d, %d }, { %d, %d } }", oitv.it_interval[0], oitv.it_interval[1], oitv.it_value[0], oitv.it_value[1]);
	CALL(NR_setitimer, 99, P(&itv), 0);
	itv = (typeof(itv)){ { 0, 0 }, { 1, 1000000 } };
	CALL(NR_setitimer, ITIMER_REAL, P(&itv), 0);
	itv = (typeof(itv)){ { 0, -1 }, { 1, 0 } };
	CALL(NR_setitimer, ITIMER_REAL, P(&itv), 0);
	CALL(NR_setitimer, ITIMER_REAL, BAD, 0);
	CALL(NR_getitimer, 99, P(&oitv));
	CALL(NR_getitimer, ITIMER_REAL, BAD);
}

static void show_sa(void)
{
	SAY("{ handler %#x, flags %#x, restorer %#x, mask { %#x, %#x } }", osa.handler, osa.flags, osa.restorer,
	    osa.mask[0], osa.mask[1]);
}

static void signals(void)
{
	int pid = SYS(NR_getpid);

	sa = (typeof(sa)){ 0x1234, SA_RESTART_K | SA_IA32_ABI_K | 0x1000, 0x5678, { 0x101, 0x80000000 } };
	CALL(NR_rt_sigaction, SIGUSR1, P(&sa), 0, 8);
	memset(&osa, 0xee, sizeof(osa));
	CALL(NR_rt_sigaction, SIGUSR1, 0, P(&osa), 8);
	show_sa();
	CALL(NR_rt_sigaction, SIGUSR1, P(&sa), 0, 16);
	CALL(NR_rt_sigaction, SIGKILL, P(&sa), 0, 8);
	CALL(NR_rt_sigaction, SIGSTOP, 0, P(&osa), 8);
	CALL(NR_rt_sigaction, 65, 0, P(&osa), 8);
	CALL(NR_rt_sigaction, SIGUSR1, BAD, 0, 8);
	sa.handler = 0x4321;
	CALL(NR_rt_sigaction, SIGUSR1, P(&sa), BAD, 8);
	CALL(NR_rt_sigaction, SIGUSR1, 0, P(&osa), 8);
	SAY("installed all the same: handler %#x", osa.handler);

	osa_old = (typeof(osa_old)){ 0x2222, 0x4, SA_RESETHAND_K | SA_IA32_ABI_K, 0x3333 };
	CALL(NR_sigaction, SIGUSR2, P(&osa_old), P(&osa_old2));
	SAY("old { handler %#x, mask %#x, flags %#x }", osa_old2.handler, osa_old2.mask, osa_old2.flags);
	CALL(NR_rt_sigaction, SIGUSR2, 0, P(&osa), 8);
	show_sa();
	CALL(NR_sigaction, SIGUSR2, 0, P(&osa_old2));
	SAY("{ handler %#x, mask %#x, flags %#x, restorer %#x }", osa_old2.handler, osa_old2.mask, osa_old2.flags,
	    osa_old2.restorer);
	CALL(NR_sigaction, SIGKILL, P(&osa_old), 0);
	CALL(NR_sigaction, SIGUSR2, BAD, 0);
	CALL(NR_sigaction, SIGUSR2, 0, BAD);
	show("signal(SIGUSR2, 0x1111): the old handler", SYS(NR_signal, SIGUSR2, 0x1111));
	CALL(NR_rt_sigaction, SIGUSR2, 0, P(&osa), 8);
	show_sa();
	CALL(NR_signal, SIGKILL, 0x1111);
	CALL(NR_signal, SIGUSR1, 0);
	CALL(NR_signal, SIGUSR2, 0);

	set32[0] = 1u << (SIGUSR1 - 1);
	set32[1] = 1u << (40 - 33);
	CALL(NR_rt_sigprocmask, SIG_BLOCK, P(set32), 0, 8);
	old32 = 0xeeeeeeee;
	set32[0] = 0;
	CALL(NR_sigprocmask, SIG_SETMASK, P(set32), P(&old32));
	SAY("old %#x", old32);
	CALL(NR_rt_sigprocmask, SIG_BLOCK, 0, P(oset32), 8);
	SAY("{ %#x, %#x }: SIG_SETMASK of the old call keeps signals 33-64", oset32[0], oset32[1]);
	set32[0] = 1u << (SIGUSR2 - 1);
	CALL(NR_sigprocmask, SIG_BLOCK, P(set32), 0);
	CALL(NR_sigprocmask, 99, P(set32), 0);
	CALL(NR_sigprocmask, SIG_BLOCK, BAD, 0);
	CALL(NR_rt_sigprocmask, 99, P(set32), 0, 8);
	CALL(NR_rt_sigprocmask, SIG_BLOCK, P(set32), 0, 16);

	CALL(NR_kill, pid, SIGUSR2);
	CALL(NR_sigpending, P(&old32));
	SAY("%#x", old32);
	CALL(NR_sigpending, BAD);
	si = (typeof(si)){ 0, 0, -1 /* SI_QUEUE */, pid, 0, 42 };
	CALL(NR_rt_sigqueueinfo, pid, 40, P(&si));
	si.code = 0;
	CALL(NR_rt_sigqueueinfo, pid, 40, P(&si));
	CALL(NR_rt_sigqueueinfo, 99999, 40, P(&si));
	si.code = -1;
	CALL(NR_rt_sigqueueinfo, 99999, 40, P(&si));
	CALL(NR_rt_sigqueueinfo, pid, 40, BAD);
	CALL(NR_rt_sigqueueinfo, pid, 65, P(&si));
	memset(oset32, 0xee, sizeof(oset32));
	CALL(NR_rt_sigpending, P(oset32), 8);
	SAY("{ %#x, %#x }", oset32[0], oset32[1]);
	CALL(NR_rt_sigpending, P(oset32), 16);
	CALL(NR_rt_sigsuspend, P(set32), 16);
	CALL(NR_rt_sigsuspend, BAD, 8);
	CALL(NR_signal, SIGUSR2, 1 /* SIG_IGN: drops it */);
	CALL(NR_signal, 40, 1);
	set32[0] = set32[1] = 0;
	CALL(NR_rt_sigprocmask, SIG_SETMASK, P(set32), 0, 8);
	CALL(NR_rt_sigpending, P(oset32), 8);
	SAY("{ %#x, %#x }", oset32[0], oset32[1]);

	ss = (typeof(ss)){ P(altstack), 0, sizeof(altstack), 0 };
	CALL(NR_sigaltstack, P(&ss), 0);
	memset(&oss, 0xee, sizeof(oss));
	CALL(NR_sigaltstack, 0, P(&oss));
	SAY("ss_sp is the buffer: %s, ss_flags %d, ss_size %u, next word untouched: %s",
	    oss.sp == P(altstack) ? "yes" : "no", oss.flags, oss.size, oss.guard == 0xeeeeeeee ? "yes" : "no");
	ss.size = 1000;
	CALL(NR_sigaltstack, P(&ss), 0);
	ss = (typeof(ss)){ P(altstack), 99, sizeof(altstack), 0 };
	CALL(NR_sigaltstack, P(&ss), 0);
	CALL(NR_sigaltstack, BAD, 0);
	CALL(NR_sigaltstack, 0, BAD);
	ss = (typeof(ss)){ 0, 2 /* SS_DISABLE */, 0, 0 };
	CALL(NR_sigaltstack, P(&ss), 0);
	CALL(NR_sigaltstack, 0, P(&oss));
	SAY("{ %#x, %d, %u }", oss.sp, oss.flags, oss.size);
}

/*
 * A sleep a handler interrupts writes the time left as struct
 * old_timespec32 (8 bytes, the next 8 untouched); restart_syscall, called
 * by hand, goes on with the same sleep and the same layout.
 */
static void on_alarm(int sig) { (void)sig; }

static void restart(void)
{
	static unsigned char rem[16];
	struct sigaction act = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &act, NULL);
	ts32 = (typeof(ts32)){ 3, 0 };
	memset(rem, 0xee, sizeof(rem));
	alarm(1);
	CALL(NR_nanosleep, P(&ts32), P(rem));
	int32_t left[2];
	memcpy(left, rem, 8);
	SAY("time left 1 or 2 s: %s, tv_nsec < 10^9: %s, bytes 8-15 untouched: %s",
	    left[0] >= 1 && left[0] <= 2 ? "yes" : "no", (uint32_t)left[1] < 1000000000 ? "yes" : "no",
	    rem[8] == 0xee && rem[15] == 0xee ? "yes" : "no");
	memset(rem, 0xee, sizeof(rem));
	alarm(1);
	CALL(NR_restart_syscall);
	memcpy(left, rem, 8);
	SAY("time left 0 or 1 s: %s, tv_nsec < 10^9: %s, bytes 8-15 untouched: %s",
	    left[0] >= 0 && left[0] <= 1 ? "yes" : "no", (uint32_t)left[1] < 1000000000 ? "yes" : "no",
	    rem[8] == 0xee && rem[15] == 0xee ? "yes" : "no");
	ts32 = (typeof(ts32)){ 0, 0 };
	alarm(0);
}

int main(int argc, char **argv)
{
	printf("compat32%s\n", argc > 1 ? " restart" : "");
	if (argc > 1 && strcmp(argv[1], "restart") == 0) {
		restart();
		return 0;
	}
	memory();
	io();
	limits();
	times();
	signals();
	printf("done\n");
	return 0;
}
