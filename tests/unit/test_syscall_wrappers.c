// SPDX-License-Identifier: MIT
/*
 * Host tests of SYSCALL_DEFINEn (include/trapdoor/syscalls.h) with a fake
 * pt_regs: each argument comes from the right register of each ABI, and is
 * converted to its declared type the way Linux does.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <trapdoor/syscalls.h>
#include "tap.h"

/* Each test call records what its body saw. */
static long seen[6];
static int seen_n;

SYSCALL_DEFINE0(zero) { seen_n = 0; return 100; }
SYSCALL_DEFINE1(one, long, a) { seen_n = 1; seen[0] = a; return 101; }
SYSCALL_DEFINE2(two, long, a, long, b) { seen_n = 2; seen[0] = a; seen[1] = b; return 102; }
SYSCALL_DEFINE3(three, long, a, long, b, long, c)
{ seen_n = 3; seen[0] = a; seen[1] = b; seen[2] = c; return 103; }
SYSCALL_DEFINE4(four, long, a, long, b, long, c, long, d)
{ seen_n = 4; seen[0] = a; seen[1] = b; seen[2] = c; seen[3] = d; return 104; }
SYSCALL_DEFINE5(five, long, a, long, b, long, c, long, d, long, e)
{ seen_n = 5; seen[0] = a; seen[1] = b; seen[2] = c; seen[3] = d; seen[4] = e; return 105; }
SYSCALL_DEFINE6(six, long, a, long, b, long, c, long, d, long, e, long, f)
{ seen_n = 6; seen[0] = a; seen[1] = b; seen[2] = c; seen[3] = d; seen[4] = e; seen[5] = f; return 106; }

/* Types: what the body sees of a register with junk in its upper half. */
static long t_int, t_uint, t_long, t_ulong, t_size;
static const void *t_ptr;
SYSCALL_DEFINE6(types, int, i, unsigned int, u, long, l, unsigned long, ul, size_t, sz, const char __user *, p)
{
	t_int = i; t_uint = u; t_long = l; t_ulong = ul; t_size = sz; t_ptr = p;
	return 0;
}

/* A negative int return must come back as a negative long. */
SYSCALL_DEFINE1(neg, int, x) { return x; }

/* Distinct values in every register, so a wrong register is visible. */
static struct pt_regs patterned(void)
{
	struct pt_regs r;
	unsigned long *w = (unsigned long *)&r;

	for (size_t i = 0; i < sizeof(r) / 8; i++)
		w[i] = 0xa0a0a0a000000000UL | (i + 1) << 8;
	return r;
}

static int check_args(const char *abi, int n, const unsigned long *want)
{
	int good = seen_n == n;
	for (int i = 0; i < n; i++)
		good &= (unsigned long)seen[i] == want[i];
	return ok(good, "%s wrapper with %d argument%s passes each in its place", abi, n, n == 1 ? "" : "s");
}

static void test_counts(void)
{
	struct pt_regs r = patterned();
	const unsigned long x64[6] = { r.di, r.si, r.dx, r.r10, r.r8, r.r9 };
	const unsigned long ia32[6] = { (uint32_t)r.bx, (uint32_t)r.cx, (uint32_t)r.dx,
					(uint32_t)r.si, (uint32_t)r.di, (uint32_t)r.bp };
	long (*const x64_fns[7])(const struct pt_regs *) = {
		__x64_sys_zero, __x64_sys_one, __x64_sys_two, __x64_sys_three,
		__x64_sys_four, __x64_sys_five, __x64_sys_six };
	long (*const ia32_fns[7])(const struct pt_regs *) = {
		__ia32_sys_zero, __ia32_sys_one, __ia32_sys_two, __ia32_sys_three,
		__ia32_sys_four, __ia32_sys_five, __ia32_sys_six };

	for (int n = 0; n <= 6; n++) {
		seen_n = -1;
		is_int(x64_fns[n](&r), 100 + n, "x64 wrapper returns the body's value");
		check_args("x64", n, x64);
		seen_n = -1;
		ia32_fns[n](&r);
		check_args("ia32", n, ia32);
	}
}

