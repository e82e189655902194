/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_usercopy.c - host tests for lib/usercopy.c:
 * copy_struct_from_user() and check_zeroed_user(), Linux's rules for a
 * structure that grows (openat2's, clone3's).
 *
 * "User memory" here is the array user[]: its first mapped bytes can be
 * read, the rest behaves as an unmapped page does. copy_from_user below
 * stands in for arch/x86/mm/uaccess.c's and, like it, returns the number of
 * bytes it could not copy. Built with host_rename.h, as test_lib is, so that
 * lib/string.c's memset is the one lib/usercopy.c calls.
 */
#include <stdint.h>
#include <asm/uaccess.h>
#include <uapi/asm/errno.h>
#include "tap.h"

#define CANARY 0x5a		/* fills the kernel's copy before each call */

static unsigned char user[512];
static size_t mapped = sizeof(user);	/* user[mapped...] cannot be read */

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	const unsigned char *src = from;
	unsigned char *dst = to;
	unsigned long done = 0;

	while (done < n && src + done >= user && src + done < user + mapped) {
		dst[done] = src[done];
		done++;
	}
	return n - done;
}

/* The kernel's structure in these tests: 16 bytes, as a v1 of a call might have. */
#define KSIZE 16
static unsigned char kbuf[KSIZE + 8];	/* 8 spare bytes that must never be written */

/* user[0..n) = 1, 2, 3, ..., the rest zero; everything mapped; kbuf all CANARY. */
static void setup(size_t n)
{
	for (size_t i = 0; i < sizeof(user); i++)
		user[i] = i < n ? (unsigned char)(i + 1) : 0;
	mapped = sizeof(user);
	for (size_t i = 0; i < sizeof(kbuf); i++)
		kbuf[i] = CANARY;
}

/* kbuf[0..copied) came from user, kbuf[copied..KSIZE) is zero, the spare bytes untouched. */
static bool copied_as(size_t copied)
{
	for (size_t i = 0; i < sizeof(kbuf); i++) {
		unsigned char want = i < copied ? (unsigned char)(i + 1) : i < KSIZE ? 0 : CANARY;

		if (kbuf[i] != want) {
			diag("  kbuf[%zu] is %#x, expected %#x", i, kbuf[i], want);
			return false;
		}
	}
	return true;
}

static bool untouched(void)
{
	for (size_t i = 0; i < sizeof(kbuf); i++)
		if (kbuf[i] != CANARY)
			return false;
	return true;
}

static void test_sizes(void)
{
	setup(KSIZE);
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE), 0, "the same size: returns 0");
	ok(copied_as(KSIZE), "the same size: copies every byte");

	setup(8);
	is_int(copy_struct_from_user(kbuf, KSIZE, user, 8), 0, "an older, smaller structure: returns 0");
	ok(copied_as(8), "an older, smaller structure: copies its bytes and zeroes the fields it lacks");

	setup(8);
	is_int(copy_struct_from_user(kbuf, KSIZE, user, 0), 0, "size 0 (the caller's minimum decides): returns 0");
	ok(copied_as(0), "size 0: the whole structure is zero");

	setup(KSIZE);
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 8), 0,
	       "a newer, larger structure whose extra bytes are zero: returns 0");
	ok(copied_as(KSIZE), "a newer, larger structure: copies the bytes the kernel knows, nothing more");

	setup(KSIZE + 1);
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 8), -E2BIG,
	       "a larger structure with its first unknown byte set: -E2BIG");
	setup(KSIZE);
	user[KSIZE + 7] = 1;
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 8), -E2BIG,
	       "a larger structure with its last unknown byte set: -E2BIG");
	ok(untouched(), "-E2BIG leaves the kernel's copy as it was");
	setup(KSIZE);
	user[KSIZE + 150] = 1;
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 200), -E2BIG,
	       "a nonzero byte far into a long tail (past one 64-byte piece): -E2BIG");
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 150), 0,
	       "the same tail, cut just before that byte: returns 0");
}

static void test_faults(void)
{
	setup(KSIZE);
	mapped = KSIZE + 4;
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 8), -EFAULT,
	       "a zero tail that runs into unmapped memory: -EFAULT, not 0");
	setup(KSIZE);
	mapped = 4;
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE), -EFAULT,
	       "a structure that runs into unmapped memory: -EFAULT");
	setup(KSIZE);
	mapped = 4;
	is_int(copy_struct_from_user(kbuf, KSIZE, user, 8), -EFAULT,
	       "an older structure that runs into unmapped memory: -EFAULT");
	setup(KSIZE);
	mapped = 0;
	is_int(copy_struct_from_user(kbuf, KSIZE, user, KSIZE + 8), -EFAULT,
	       "nothing mapped at all, with a tail to check: -EFAULT");
}

static void test_check_zeroed(void)
{
	setup(0);
	is_int(check_zeroed_user(user, 0), 1, "check_zeroed_user of no bytes: 1");
	is_int(check_zeroed_user(user, sizeof(user)), 1, "check_zeroed_user of 512 zero bytes: 1");
	user[511] = 9;
	is_int(check_zeroed_user(user, sizeof(user)), 0, "check_zeroed_user with the last of 512 bytes set: 0");
	mapped = 100;
	is_int(check_zeroed_user(user, 101), -EFAULT, "check_zeroed_user one byte into unmapped memory: -EFAULT");
}

int main(void)
{
	test_sizes();
	test_faults();
	test_check_zeroed();
	return tap_done();
}
