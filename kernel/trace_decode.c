// SPDX-License-Identifier: MIT
/*
 * The tracer's argument decoders: flags and constants printed by name, the
 * way strace prints them, for any call Linux has, implemented or not.
 *
 *   mmap(addr=0, len=8192, prot=PROT_READ|PROT_WRITE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, off=0)
 *   openat(dfd=AT_FDCWD, filename=0x4020a0 "/etc/passwd", flags=O_RDONLY|O_CLOEXEC, mode=000)
 *   rt_sigaction(sig=SIGINT, act=0x7ffffffde8a0, oact=0, sigsetsize=8)
 *
 * A flags argument prints the names of the bits it knows, in strace's order,
 * and what is left in hex (PROT_READ|0x100); a code (a command, a clock, a
 * resource) prints its name, or its value in hex and the prefix its names
 * share (0x4d MADV_??? in a comment), as strace does.
 *
 * Which decoder an argument gets is decided by the call's and the
 * argument's names in Linux's tables (arch/x86/entry/syscalls/linux_*.tsv),
 * not trapdoor's: the table decoders[] at the end. The values are Linux's;
 * tests/suites/linux_syscalls.py checks every N(value, NAME), FIELD(value,
 * NAME, mask) and numeric #define below against the uapi headers installed
 * on the build machine, and every name in decoders[] against Linux's tables.
 * tests/suites/trace.py compares what they print with strace.
 */
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>
#include "trace_decode.h"

/*
 * One name. It is printed when the bits of mask hold value, and then those
 * bits are taken out; mask 0 means mask = value (a one-bit flag). A field,
 * such as open's access mode, lists each of its values with the field's mask.
 * Every value Linux names fits in 32 bits.
 */
struct xlat {
	unsigned int value, mask;
	const char *name;
};
#define N(value, name)		{ value, 0, #name }
#define FIELD(value, name, mask) { value, mask, #name }
#define ALL	0xffffffff	/* a name for the whole value: PROT_NONE is 0 and nothing else */

static const struct xlat prot_flags[] = {
	FIELD(0, PROT_NONE, ALL), N(0x1, PROT_READ), N(0x2, PROT_WRITE), N(0x4, PROT_EXEC),
	N(0x8, PROT_SEM), N(0x01000000, PROT_GROWSDOWN), N(0x02000000, PROT_GROWSUP),
	{ 0 }
};

/* mmap's flags; the top 6 bits are a huge page size, printed as N<<MAP_HUGE_SHIFT. */
#define MAP_HUGE_SHIFT	26
#define MAP_HUGE_MASK	0x3f
static const struct xlat mmap_flags[] = {
	FIELD(0, MAP_FILE, 0xf), FIELD(0x1, MAP_SHARED, 0xf), FIELD(0x2, MAP_PRIVATE, 0xf),
	FIELD(0x3, MAP_SHARED_VALIDATE, 0xf),
	N(0x10, MAP_FIXED), N(0x20, MAP_ANONYMOUS), N(0x40, MAP_32BIT),
	N(0x4000, MAP_NORESERVE), N(0x8000, MAP_POPULATE), N(0x10000, MAP_NONBLOCK),
	N(0x100, MAP_GROWSDOWN), N(0x800, MAP_DENYWRITE), N(0x1000, MAP_EXECUTABLE),
	N(0x2000, MAP_LOCKED), N(0x20000, MAP_STACK), N(0x40000, MAP_HUGETLB),
	N(0x80000, MAP_SYNC), N(0x100000, MAP_FIXED_NOREPLACE),
	{ 0 }
};

static const struct xlat mremap_flags[] = {
	N(1, MREMAP_MAYMOVE), N(2, MREMAP_FIXED), N(4, MREMAP_DONTUNMAP),
	{ 0 }
};

