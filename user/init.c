// SPDX-License-Identifier: MIT
/*
 * init: the first program. It makes every system call through both entries,
 * SYSCALL and int $0x80, checks each result and the register contract, and
 * prints TAP ("ok 7 - write via int 0x80 returns the byte count"). It exits
 * with its number of failures, so the kernel powers off with success only if
 * everything held. "init stdin" also tests read() from the console; the test
 * harness then sends "hello\nZ".
 */
#include <user.h>

#define KERNEL_PTR	0xffffffff80100000UL	/* the kernel's text */
#define NONCANONICAL	0x8000000000000000UL
#define UNMAPPED	0x10000000UL		/* user space, but nothing there */

extern char _end[];		/* user/user.ld: the end of our last mapped page */
void _start(void);

static int tests, failures;

static void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	char name[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tests, name);
}

static void is(long got, long want, const char *name)
{
	ok(got == want, "%s", name);
	if (got != want)
		printf("#   got %ld (%#lx), expected %ld (%#lx)\n", got, got, want, want);
}

/* Each call through both entries: SYSCALL with the x86-64 number, int $0x80 with the ia32 one. */
static void test_identity(void)
{
	long pid = syscall0(__NR_getpid);

	ok(pid > 0, "getpid via syscall returns a positive pid (%ld)", pid);
	is(int80_0(__NR_ia32_getpid), pid, "getpid via int 0x80 returns the same pid");
	is(syscall0(__NR_getppid), 0, "getppid via syscall returns 0: the kernel started us");
	is(int80_0(__NR_ia32_getppid), 0, "getppid via int 0x80 returns 0");
}

static void test_write(void)
{
	static const char msg[] = "# write via syscall\n";
	static const char msg32[] = "# write via int 0x80\n";
	static const char err[] = "# write to fd 2\n";

	is(syscall3(__NR_write, 1, msg, sizeof(msg) - 1), sizeof(msg) - 1, "write via syscall returns the byte count");
	is(int80_3(__NR_ia32_write, 1, msg32, sizeof(msg32) - 1), sizeof(msg32) - 1, "write via int 0x80 returns the byte count");
	is(syscall3(__NR_write, 2, err, sizeof(err) - 1), sizeof(err) - 1, "write to fd 2 returns the byte count");
	is(syscall3(__NR_write, 1, msg, 0), 0, "write of 0 bytes returns 0");
	is(syscall3(__NR_write, 3, msg, 1), -EBADF, "write to fd 3 returns -EBADF");
	is(syscall3(__NR_write, -1, msg, 1), -EBADF, "write to fd -1 returns -EBADF");
	is(int80_3(__NR_ia32_write, 7, msg, 1), -EBADF, "write via int 0x80 to fd 7 returns -EBADF");
	is(syscall3(__NR_write, 1, 0, 1), -EFAULT, "write from NULL returns -EFAULT");
	is(syscall3(__NR_write, 1, KERNEL_PTR, 1), -EFAULT, "write from a kernel pointer returns -EFAULT");
	is(syscall3(__NR_write, 1, NONCANONICAL, 1), -EFAULT, "write from a non-canonical pointer returns -EFAULT");
	is(syscall3(__NR_write, 1, UNMAPPED, 1), -EFAULT, "write from an unmapped user pointer returns -EFAULT");
	is(syscall3(__NR_write, 1, (unsigned long)_end - 4, 16), -EFAULT, "write of a range running off the end of a mapping returns -EFAULT");
	is(syscall3(__NR_write, 1, KERNEL_PTR - 1, -1UL), -EFAULT, "write with a huge count returns -EFAULT");
	is(int80_3(__NR_ia32_write, 1, 0, 1), -EFAULT, "write via int 0x80 from NULL returns -EFAULT");

	/* The ia32 ABI passes 32-bit arguments: a stack address above 4 GiB is cut to its low half. */
	char stack_buf[8] = "#trunc\n";
	ok((unsigned long)stack_buf > 0xffffffffUL, "our stack lies above 4 GiB (%p)", (void *)stack_buf);
	is(int80_3(__NR_ia32_write, 1, stack_buf, 7), -EFAULT,
	   "write via int 0x80 of a buffer above 4 GiB returns -EFAULT (pointer truncated)");
}

static void test_read(int with_stdin)
{
	char buf[64];

	is(syscall3(__NR_read, 3, buf, 1), -EBADF, "read from fd 3 (not open) returns -EBADF");
	is(int80_3(__NR_ia32_read, 5, buf, 1), -EBADF, "read via int 0x80 from fd 5 returns -EBADF");
	is(syscall3(__NR_read, 0, buf, 0), 0, "read of 0 bytes returns 0 at once");
	is(syscall3(__NR_read, 0, KERNEL_PTR, 1), -EFAULT, "read into a kernel pointer returns -EFAULT");
	is(syscall3(__NR_read, 0, NONCANONICAL, 1), -EFAULT, "read into a non-canonical pointer returns -EFAULT");
	if (!with_stdin)
		return;
	long n = syscall3(__NR_read, 0, buf, sizeof(buf));
	ok(n == 6 && memcmp(buf, "hello\n", 6) == 0, "read from the console returns the line \"hello\\n\" (got %ld)", n);
	is(int80_3(__NR_ia32_read, 0, 0, 1), -EFAULT, "read via int 0x80 into NULL returns -EFAULT");
}

