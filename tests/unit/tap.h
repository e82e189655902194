/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/tap.h - a tiny Test Anything Protocol (TAP) helper for host tests.
 *
 * Each check prints one line, and tap_done() prints the plan last:
 *
 *	ok 1 - vsnprintf prints INT64_MIN
 *	not ok 2 - strlcpy truncates to the buffer size
 *	#   got:      "hello"
 *	#   expected: "hel"
 *	1..2
 *
 * Usage, in a test program made of a single .c file (the counters below are
 * static, one set per program):
 *
 *	#include "tap.h"
 *
 *	int main(void)
 *	{
 *		ok(2 + 2 == 4, "addition works for %d", 2);
 *		is_int(offset, 0x78, "orig_ax sits at offset 0x78");
 *		is_str(buf, "0x0", "%%p prints NULL as 0x0");
 *		return tap_done();
 *	}
 *
 * Names are printf formats and should read as sentences.  This header uses
 * only the host's printf, vprintf and putchar: never snprintf or <string.h>,
 * because a test may swap those for trapdoor's own (see host_rename.h).
 */
#ifndef _TRAPDOOR_TAP_H
#define _TRAPDOOR_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int tap_run;		/* checks so far */
static int tap_failed;		/* of which failed */

/* Record one check and print "ok N - name" or "not ok N - name"; returns cond. */
static inline bool tap_vok(bool cond, const char *fmt, va_list ap)
{
	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	putchar('\n');
	return cond;
}

/* ok(cond, fmt, ...): the check passes when cond is true. */
static inline __attribute__((format(printf, 2, 3)))
bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/* diag(fmt, ...): a comment line ("# ..."), ignored by TAP consumers. */
static inline __attribute__((format(printf, 1, 2)))
void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

/* True if both strings are NULL, or both hold the same bytes. */
static inline bool tap_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* is_str(got, expected, fmt, ...): passes when the strings are equal; shows both if not. */
static inline __attribute__((format(printf, 3, 4)))
bool is_str(const char *got, const char *expected, const char *fmt, ...)
{
	bool pass = tap_streq(got, expected);
	va_list ap;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		diag("  got:      \"%s\"", got ? got : "(NULL)");
		diag("  expected: \"%s\"", expected ? expected : "(NULL)");
	}
	return pass;
}

/* is_int(got, expected, fmt, ...): passes when the integers are equal; shows both if not. */
static inline __attribute__((format(printf, 3, 4)))
bool is_int(long long got, long long expected, const char *fmt, ...)
{
	bool pass = got == expected;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		diag("  got:      %lld (%#llx)", got, (unsigned long long)got);
		diag("  expected: %lld (%#llx)", expected, (unsigned long long)expected);
	}
	return pass;
}

/* Print the plan "1..N" and return main()'s exit status: 0 only if all passed. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_run);
	if (tap_failed > 0)
		diag("%d of %d checks failed", tap_failed, tap_run);
	return tap_failed == 0 ? 0 : 1;
}

#endif /* _TRAPDOOR_TAP_H */