static const struct xlat madvise_advice[] = {
	N(0, MADV_NORMAL), N(1, MADV_RANDOM), N(2, MADV_SEQUENTIAL), N(3, MADV_WILLNEED),
	N(4, MADV_DONTNEED), N(8, MADV_FREE), N(9, MADV_REMOVE), N(10, MADV_DONTFORK),
	N(11, MADV_DOFORK), N(12, MADV_MERGEABLE), N(13, MADV_UNMERGEABLE),
	N(14, MADV_HUGEPAGE), N(15, MADV_NOHUGEPAGE), N(16, MADV_DONTDUMP),
	N(17, MADV_DODUMP), N(18, MADV_WIPEONFORK), N(19, MADV_KEEPONFORK),
	N(20, MADV_COLD), N(21, MADV_PAGEOUT), N(22, MADV_POPULATE_READ),
	N(23, MADV_POPULATE_WRITE), N(24, MADV_DONTNEED_LOCKED), N(25, MADV_COLLAPSE),
	N(100, MADV_HWPOISON), N(101, MADV_SOFT_OFFLINE),
	{ 0 }
};

static const struct xlat arch_prctl_codes[] = {
	N(0x1001, ARCH_SET_GS), N(0x1002, ARCH_SET_FS), N(0x1003, ARCH_GET_FS),
	N(0x1004, ARCH_GET_GS), N(0x1011, ARCH_GET_CPUID), N(0x1012, ARCH_SET_CPUID),
	N(0x1021, ARCH_GET_XCOMP_SUPP), N(0x1022, ARCH_GET_XCOMP_PERM),
	N(0x1023, ARCH_REQ_XCOMP_PERM), N(0x1024, ARCH_GET_XCOMP_GUEST_PERM),
	N(0x1025, ARCH_REQ_XCOMP_GUEST_PERM), N(0x2001, ARCH_MAP_VDSO_X32),
	N(0x2002, ARCH_MAP_VDSO_32), N(0x2003, ARCH_MAP_VDSO_64),
	{ 0 }
};

/* open's flags: the access mode (a field), then the flags in strace's order. */
#define O_ACCMODE	03
static const struct xlat open_flags[] = {
	FIELD(00, O_RDONLY, O_ACCMODE), FIELD(01, O_WRONLY, O_ACCMODE), FIELD(02, O_RDWR, O_ACCMODE),
	FIELD(03, O_ACCMODE, O_ACCMODE),
#define OPEN_FLAGS_NO_ACCMODE	(open_flags + 4)	/* dup3, pipe2: only O_CLOEXEC and such */
	N(0100, O_CREAT), N(0200, O_EXCL), N(0400, O_NOCTTY), N(01000, O_TRUNC),
	N(02000, O_APPEND), N(04000, O_NONBLOCK), N(04010000, O_SYNC), N(010000, O_DSYNC),
	N(04000000, __O_SYNC), N(040000, O_DIRECT), N(0100000, O_LARGEFILE),
	N(0400000, O_NOFOLLOW), N(01000000, O_NOATIME), N(02000000, O_CLOEXEC),
	N(010000000, O_PATH), N(020200000, O_TMPFILE), N(020000000, __O_TMPFILE),
	N(0200000, O_DIRECTORY), N(020000, FASYNC),
	{ 0 }
};

static const struct xlat fd_flags[] = {
	N(1, FD_CLOEXEC),
	{ 0 }
};

