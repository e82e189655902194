// SPDX-License-Identifier: MIT
/*
 * grow: the two ways trapdoor's own calls give dup a close-on-exec flag
 * (docs/growing.md), through both entries, in TAP:
 *
 *   dup_ext(struct dup_args *args, size_t size)  a structure that grows
 *   indirect(call, params, size)                 a multiplexer with a whitelist
 *
 * For each: what an old program gets from this kernel (a smaller structure,
 * the plain old calls), what a newer program gets from it (a larger
 * structure, an unknown flag, a call the kernel does not have, and how it
 * falls back), bad pointers, and whether the flag took effect (F_GETFD).
 * It exits with its number of failures.
 */
#include <user.h>
#include <uapi/trapdoor/extend.h>

#define KERNEL_PTR	0xffffffff80100000UL	/* the kernel's text */
#define UNMAPPED	0x10000000UL		/* user space, but nothing there */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define FD_CLOEXEC	1
#define ABSENT		1023			/* in trapdoor's range, and unused: -ENOSYS */

extern char _end[];		/* user/user.ld: the end of our last mapped page */

static int tests, failures;

static void is(long got, long want, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void is(long got, long want, const char *fmt, ...)
{
	char name[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	tests++;
	failures += got != want;
	printf("%sok %d - %s\n", got == want ? "" : "not ", tests, name);
	if (got != want)
		printf("#   got %ld (%#lx), expected %ld (%#lx)\n", got, got, want, want);
}

/* One entry: how to make a call through it, and its numbers. */
struct entry {
	const char *name;
	long (*call)(long nr, long a, long b, long c);
	long dup, dup2, dup3, fcntl, close, getpid, indirect, dup_ext;
};

static long via_syscall(long nr, long a, long b, long c)
{
	return syscall3(nr, a, b, c);
}

static long via_int80(long nr, long a, long b, long c)
{
	return int80_3(nr, a, b, c);
}

static const struct entry entries[] = {
	{ "syscall", via_syscall, __NR_dup, __NR_dup2, __NR_dup3, __NR_fcntl, __NR_close, __NR_getpid,
	  __NR_indirect, __NR_dup_ext },
	{ "int 0x80", via_int80, __NR_ia32_dup, __NR_ia32_dup2, __NR_ia32_dup3, __NR_ia32_fcntl,
	  __NR_ia32_close, __NR_ia32_getpid, __NR_ia32_indirect, __NR_ia32_dup_ext },
};

static const struct entry *e;	/* the entry under test */

/* Static, so below 4 GiB: int $0x80 passes 32-bit pointers. */
static struct dup_args args;
static struct {			/* a newer program's struct dup_args: one more field */
	struct dup_args v1;
	uint64_t future;
} args2;
static struct indirect_call icall;
static struct {			/* a newer program's struct indirect_params */
	struct indirect_params v0;
	uint32_t future;
} params;
static char page[4096 + 8];

static long getfd(long fd)
{
	return e->call(e->fcntl, fd, F_GETFD, 0);
}

static void close_fd(long fd)
{
	e->call(e->close, fd, 0, 0);
}

static long dup_ext(uint32_t oldfd, uint32_t newfd, uint64_t flags, size_t size)
{
	args = (struct dup_args){ oldfd, newfd, flags };
	return e->call(e->dup_ext, (long)&args, size, 0);
}

/*
 * A newer program's dup with close-on-exec: dup_ext with its own, larger
 * structure, where "future" asks for something optional; then the sizes an
 * older kernel may know; then, with no dup_ext at all, dup3.
 */
static long new_program_dup_cloexec(long dup_ext_nr, uint32_t oldfd, uint32_t newfd, uint64_t future)
{
	static const size_t sizes[] = { sizeof(args2), DUP_ARGS_SIZE_VER1 };
	long ret = -ENOSYS;

	args2 = (typeof(args2)){ { oldfd, newfd, O_CLOEXEC }, future };
	for (size_t i = 0; i < 2; i++) {
		ret = e->call(dup_ext_nr, (long)&args2, sizes[i], 0);
		if (ret != -E2BIG)
			break;
	}
	return ret == -ENOSYS ? e->call(e->dup3, oldfd, newfd, O_CLOEXEC) : ret;
}

static void test_dup_ext(void)
{
	const char *n = e->name;

	is(dup_ext(1, 10, O_CLOEXEC, DUP_ARGS_SIZE_VER1), 10, "%s: dup_ext version 1 with O_CLOEXEC returns newfd", n);
	is(getfd(10), FD_CLOEXEC, "%s: dup_ext's O_CLOEXEC took effect: F_GETFD says FD_CLOEXEC", n);
	is(dup_ext(1, 10, 0, DUP_ARGS_SIZE_VER1), 10, "%s: dup_ext version 1 without flags returns newfd", n);
	is(getfd(10), 0, "%s: dup_ext without flags replaced it with a descriptor without FD_CLOEXEC", n);

	/* An old program on this kernel. */
	is(dup_ext(1, 11, O_CLOEXEC, DUP_ARGS_SIZE_VER0), 11,
	   "%s: an old program's version-0 structure (8 bytes) is accepted", n);
	is(getfd(11), 0, "%s: version 0: flags, past its end, is zero to the kernel, whatever the memory holds", n);
	is(e->call(e->dup3, 1, 12, O_CLOEXEC), 12, "%s: an old program's dup3 still works", n);
	is(getfd(12), FD_CLOEXEC, "%s: and its O_CLOEXEC still takes effect", n);
	is(e->call(e->dup2, 1, 13, 0), 13, "%s: an old program's dup2 still works", n);
	is(getfd(13), 0, "%s: dup2 makes a descriptor without FD_CLOEXEC", n);

	/* A newer program on this kernel. */
	args2 = (typeof(args2)){ { 1, 14, O_CLOEXEC }, 0 };
	is(e->call(e->dup_ext, (long)&args2, sizeof(args2), 0), 14,
	   "%s: a newer program's larger structure (24 bytes) whose extra field is zero is accepted", n);
	is(getfd(14), FD_CLOEXEC, "%s: the larger structure's flags took effect", n);
	args2.future = 1;
	is(e->call(e->dup_ext, (long)&args2, sizeof(args2), 0), -E2BIG,
	   "%s: a larger structure asking for something unknown (a nonzero extra field) returns -E2BIG", n);
	args2.future = 1UL << 63;
	is(e->call(e->dup_ext, (long)&args2, sizeof(args2), 0), -E2BIG,
	   "%s: so does one whose only nonzero byte is the last", n);
	close_fd(15);
	is(new_program_dup_cloexec(e->dup_ext, 1, 15, 1), 15,
	   "%s: a newer program falls back to the size this kernel knows after -E2BIG", n);
	is(getfd(15), FD_CLOEXEC, "%s: after falling back, its O_CLOEXEC took effect", n);
	close_fd(16);
	is(new_program_dup_cloexec(ABSENT, 1, 16, 1), 16,
	   "%s: with no such call (-ENOSYS from number %d), the program falls back to dup3", n, ABSENT);
	is(getfd(16), FD_CLOEXEC, "%s: after falling back to dup3, its O_CLOEXEC took effect", n);
	is(e->call(ABSENT, (long)&args, DUP_ARGS_SIZE_VER1, 0), -ENOSYS,
	   "%s: number %d, in trapdoor's range but unused, returns -ENOSYS", n, ABSENT);

	/* Sizes, flags, descriptors. */
	is(dup_ext(1, 17, 0, DUP_ARGS_SIZE_VER0 - 1), -EINVAL, "%s: dup_ext with a size below version 0 returns -EINVAL", n);
	is(dup_ext(1, 17, 0, 0), -EINVAL, "%s: dup_ext with size 0 returns -EINVAL", n);
	is(e->call(e->dup_ext, (long)page, sizeof(page), 0), -E2BIG,
	   "%s: dup_ext with a size above a page returns -E2BIG, even if all zero", n);
	is(dup_ext(1, 17, 0x40, DUP_ARGS_SIZE_VER1), -EINVAL, "%s: dup_ext with an unknown flag bit returns -EINVAL", n);
	is(dup_ext(1, 17, 1UL << 40, DUP_ARGS_SIZE_VER1), -EINVAL,
	   "%s: dup_ext with an unknown flag in the upper half returns -EINVAL", n);
	is(getfd(17), -EBADF, "%s: no descriptor was made by a refused dup_ext", n);
	is(dup_ext(1, 1, 0, DUP_ARGS_SIZE_VER1), -EINVAL, "%s: dup_ext with oldfd == newfd returns -EINVAL, as dup3", n);
	is(dup_ext(40, 17, 0, DUP_ARGS_SIZE_VER1), -EBADF, "%s: dup_ext of a closed descriptor returns -EBADF", n);

	/* Bad pointers. */
	is(e->call(e->dup_ext, KERNEL_PTR, DUP_ARGS_SIZE_VER1, 0), -EFAULT,
	   "%s: dup_ext with a kernel pointer returns -EFAULT", n);
	is(e->call(e->dup_ext, UNMAPPED, DUP_ARGS_SIZE_VER1, 0), -EFAULT,
	   "%s: dup_ext with an unmapped pointer returns -EFAULT", n);
	is(e->call(e->dup_ext, (long)_end - 8, DUP_ARGS_SIZE_VER1, 0), -EFAULT,
	   "%s: dup_ext with a structure running off the end of a mapping returns -EFAULT", n);
	is(e->call(e->dup_ext, (long)_end - 16, 24, 0), -EFAULT,
	   "%s: dup_ext with a zero-looking tail running off the end of a mapping returns -EFAULT", n);
	for (long fd = 10; fd <= 17; fd++)
		close_fd(fd);
}

static long indirect(long nr, long a0, long a1, long a2, uint32_t file_flags, size_t size)
{
	icall = (struct indirect_call){ nr, { a0, a1, a2, 0, 0, 0 } };
	params.v0.file_flags = file_flags;
	return e->call(e->indirect, (long)&icall, (long)&params, size);
}

/* A newer program's dup with close-on-exec through indirect; without it, dup and F_SETFD. */
static long new_program_indirect_dup(long indirect_nr, long oldfd)
{
	icall = (struct indirect_call){ e->dup, { oldfd } };
	params.v0.file_flags = O_CLOEXEC;
	long fd = e->call(indirect_nr, (long)&icall, (long)&params, sizeof(params.v0));

	if (fd != -ENOSYS)
		return fd;
	fd = e->call(e->dup, oldfd, 0, 0);	/* two calls, and a window between them */
	if (fd >= 0)
		e->call(e->fcntl, fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

static void test_indirect(void)
{
	const char *n = e->name;
	const size_t v0 = INDIRECT_PARAMS_SIZE_VER0;

	params.future = 0;
	is(indirect(e->dup, 1, 0, 0, O_CLOEXEC, v0), 3, "%s: indirect(dup) with O_CLOEXEC returns the lowest free descriptor", n);
	is(getfd(3), FD_CLOEXEC, "%s: indirect(dup)'s O_CLOEXEC took effect", n);
	is(indirect(e->dup2, 1, 20, 0, O_CLOEXEC, v0), 20, "%s: indirect(dup2) with O_CLOEXEC returns newfd", n);
	is(getfd(20), FD_CLOEXEC, "%s: indirect(dup2)'s O_CLOEXEC took effect", n);
	is(indirect(e->fcntl, 1, F_DUPFD, 30, O_CLOEXEC, v0), 30, "%s: indirect(fcntl F_DUPFD) with O_CLOEXEC returns 30", n);
	is(getfd(30), FD_CLOEXEC, "%s: indirect(fcntl F_DUPFD)'s O_CLOEXEC took effect", n);
	is(e->call(e->dup, 1, 0, 0), 4, "%s: an old program's plain dup still works", n);
	is(getfd(4), 0, "%s: after indirect, a plain dup gets no FD_CLOEXEC: the parameters do not linger", n);
	is(indirect(e->dup, 1, 0, 0, 0, v0), 5, "%s: indirect(dup) without flags returns a descriptor", n);
	is(getfd(5), 0, "%s: indirect(dup) without flags: no FD_CLOEXEC", n);

	/* The whitelist. */
	is(indirect(e->getpid, 0, 0, 0, 0, v0), -EINVAL, "%s: indirect(getpid), not on the whitelist, returns -EINVAL", n);
	is(indirect(e->indirect, 0, 0, 0, 0, v0), -EINVAL, "%s: indirect(indirect) returns -EINVAL", n);
	is(indirect(e->dup3, 1, 21, 0, 0, v0), -EINVAL, "%s: indirect(dup3), not on the whitelist, returns -EINVAL", n);
	is(indirect(9999, 0, 0, 0, 0, v0), -EINVAL, "%s: indirect of number 9999 returns -EINVAL", n);
	is(indirect(e == &entries[0] ? __NR_ia32_dup : __NR_dup, 1, 0, 0, 0, v0), -EINVAL,
	   "%s: indirect of the other entry's number for dup returns -EINVAL: numbers belong to an entry", n);

	/* Parameters: flags and sizes. */
	is(indirect(e->dup, 1, 0, 0, 0x40, v0), -EINVAL, "%s: indirect with an unknown flag bit returns -EINVAL", n);
	is(indirect(e->dup, 1, 0, 0, 0, v0 - 1), -EINVAL, "%s: indirect with parameters below version 0 returns -EINVAL", n);
	is(indirect(e->dup, 1, 0, 0, O_CLOEXEC, sizeof(params)), 6,
	   "%s: a newer program's larger parameters whose extra field is zero are accepted", n);
	is(getfd(6), FD_CLOEXEC, "%s: and their O_CLOEXEC took effect", n);
	params.future = 1;
	is(indirect(e->dup, 1, 0, 0, O_CLOEXEC, sizeof(params)), -E2BIG,
	   "%s: larger parameters with a nonzero extra field return -E2BIG", n);
	params.future = 0;
	is(new_program_indirect_dup(ABSENT, 1), 7,
	   "%s: with no multiplexer (-ENOSYS from number %d), a program falls back to dup", n, ABSENT);
	is(getfd(7), FD_CLOEXEC, "%s: and sets FD_CLOEXEC itself with fcntl", n);
	is(new_program_indirect_dup(e->indirect, 1), 8, "%s: with the multiplexer, the same program makes one call", n);
	is(getfd(8), FD_CLOEXEC, "%s: and gets FD_CLOEXEC from it", n);

	/* Bad pointers. */
	is(e->call(e->indirect, KERNEL_PTR, (long)&params, v0), -EFAULT,
	   "%s: indirect with call a kernel pointer returns -EFAULT", n);
	is(e->call(e->indirect, (long)&icall, UNMAPPED, v0), -EFAULT,
	   "%s: indirect with params an unmapped pointer returns -EFAULT", n);
	is(e->call(e->indirect, (long)_end - 8, (long)&params, v0), -EFAULT,
	   "%s: indirect with a call structure running off the end of a mapping returns -EFAULT", n);
	for (long fd = 3; fd <= 30; fd++)
		close_fd(fd);
}

/* int $0x80 reads 32-bit registers: junk above them must not reach the pointer. */
static void test_ia32_upper_halves(void)
{
	const long junk = 0xdead00000000L;

	e = &entries[1];
	args = (struct dup_args){ 1, 18, O_CLOEXEC };
	is(int80_3(__NR_ia32_dup_ext, junk | (long)&args, junk | DUP_ARGS_SIZE_VER1, 0), 18,
	   "int 0x80: dup_ext ignores junk in the upper halves of rbx and rcx");
	icall = (struct indirect_call){ __NR_ia32_dup, { 1 } };
	params.v0.file_flags = O_CLOEXEC;
	is(int80_3(__NR_ia32_indirect, junk | (long)&icall, junk | (long)&params, junk | INDIRECT_PARAMS_SIZE_VER0), 3,
	   "int 0x80: indirect ignores junk in the upper halves of rbx, rcx and rdx");
	close_fd(18);
	close_fd(3);
}

int main(void)
{
	for (size_t i = 0; i < 2; i++) {
		e = &entries[i];
		test_dup_ext();
		test_indirect();
	}
	test_ia32_upper_halves();
	printf("1..%d\n", tests);
	return failures;
}