static void test_types(void)
{
	struct pt_regs r = { 0 };

	r.di = 0xdeadbeefffffff85UL;	/* int: low 32 bits are -123 */
	r.si = 0xdeadbeef80000001UL;	/* unsigned int: 0x80000001 */
	r.dx = 0xfffffffffffffffeUL;	/* long: -2, all 64 bits */
	r.r10 = 0xfedcba9876543210UL;	/* unsigned long: kept */
	r.r8 = 0x123456789aUL;		/* size_t: kept */
	r.r9 = 0x00007fffffffe000UL;	/* pointer: kept */
	__x64_sys_types(&r);
	ok(t_int == -123, "an int argument is sign-extended from its low 32 bits");
	ok(t_uint == 0x80000001L, "an unsigned int argument is zero-extended from its low 32 bits");
	ok(t_long == -2, "a long argument keeps all 64 bits");
	ok((unsigned long)t_ulong == 0xfedcba9876543210UL, "an unsigned long argument keeps all 64 bits");
	ok((unsigned long)t_size == 0x123456789aUL, "a size_t argument keeps all 64 bits");
	ok(t_ptr == (const void *)0x00007fffffffe000UL, "a pointer argument keeps all 64 bits");

	memset(&r, 0, sizeof(r));
	r.bx = 0xffffffff0000fff6UL;	/* int: 0xfff6 (positive after truncation) */
	r.cx = 0x1111111180000000UL;
	r.dx = 0x22222222fffffffeUL;	/* long via ia32: 32 bits, zero-extended */
	r.bp = 0x00007fff12345678UL;	/* pointer via ia32: truncated */
	__ia32_sys_types(&r);
	ok(t_int == 0xfff6, "ia32: an int argument is read from ebx's 32 bits only");
	ok(t_uint == 0x80000000L, "ia32: an unsigned int argument is read from ecx's 32 bits only");
	ok(t_long == -2, "ia32: a long argument is edx's 32 bits, sign-extended (a 32-bit long)");
	ok(t_ptr == (const void *)0x12345678UL, "ia32: a pointer above 4 GiB is truncated to 32 bits");

	memset(&r, 0, sizeof(r));
	r.si = 0x33333333fffffffdUL;	/* unsigned long via ia32: zero-extended */
	r.di = 0x44444444fffffffcUL;	/* size_t via ia32: zero-extended */
	r.dx = 0x5555555500000007UL;	/* a positive long stays positive */
	__ia32_sys_types(&r);
	ok(t_ulong == 0xfffffffdL, "ia32: an unsigned long argument is esi's 32 bits, zero-extended");
	ok(t_size == 0xfffffffcL, "ia32: a size_t argument is edi's 32 bits, zero-extended");
	ok(t_long == 7, "ia32: a positive long argument stays positive");
}

/* COMPAT_SYSCALL_DEFINE: 32-bit types, one wrapper. */
typedef int compat_long_t;
typedef unsigned int compat_ulong_t, compat_uptr_t;
static long c_long, c_ulong, c_wide;
static unsigned long c_ptr;
COMPAT_SYSCALL_DEFINE4(ctypes, compat_long_t, l, compat_ulong_t, ul, compat_uptr_t, p, long, wide)
{
	c_long = l; c_ulong = ul; c_ptr = p; c_wide = wide;
	return 7;
}
COMPAT_SYSCALL_DEFINE0(czero) { return 8; }

static void test_compat(void)
{
	struct pt_regs r = patterned();

	r.bx = 0xdeadbeef80000000UL;	/* compat_long_t: INT_MIN */
	r.cx = 0xdeadbeef80000000UL;	/* compat_ulong_t: 2^31 */
	r.dx = 0xdeadbeeffffff000UL;	/* compat_uptr_t: 0xfffff000 */
	r.si = 0x00000001ffffffffUL;	/* long: -1 */
	is_int(__ia32_compat_sys_ctypes(&r), 7, "a COMPAT_SYSCALL_DEFINE wrapper returns the body's value");
	ok(c_long == -0x80000000L, "compat: a compat_long_t is sign-extended from ebx");
	ok(c_ulong == 0x80000000L, "compat: a compat_ulong_t is zero-extended from ecx");
	ok(c_ptr == 0xfffff000UL, "compat: a compat_uptr_t is zero-extended from edx");
	ok(c_wide == -1, "compat: a long is sign-extended from esi");
	is_int(__ia32_compat_sys_czero(&r), 8, "COMPAT_SYSCALL_DEFINE0 works");

	memset(&r, 0, sizeof(r));
	r.di = 0x00000000ffffffffUL;
	is_int(__x64_sys_neg(&r), -1, "an int body's -1 comes back as the long -1");
}

extern const struct syscall_metadata __start___syscalls_metadata[], __stop___syscalls_metadata[];

static const struct syscall_metadata *meta(const char *name)
{
	for (const struct syscall_metadata *m = __start___syscalls_metadata; m < __stop___syscalls_metadata; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

static void test_metadata(void)
{
	const struct syscall_metadata *m = meta("types"), *z = meta("zero");

	ok(m != NULL, "SYSCALL_DEFINE6(types, ...) leaves a metadata record");
	if (!m)
		return;
	is_int(m->nb_args, 6, "the record counts 6 arguments");
	is_str(m->types[0], "int", "the first argument's type is recorded as \"int\"");
	is_str(m->types[5], "const char *", "a user pointer's type is recorded as written, __user expanded away (as in Linux)");
	is_str(m->args[4], "sz", "argument names are recorded");
	ok(m->x64 == __x64_sys_types && m->ia32 == __ia32_sys_types, "the record points at both wrappers");
	ok(z && z->nb_args == 0 && z->types == NULL, "SYSCALL_DEFINE0 records no arguments");
	const struct syscall_metadata *c = meta("ctypes");
	ok(c && c->x64 == NULL && c->ia32 == __ia32_compat_sys_ctypes && c->nb_args == 4 &&
	   strcmp(c->types[0], "compat_long_t") == 0,
	   "COMPAT_SYSCALL_DEFINE4 records its types and only the ia32 wrapper");
}

int main(void)
{
	test_counts();
	test_types();
	test_compat();
	test_metadata();
	return tap_done();
}