#define F_DUPFD		0
#define F_SETFD		2
#define F_SETFL		4
#define F_SETOWN	8
#define F_SETSIG	10
#define F_DUPFD_CLOEXEC	1030
#define F_SETPIPE_SZ	1031
static const struct xlat fcntl_cmds[] = {
	N(0, F_DUPFD), N(1, F_GETFD), N(2, F_SETFD), N(3, F_GETFL), N(4, F_SETFL),
	N(5, F_GETLK), N(6, F_SETLK), N(7, F_SETLKW), N(8, F_SETOWN), N(9, F_GETOWN),
	N(10, F_SETSIG), N(11, F_GETSIG), N(12, F_GETLK64), N(13, F_SETLK64),
	N(14, F_SETLKW64), N(15, F_SETOWN_EX), N(16, F_GETOWN_EX), N(17, F_GETOWNER_UIDS),
	N(36, F_OFD_GETLK), N(37, F_OFD_SETLK), N(38, F_OFD_SETLKW),
	N(1024, F_SETLEASE), N(1025, F_GETLEASE), N(1026, F_NOTIFY), N(1029, F_CANCELLK),
	N(1030, F_DUPFD_CLOEXEC), N(1031, F_SETPIPE_SZ), N(1032, F_GETPIPE_SZ),
	N(1033, F_ADD_SEALS), N(1034, F_GET_SEALS), N(1035, F_GET_RW_HINT),
	N(1036, F_SET_RW_HINT), N(1037, F_GET_FILE_RW_HINT), N(1038, F_SET_FILE_RW_HINT),
	{ 0 }
};

#define AT_FDCWD	-100
static const struct xlat at_flags[] = {
	N(0x100, AT_SYMLINK_NOFOLLOW), N(0x200, AT_REMOVEDIR), N(0x400, AT_SYMLINK_FOLLOW),
	N(0x800, AT_NO_AUTOMOUNT), N(0x1000, AT_EMPTY_PATH), N(0x8000, AT_RECURSIVE),
	{ 0 }
};

static const struct xlat faccessat2_flags[] = {	/* 0x200 means something else here */
	N(0x100, AT_SYMLINK_NOFOLLOW), N(0x200, AT_EACCESS), N(0x1000, AT_EMPTY_PATH),
	{ 0 }
};

static const struct xlat access_modes[] = {
	FIELD(0, F_OK, ALL), N(4, R_OK), N(2, W_OK), N(1, X_OK),
	{ 0 }
};

static const struct xlat seek_whence[] = {
	N(0, SEEK_SET), N(1, SEEK_CUR), N(2, SEEK_END), N(3, SEEK_DATA), N(4, SEEK_HOLE),
	{ 0 }
};

/* Terminal and file ioctls; others print as _IOC(direction, type, number, size). */
static const struct xlat ioctl_cmds[] = {
	N(0x5401, TCGETS), N(0x5402, TCSETS), N(0x5403, TCSETSW), N(0x5404, TCSETSF),
	N(0x5405, TCGETA), N(0x5406, TCSETA), N(0x5407, TCSETAW), N(0x5408, TCSETAF),
	N(0x5409, TCSBRK), N(0x540a, TCXONC), N(0x540b, TCFLSH), N(0x540c, TIOCEXCL),
	N(0x540d, TIOCNXCL), N(0x540e, TIOCSCTTY), N(0x540f, TIOCGPGRP),
	N(0x5410, TIOCSPGRP), N(0x5411, TIOCOUTQ), N(0x5412, TIOCSTI),
	N(0x5413, TIOCGWINSZ), N(0x5414, TIOCSWINSZ), N(0x541b, FIONREAD),
	N(0x541c, TIOCLINUX), N(0x541d, TIOCCONS), N(0x5421, FIONBIO), N(0x5422, TIOCNOTTY),
	N(0x5429, TIOCGSID), N(0x802c542a, TCGETS2), N(0x402c542b, TCSETS2),
	N(0x80045430, TIOCGPTN), N(0x40045431, TIOCSPTLCK), N(0x5441, TIOCGPTPEER),
	N(0x5450, FIONCLEX), N(0x5451, FIOCLEX), N(0x5452, FIOASYNC),
	{ 0 }
};

static const struct xlat sigprocmask_how[] = {
	N(0, SIG_BLOCK), N(1, SIG_UNBLOCK), N(2, SIG_SETMASK),
	{ 0 }
};