static void test_uname(void)
{
	static struct new_utsname u32;	/* static: below 4 GiB, so int $0x80 can reach it */
	struct new_utsname u;

	memset(&u, 0x55, sizeof(u));
	is(syscall1(__NR_uname, &u), 0, "uname via syscall returns 0");
	ok(strcmp(u.sysname, "trapdoor") == 0, "uname's sysname is \"trapdoor\" (%.20s)", u.sysname);
	ok(strcmp(u.machine, "x86_64") == 0, "uname's machine is \"x86_64\"");
	ok(u.release[0] >= '0' && u.release[0] <= '9', "uname's release is a version (%.20s)", u.release);
	memset(&u32, 0, sizeof(u32));
	is(int80_1(__NR_ia32_uname, &u32), 0, "uname via int 0x80 returns 0");
	ok(memcmp(&u, &u32, sizeof(u)) == 0, "uname via int 0x80 fills in the same struct");
	is(syscall1(__NR_uname, 0), -EFAULT, "uname into NULL returns -EFAULT");
	is(syscall1(__NR_uname, KERNEL_PTR), -EFAULT, "uname into a kernel pointer returns -EFAULT");
	is(syscall1(__NR_uname, (unsigned long)_end - 100), -EFAULT, "uname into a buffer running off a mapping returns -EFAULT");
}

static void test_numbers(void)
{
	long pid = getpid();

	is(syscall0(9999), -ENOSYS, "system call 9999 returns -ENOSYS");
	is(syscall0(6), -ENOSYS, "system call 6 (lstat: a gap in the table) returns -ENOSYS");
	is(syscall0(-1), -ENOSYS, "system call -1 returns -ENOSYS");
	is(syscall0(0x7fffffff), -ENOSYS, "system call 0x7fffffff returns -ENOSYS");
	is(syscall0(0x80000000L), -ENOSYS, "system call 0x80000000 (negative as an int) returns -ENOSYS");
	is(syscall0(0xffffffff00002710L), -ENOSYS, "junk in rax's upper half and an unknown low half returns -ENOSYS");
	is(syscall0((0xdeadbeefL << 32) | __NR_getpid), pid,
	   "junk in rax's upper half is ignored: the low half, getpid, runs");
	is(int80_0(9999), -ENOSYS, "int 0x80 call 9999 returns -ENOSYS");
	is(int80_0(2), -ENOSYS, "int 0x80 call 2 (fork: a gap in the table) returns -ENOSYS");
	is(int80_0(-1), -ENOSYS, "int 0x80 call -1 returns -ENOSYS");
	is(int80_0((0x12345678L << 32) | __NR_ia32_getpid), pid, "int 0x80 ignores rax's upper half too");
	is(syscall_from_compat_mode(__NR_ia32_getpid), pid,
	   "SYSCALL from 32-bit compatibility mode makes an ia32 call (getpid) and returns after it");
}

/* Distinct patterns in every register, one system call, then compare. */
static void fill(struct user_regs *r, unsigned long nr)
{
	unsigned long *w = (unsigned long *)r;

	for (int i = 0; i < 15; i++)
		w[i] = 0x1111111111111111UL * (i + 1) ^ 0x0123456789abcdefUL;
	r->ax = nr;
}