/* x86's signal numbers. 32 and up are real-time: SIGRTMIN, SIGRT_1, ... SIGRT_32. */
#define SIGRTMIN	32
#define SIGRTMAX	64
static const struct xlat signals[] = {
	N(1, SIGHUP), N(2, SIGINT), N(3, SIGQUIT), N(4, SIGILL), N(5, SIGTRAP),
	N(6, SIGABRT), N(7, SIGBUS), N(8, SIGFPE), N(9, SIGKILL), N(10, SIGUSR1),
	N(11, SIGSEGV), N(12, SIGUSR2), N(13, SIGPIPE), N(14, SIGALRM), N(15, SIGTERM),
	N(16, SIGSTKFLT), N(17, SIGCHLD), N(18, SIGCONT), N(19, SIGSTOP),
	N(20, SIGTSTP), N(21, SIGTTIN), N(22, SIGTTOU), N(23, SIGURG), N(24, SIGXCPU),
	N(25, SIGXFSZ), N(26, SIGVTALRM), N(27, SIGPROF), N(28, SIGWINCH), N(29, SIGIO),
	N(30, SIGPWR), N(31, SIGSYS),
	{ 0 }
};

static const struct xlat clocks[] = {
	N(0, CLOCK_REALTIME), N(1, CLOCK_MONOTONIC), N(2, CLOCK_PROCESS_CPUTIME_ID),
	N(3, CLOCK_THREAD_CPUTIME_ID), N(4, CLOCK_MONOTONIC_RAW), N(5, CLOCK_REALTIME_COARSE),
	N(6, CLOCK_MONOTONIC_COARSE), N(7, CLOCK_BOOTTIME), N(8, CLOCK_REALTIME_ALARM),
	N(9, CLOCK_BOOTTIME_ALARM), N(10, CLOCK_SGI_CYCLE), N(11, CLOCK_TAI),
	{ 0 }
};

static const struct xlat timer_flags[] = {
	N(1, TIMER_ABSTIME),
	{ 0 }
};

static const struct xlat rlimits[] = {
	N(0, RLIMIT_CPU), N(1, RLIMIT_FSIZE), N(2, RLIMIT_DATA), N(3, RLIMIT_STACK),
	N(4, RLIMIT_CORE), N(5, RLIMIT_RSS), N(6, RLIMIT_NPROC), N(7, RLIMIT_NOFILE),
	N(8, RLIMIT_MEMLOCK), N(9, RLIMIT_AS), N(10, RLIMIT_LOCKS),
	N(11, RLIMIT_SIGPENDING), N(12, RLIMIT_MSGQUEUE), N(13, RLIMIT_NICE),
	N(14, RLIMIT_RTPRIO), N(15, RLIMIT_RTTIME),
	{ 0 }
};

static const struct xlat prctl_options[] = {
	N(1, PR_SET_PDEATHSIG), N(2, PR_GET_PDEATHSIG), N(3, PR_GET_DUMPABLE),
	N(4, PR_SET_DUMPABLE), N(5, PR_GET_UNALIGN), N(6, PR_SET_UNALIGN),
	N(7, PR_GET_KEEPCAPS), N(8, PR_SET_KEEPCAPS), N(9, PR_GET_FPEMU),
	N(10, PR_SET_FPEMU), N(11, PR_GET_FPEXC), N(12, PR_SET_FPEXC),
	N(13, PR_GET_TIMING), N(14, PR_SET_TIMING), N(15, PR_SET_NAME),
	N(16, PR_GET_NAME), N(19, PR_GET_ENDIAN), N(20, PR_SET_ENDIAN),
	N(21, PR_GET_SECCOMP), N(22, PR_SET_SECCOMP), N(23, PR_CAPBSET_READ),
	N(24, PR_CAPBSET_DROP), N(25, PR_GET_TSC), N(26, PR_SET_TSC),
	N(27, PR_GET_SECUREBITS), N(28, PR_SET_SECUREBITS), N(29, PR_SET_TIMERSLACK),
	N(30, PR_GET_TIMERSLACK), N(31, PR_TASK_PERF_EVENTS_DISABLE),
	N(32, PR_TASK_PERF_EVENTS_ENABLE), N(33, PR_MCE_KILL), N(34, PR_MCE_KILL_GET),
	N(35, PR_SET_MM), N(36, PR_SET_CHILD_SUBREAPER), N(37, PR_GET_CHILD_SUBREAPER),
	N(38, PR_SET_NO_NEW_PRIVS), N(39, PR_GET_NO_NEW_PRIVS), N(40, PR_GET_TID_ADDRESS),
	N(41, PR_SET_THP_DISABLE), N(42, PR_GET_THP_DISABLE),
	N(43, PR_MPX_ENABLE_MANAGEMENT), N(44, PR_MPX_DISABLE_MANAGEMENT),
	N(45, PR_SET_FP_MODE), N(46, PR_GET_FP_MODE), N(47, PR_CAP_AMBIENT),
	N(50, PR_SVE_SET_VL), N(51, PR_SVE_GET_VL), N(52, PR_GET_SPECULATION_CTRL),
	N(53, PR_SET_SPECULATION_CTRL), N(54, PR_PAC_RESET_KEYS),
	N(55, PR_SET_TAGGED_ADDR_CTRL), N(56, PR_GET_TAGGED_ADDR_CTRL),
	N(57, PR_SET_IO_FLUSHER), N(58, PR_GET_IO_FLUSHER),
	N(59, PR_SET_SYSCALL_USER_DISPATCH), N(60, PR_PAC_SET_ENABLED_KEYS),
	N(61, PR_PAC_GET_ENABLED_KEYS), N(62, PR_SCHED_CORE), N(63, PR_SME_SET_VL),
	N(64, PR_SME_GET_VL), N(0x53564d41, PR_SET_VMA), N(0x59616d61, PR_SET_PTRACER),
	{ 0 }
};

static const struct xlat getrandom_flags[] = {
	N(1, GRND_NONBLOCK), N(2, GRND_RANDOM), N(4, GRND_INSECURE),
	{ 0 }
};

/* futex's op: a command, _PRIVATE if FUTEX_PRIVATE_FLAG, |FUTEX_CLOCK_REALTIME. */
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
static const struct xlat futex_cmds[] = {
	N(0, FUTEX_WAIT), N(1, FUTEX_WAKE), N(2, FUTEX_FD), N(3, FUTEX_REQUEUE),
	N(4, FUTEX_CMP_REQUEUE), N(5, FUTEX_WAKE_OP), N(6, FUTEX_LOCK_PI),
	N(7, FUTEX_UNLOCK_PI), N(8, FUTEX_TRYLOCK_PI), N(9, FUTEX_WAIT_BITSET),
	N(10, FUTEX_WAKE_BITSET), N(11, FUTEX_WAIT_REQUEUE_PI), N(12, FUTEX_CMP_REQUEUE_PI),
	N(13, FUTEX_LOCK_PI2),
	{ 0 }
};

/* ---- Printing --------------------------------------------------------------------- */

/* Names for the bits of v, '|' between them, what is left in hex; "0" for nothing. */
static void emit_flags(const struct xlat *x, unsigned long v)
{
	bool any = false;

	for (; x->name; x++) {
		unsigned long mask = x->mask == ALL ? ~0UL : x->mask ? x->mask : x->value;

		if (mask && (v & mask) == x->value) {
			trace_emit("%s%s", any ? "|" : "", x->name);
			any = true;
			v &= ~mask;
		}
	}
	if (v || !any)
		trace_emit(any ? "|%#lx" : "%#lx", v);
}

static const char *lookup(const struct xlat *x, unsigned long v)
{
	for (; x->name; x++)
		if (x->value == v)
			return x->name;
	return NULL;
}