static const char *const reg_names[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static void test_syscall_registers(void)
{
	struct user_regs in, out;
	int bad = 0;

	fill(&in, __NR_getppid);	/* tests/gdb stops the kernel on this call */
	in.di = 0x0123456789abcdefUL;	/* the pattern the GDB test looks for */
	syscall_with_regs(&in, &out);
	is((long)out.ax, 0, "getppid with every register filled returns 0");
	for (int i = 1; i < 15; i++) {
		const unsigned long *a = (const unsigned long *)&in, *b = (const unsigned long *)&out;
		if (i == 2 || i == 10)	/* rcx, r11: SYSCALL's own */
			continue;
		if (a[i] != b[i]) {
			printf("#   %s was %#lx, came back %#lx\n", reg_names[i], a[i], b[i]);
			bad++;
		}
	}
	ok(bad == 0, "after syscall every register but rax, rcx and r11 is unchanged");
	is(out.cx, (unsigned long)syscall_with_regs_return, "after syscall rcx holds the return address");
	is(out.r11, out.flags, "after syscall r11 holds rflags as they were at the syscall");
	ok(out.r11 & 0x200, "r11 has IF set: the user's rflags, not the kernel's (which run with IF off)");
}

static void test_int80_registers(void)
{
	struct user_regs in, out;
	int bad = 0;

	fill(&in, __NR_ia32_getppid);
	in.di = 0x0123456789abcdefUL;
	int80_with_regs(&in, &out);
	is((long)out.ax, 0, "int 0x80 getppid with every register filled returns 0");
	for (int i = 1; i < 15; i++) {
		const unsigned long *a = (const unsigned long *)&in, *b = (const unsigned long *)&out;
		if (a[i] != b[i]) {
			printf("#   %s was %#lx, came back %#lx\n", reg_names[i], a[i], b[i]);
			bad++;
		}
	}
	ok(bad == 0, "after int 0x80 every register but rax is unchanged (r8-r15 too)");
}

static void test_hostile_rsp(void)
{
	long pid = getpid();
	const unsigned long bad_rsp[] = { 0, NONCANONICAL, KERNEL_PTR, 0xffffffffffffff00UL };
	const char *const what[] = { "0", "non-canonical", "a kernel address", "the top of memory" };

	for (int i = 0; i < 4; i++)
		ok(syscall_with_rsp(__NR_getpid, bad_rsp[i]) == pid,
		   "syscall with rsp = %s works: the kernel never uses the user's rsp", what[i]);
	for (int i = 0; i < 4; i++)
		ok(int80_with_rsp(__NR_ia32_getpid, bad_rsp[i]) == pid,
		   "int 0x80 with rsp = %s works: the CPU switches to TSS.RSP0", what[i]);
}

static void test_flags(void)
{
	const unsigned long DF = 1UL << 10, AC = 1UL << 18;
	unsigned long f;

	f = syscall_flags(__NR_getpid, 0x202 | DF | AC);
	ok((f & (DF | AC)) == (DF | AC), "DF and AC set before syscall are still set after it");
	f = int80_flags(__NR_ia32_getpid, 0x202 | DF | AC);
	ok((f & (DF | AC)) == (DF | AC), "DF and AC set before int 0x80 are still set after it");
}

static void test_startup(int argc, char **argv)
{
	int bad = 0;

	for (int i = 0; i < 15; i++) {
		const unsigned long *r = (const unsigned long *)&start_regs;
		if (r[i]) {
			printf("#   %s was %#lx at _start\n", reg_names[i], r[i]);
			bad++;
		}
	}
	ok(bad == 0, "at _start every general-purpose register but rsp is zero");
	is(start_regs.flags, 0x202, "at _start rflags is 0x202");
	ok((start_regs.sp & 15) == 0, "at _start rsp is 16-byte aligned");
	size_t len = argc >= 1 ? strlen(argv[0]) : 0;
	ok(len >= 8 && strcmp(argv[0] + len - 8, "init.elf") == 0, "argv[0] is \".../init.elf\", the program's path");
	ok(argv[argc] == NULL, "argv ends with NULL");
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	ok(execfn && argc >= 1 && strcmp(execfn, argv[0]) == 0, "auxv's AT_EXECFN is the path, as argv[0]");
	ok(environ[0] && strcmp(environ[0], "HOME=/") == 0 && environ[1] && strcmp(environ[1], "TERM=linux") == 0 &&
	   !environ[2], "the environment is Linux's for init: HOME=/ TERM=linux");
	ok(getauxval(AT_UID) == 0 && getauxval(AT_EUID) == 0 && getauxval(AT_GID) == 0 &&
	   getauxval(AT_EGID) == 0 && getauxval(AT_SECURE) == 0, "auxv says uid, euid, gid, egid 0, not AT_SECURE");
	is(getauxval(AT_CLKTCK), 100, "auxv has AT_CLKTCK 100");
	is(getauxval(AT_PAGESZ), 4096, "auxv has AT_PAGESZ 4096");
	is(getauxval(AT_ENTRY), (long)_start, "auxv has AT_ENTRY = _start");
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	ok(rnd != NULL && (rnd[0] | rnd[1] | rnd[2] | rnd[3] | rnd[4] | rnd[5] | rnd[6] | rnd[7]),
	   "auxv has AT_RANDOM pointing at random bytes");
	const unsigned int *phdr = (const unsigned int *)getauxval(AT_PHDR);
	ok(phdr != NULL && (phdr[0] == 1 || phdr[0] == 6), "auxv's AT_PHDR points at our program headers");
}

int main(int argc, char **argv)
{
	printf("init: testing the system call contract through both entries\n");
	test_startup(argc, argv);
	test_identity();
	test_write();
	test_read(argc > 1 && strcmp(argv[1], "stdin") == 0);
	test_uname();
	test_numbers();
	test_syscall_registers();
	test_int80_registers();
	test_hostile_rsp();
	test_flags();
	printf("1..%d\n", tests);
	printf("init: %d of %d checks failed\n", failures, tests);
	return failures;
}