/* A code's name, or its value in hex and the prefix of its kind: 0x4d MADV_??? */
static void emit_code(const struct xlat *x, unsigned long v, const char *prefix)
{
	const char *name = lookup(x, v);

	if (name)
		trace_emit("%s", name);
	else
		trace_emit("%#lx /* %s??? */", v, prefix);
}

static void emit_signal(int sig)
{
	const char *name = lookup(signals, sig);

	if (name)
		trace_emit("%s", name);
	else if (sig == SIGRTMIN)
		trace_emit("SIGRTMIN");
	else if (sig > SIGRTMIN && sig <= SIGRTMAX)
		trace_emit("SIGRT_%d", sig - SIGRTMIN);
	else
		trace_emit("%d", sig);
}

/* A file mode in octal, as strace writes it (C's "%#03o"): 0644, 007, 000. */
void trace_emit_mode(unsigned long v)
{
	char digits[24];
	int n = 0;

	for (; v; v >>= 3)
		digits[n++] = '0' + (v & 7);
	digits[n++] = '0';		/* the leading 0 of octal; for 0, the 0 itself */
	while (n < 3)
		digits[n++] = '0';
	while (n)
		trace_emit("%c", digits[--n]);
}

/* An ioctl command by name, or its four fields: _IOC(_IOC_READ, 0x54, 0x13, 0x8). */
static void emit_ioctl(unsigned int cmd)
{
	static const char *const dir[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE" };
	const char *name = lookup(ioctl_cmds, cmd);

	if (name)
		trace_emit("%s", name);
	else
		trace_emit("_IOC(%s, %#x, %#x, %#x)", dir[cmd >> 30], (cmd >> 8) & 0xff, cmd & 0xff,
			   (cmd >> 16) & 0x3fff);
}

static void emit_futex_op(unsigned int op)
{
	const char *name = lookup(futex_cmds, op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));

	if (!name) {
		trace_emit("%#x /* FUTEX_??? */", op);
		return;
	}
	trace_emit("%s%s%s", name, op & FUTEX_PRIVATE_FLAG ? "_PRIVATE" : "",
		   op & FUTEX_CLOCK_REALTIME ? "|FUTEX_CLOCK_REALTIME" : "");
}

/* mmap's flags, and its huge page size if any: MAP_PRIVATE|MAP_HUGETLB|21<<MAP_HUGE_SHIFT. */
static void emit_mmap_flags(unsigned long v)
{
	unsigned long huge = (v >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;

	emit_flags(mmap_flags, v & ~((unsigned long)MAP_HUGE_MASK << MAP_HUGE_SHIFT));
	if (huge)
		trace_emit("|%lu<<MAP_HUGE_SHIFT", huge);
}

/* fcntl's third argument, which means what its command says. */
static void emit_fcntl_arg(unsigned int cmd, unsigned long v)
{
	switch (cmd) {
	case F_SETFD:
		emit_flags(fd_flags, v);
		break;
	case F_SETFL:
		emit_flags(open_flags, v);
		break;
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETSIG: case F_SETPIPE_SZ:
		trace_emit("%d", (int)v);
		break;
	default:
		trace_emit("%#lx", v);
	}
}

/* ---- Which argument gets which decoder ---------------------------------------- */

enum how {
	FLAGS,		/* emit_flags(xlat) */
	CODE,		/* emit_code(xlat, unknown) */
	DIRFD,		/* AT_FDCWD or the number */
	FD,		/* a file descriptor Linux declares unsigned long: -1, not 18446744073709551615 */
	ADDRESS,	/* an address Linux declares unsigned long: hex */
	HEX,
	MODE,
	SIGNAL,
	IOCTL,
	FUTEX_OP,
	MMAP_FLAGS,
	FCNTL_ARG,
};

struct decoder {
	const char *call;	/* Linux's name for the call (either ABI); NULL: any call */
	const char *arg;	/* Linux's name for the argument */
	enum how how;
	const struct xlat *xlat;
	const char *unknown;	/* CODE: the prefix of the names, for a value without one */
};

#define DECODE(call, arg, how)			{ call, arg, how, NULL, NULL }
#define FLAGS_OF(call, arg, xlat)		{ call, arg, FLAGS, xlat, NULL }
#define CODE_OF(call, arg, xlat, unknown)	{ call, arg, CODE, xlat, unknown }

static const struct decoder decoders[] = {
	/* Memory */
	FLAGS_OF("mmap", "prot", prot_flags),
	FLAGS_OF("mmap2", "prot", prot_flags),
	FLAGS_OF("mprotect", "prot", prot_flags),
	FLAGS_OF("pkey_mprotect", "prot", prot_flags),
	FLAGS_OF("remap_file_pages", "prot", prot_flags),
	DECODE("mmap", "flags", MMAP_FLAGS),
	DECODE("mmap2", "flags", MMAP_FLAGS),
	DECODE("mmap", "fd", FD),
	DECODE("mmap2", "fd", FD),
	DECODE("mmap", "off", HEX),
	FLAGS_OF("mremap", "flags", mremap_flags),
	CODE_OF("madvise", "behavior", madvise_advice, "MADV_"),
	CODE_OF("process_madvise", "behavior", madvise_advice, "MADV_"),
	DECODE("brk", "brk", ADDRESS),
	DECODE(NULL, "addr", ADDRESS),
	DECODE(NULL, "start", ADDRESS),
	DECODE(NULL, "new_addr", ADDRESS),
	/* Files */
	FLAGS_OF("open", "flags", open_flags),
	FLAGS_OF("openat", "flags", open_flags),
	DECODE("open", "mode", MODE),
	DECODE("openat", "mode", MODE),
	FLAGS_OF("dup3", "flags", OPEN_FLAGS_NO_ACCMODE),
	FLAGS_OF("pipe2", "flags", OPEN_FLAGS_NO_ACCMODE),
	DECODE(NULL, "dfd", DIRFD),
	DECODE(NULL, "olddfd", DIRFD),
	DECODE(NULL, "newdfd", DIRFD),
	DECODE("execveat", "fd", DIRFD),
	FLAGS_OF("newfstatat", "flag", at_flags),
	FLAGS_OF("fstatat64", "flag", at_flags),
	FLAGS_OF("statx", "flags", at_flags),
	FLAGS_OF("unlinkat", "flag", at_flags),
	FLAGS_OF("fchownat", "flag", at_flags),
	FLAGS_OF("linkat", "flags", at_flags),
	FLAGS_OF("utimensat", "flags", at_flags),
	FLAGS_OF("execveat", "flags", at_flags),
	FLAGS_OF("faccessat2", "flags", faccessat2_flags),
	FLAGS_OF("access", "mode", access_modes),
	FLAGS_OF("faccessat", "mode", access_modes),
	FLAGS_OF("faccessat2", "mode", access_modes),
	CODE_OF("lseek", "whence", seek_whence, "SEEK_"),
	CODE_OF("_llseek", "whence", seek_whence, "SEEK_"),
	CODE_OF("fcntl", "cmd", fcntl_cmds, "F_"),
	CODE_OF("fcntl64", "cmd", fcntl_cmds, "F_"),
	DECODE("fcntl", "arg", FCNTL_ARG),
	DECODE("fcntl64", "arg", FCNTL_ARG),
	DECODE("ioctl", "cmd", IOCTL),
	DECODE("ioctl", "arg", HEX),		/* mostly a pointer */
	/* Signals */
	CODE_OF("rt_sigprocmask", "how", sigprocmask_how, "SIG_"),
	CODE_OF("sigprocmask", "how", sigprocmask_how, "SIG_"),
	DECODE("rt_sigaction", "sig", SIGNAL),
	DECODE("sigaction", "sig", SIGNAL),
	DECODE("signal", "sig", SIGNAL),
	DECODE("kill", "sig", SIGNAL),
	DECODE("tkill", "sig", SIGNAL),
	DECODE("tgkill", "sig", SIGNAL),
	DECODE("rt_sigqueueinfo", "sig", SIGNAL),
	DECODE("rt_tgsigqueueinfo", "sig", SIGNAL),
	DECODE("pidfd_send_signal", "sig", SIGNAL),
	/* Time */
	CODE_OF(NULL, "which_clock", clocks, "CLOCK_"),
	CODE_OF("timerfd_create", "clockid", clocks, "CLOCK_"),
	FLAGS_OF("clock_nanosleep", "flags", timer_flags),
	FLAGS_OF("clock_nanosleep_time64", "flags", timer_flags),
	FLAGS_OF("timer_settime", "flags", timer_flags),
	FLAGS_OF("timer_settime64", "flags", timer_flags),
	DECODE("futex", "op", FUTEX_OP),
	DECODE("futex_time64", "op", FUTEX_OP),
	/* The process */
	CODE_OF("getrlimit", "resource", rlimits, "RLIMIT_"),
	CODE_OF("ugetrlimit", "resource", rlimits, "RLIMIT_"),
	CODE_OF("setrlimit", "resource", rlimits, "RLIMIT_"),
	CODE_OF("prlimit64", "resource", rlimits, "RLIMIT_"),
	CODE_OF("prctl", "option", prctl_options, "PR_"),
	CODE_OF("arch_prctl", "option", arch_prctl_codes, "ARCH_"),
	DECODE("arch_prctl", "arg2", HEX),	/* an address to set, or to store one at */
	DECODE("prctl", "arg2", HEX),		/* each means what the option says */
	DECODE("prctl", "arg3", HEX),
	DECODE("prctl", "arg4", HEX),
	DECODE("prctl", "arg5", HEX),
	FLAGS_OF("getrandom", "flags", getrandom_flags),
	DECODE("rseq", "sig", HEX),		/* a signature, 0x53053053 */
};

static bool is(struct span s, const char *name)
{
	return strlen(name) == s.len && memcmp(s.s, name, s.len) == 0;
}

bool trace_decode(struct span call, struct span arg, unsigned long v, const unsigned long *args)
{
	const struct decoder *d;

	for (d = decoders; d < decoders + ARRAY_SIZE(decoders); d++)
		if (is(arg, d->arg) && (!d->call || is(call, d->call)))
			break;
	if (d == decoders + ARRAY_SIZE(decoders))
		return false;

	switch (d->how) {
	case FLAGS:	emit_flags(d->xlat, v); break;
	case CODE:	emit_code(d->xlat, v, d->unknown); break;
	case DIRFD:
		if ((int)v == AT_FDCWD)
			trace_emit("AT_FDCWD");
		else
			trace_emit("%d", (int)v);
		break;
	case FD:	trace_emit("%d", (int)v); break;
	case ADDRESS:
	case HEX:	trace_emit("%#lx", v); break;
	case MODE:	trace_emit_mode(v); break;
	case SIGNAL:	emit_signal((int)v); break;
	case IOCTL:	emit_ioctl(v); break;
	case FUTEX_OP:	emit_futex_op(v); break;
	case MMAP_FLAGS: emit_mmap_flags(v); break;
	case FCNTL_ARG:	emit_fcntl_arg(args[1], v); break;
	}
	return true;
}

/* Calls whose result is an address, which prints in hex as strace prints it. */
bool trace_returns_address(struct span call)
{
	static const char *const calls[] = { "brk", "mmap", "mmap2", "mremap", "shmat" };

	for (size_t i = 0; i < ARRAY_SIZE(calls); i++)
		if (is(call, calls[i]))
			return true;
	return false;
}
