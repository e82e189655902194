/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_lib.c - host tests for lib/string.c and lib/vsnprintf.c.
 *
 * Built with tests/unit/host_rename.h force-included, so every lib name
 * used here (snprintf, memmove, ...) means trapdoor's td_ version, while
 * printf and sprintf are still the host's.  Expected outputs are written
 * out by hand; for standard formats the host's sprintf must agree with
 * them too, which checks the expectations against the C standard.
 */

#include <stdint.h>
#include <stdlib.h>
#include <trapdoor/printf.h>
#include <trapdoor/string.h>
#include "tap.h"

#define CANARY 0x5a		/* fills bytes that must not be written */

/* Compare one formatting result with the expectation; explain a failure. */
static void check_format(const char *name, const char *want, int want_len, const char *got,
			 int got_len, const char *host, const char *call)
{
	bool pass = tap_streq(got, want) && got_len == want_len &&
		    (host == NULL || tap_streq(host, want));

	if (ok(pass, "snprintf %s", name))
		return;
	diag("  call:      snprintf(buf, size, %s)", call);
	diag("  got:       \"%s\", returned %d", got, got_len);
	diag("  expected:  \"%s\", length %d", want, want_len);
	if (host != NULL)
		diag("  host libc: \"%s\"", host);
}

/*
 * FMT(name, want, format, args...): a standard format.  Our snprintf must
 * produce want and return its length; the host's sprintf must produce want.
 */
#define FMT(name, want, ...) do {						\
	char ours[128], host[128];						\
	int len = snprintf(ours, sizeof(ours), __VA_ARGS__);			\
	sprintf(host, __VA_ARGS__);						\
	check_format(name, want, sizeof(want) - 1, ours, len, host, #__VA_ARGS__); \
} while (0)

/* vsnprintf through an unchecked format, for formats gcc would reject. */
static int vformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}

/* FMT_TD(name, want, format, args...): behaviour that is trapdoor's own choice. */
#define FMT_TD(name, want, ...) do {						\
	char ours[128];								\
	int len = vformat(ours, sizeof(ours), __VA_ARGS__);			\
	check_format(name, want, sizeof(want) - 1, ours, len, NULL, #__VA_ARGS__); \
} while (0)

static void fill(void *p, int byte, size_t n)
{
	for (unsigned char *b = p; n > 0; n--)
		*b++ = byte;
}

/* True if the n bytes at p all still hold CANARY. */
static bool untouched(const void *p, size_t n)
{
	for (const unsigned char *b = p; n > 0; n--)
		if (*b++ != CANARY)
			return false;
	return true;
}

static void test_conversions(void)
{
	FMT("prints a positive int with %d", "42", "%d", 42);
	FMT("prints a negative int with %d", "-42", "%d", -42);
	FMT("prints zero with %d", "0", "%d", 0);
	FMT("treats %i like %d", "-7", "%i", -7);
	FMT("prints INT32_MIN with %d", "-2147483648", "%d", INT32_MIN);
	FMT("prints UINT32_MAX with %u", "4294967295", "%u", UINT32_MAX);
	FMT("prints lowercase hex with %x", "beef", "%x", 0xbeefu);
	FMT("prints uppercase hex with %X", "BEEF", "%X", 0xbeefu);
	FMT("prints zero with %x", "0", "%x", 0u);
	FMT("prints a character with %c", "A", "%c", 'A');
	FMT("prints a string with %s", "hello", "%s", "hello");
	FMT("prints an empty string with %s", "", "%s", "");
	FMT("prints a kernel address with %p", "0xffffffff80000000", "%p",
	    (void *)0xffffffff80000000ull);
	FMT("prints %p without leading zeros", "0x402010", "%p", (void *)0x402010);
	FMT("prints %% as a percent sign", "100%", "100%%");
	FMT("copies text without conversions", "plain text", "plain text");
	FMT("handles several conversions in a row", "pid 1 (init) at 0x1000",
	    "pid %d (%s) at %#x", 1, "init", 0x1000u);
	FMT_TD("prints a NULL %p as 0x0", "0x0", "%p", NULL);
	FMT_TD("prints a NULL %s as (null)", "(null)", "%s", NULL);
	FMT_TD("copies an unknown conversion %q literally", "a%qb", "a%qb", 1);
	FMT_TD("copies an unknown conversion with flags literally", "%-5q", "%-5q", 1);
	FMT_TD("copies a lone % at the end of the format", "100%", "100%");
	FMT_TD("copies an unfinished %l at the end of the format", "x=%l", "x=%l");
	FMT_TD("handles an empty format", "", "");
}

static void test_length_modifiers(void)
{
	FMT("prints INT64_MIN with %lld", "-9223372036854775808", "%lld", (long long)INT64_MIN);
	FMT("prints INT64_MAX with %lld", "9223372036854775807", "%lld", (long long)INT64_MAX);
	FMT("prints INT64_MIN with %ld", "-9223372036854775808", "%ld", (long)INT64_MIN);
	FMT("prints UINT64_MAX with %llu", "18446744073709551615", "%llu",
	    (unsigned long long)UINT64_MAX);
	FMT("prints UINT64_MAX with %llx", "ffffffffffffffff", "%llx",
	    (unsigned long long)UINT64_MAX);
	FMT("prints UINT64_MAX with %lX", "FFFFFFFFFFFFFFFF", "%lX", (unsigned long)UINT64_MAX);
	FMT("prints SIZE_MAX with %zu", "18446744073709551615", "%zu", SIZE_MAX);
	FMT("prints a size with %zu", "4096", "%zu", (size_t)4096);
	FMT("prints a negative %zd", "-3", "%zd", (ptrdiff_t)-3);
	FMT("prints a signed char with %hhd", "-56", "%hhd", (signed char)-56);
	FMT("prints an unsigned char with %hhu", "255", "%hhu", (unsigned char)255);
	FMT("prints a short with %hd", "-1234", "%hd", (short)-1234);
	FMT("prints an unsigned short with %hx", "ffff", "%hx", (unsigned short)0xffff);
	FMT_TD("narrows an int to a signed char for %hhd", "44", "%hhd", 300);
	FMT_TD("narrows an int to an unsigned short for %hu", "4464", "%hu", 70000);
	FMT("reads only 32 bits for a plain %x", "ffffffff", "%x", -1);
}

static void test_width_and_flags(void)
{
	FMT("ignores a width smaller than the number", "12345", "%2d", 12345);
	FMT("pads to a larger width with spaces", "      42", "%8d", 42);
	FMT("pads on the right with the - flag", "42      |", "%-8d|", 42);
	FMT("pads with zeros with the 0 flag", "00000042", "%08d", 42);
	FMT("puts the sign before the zero padding", "-0000042", "%08d", -42);
	FMT("pads hex with zeros", "000000ff", "%08x", 255u);
	FMT("takes the width from a * argument", "    42", "%*d", 6, 42);
	FMT("pads on the right for a negative * width", "42    |", "%*d|", -6, 42);
	FMT("adds a plus sign with the + flag", "+5", "%+d", 5);
	FMT("keeps the minus sign with the + flag", "-5", "%+d", -5);
	FMT("adds a space with the space flag", " 5", "% d", 5);
	FMT("prefixes hex with 0x with the # flag", "0xff", "%#x", 255u);
	FMT("prefixes hex with 0X with the # flag and %X", "0XFF", "%#X", 255u);
	FMT("prints zero without a prefix with the # flag", "0", "%#x", 0u);
	FMT("counts the 0x prefix in the zero-padded width", "0x000000ff", "%#010x", 255u);
	FMT("pads a string on the left", "      ab", "%8s", "ab");
	FMT("pads a string on the right", "ab      |", "%-8s|", "ab");
	FMT("pads a character", "  A|A  |", "%3c|%-3c|", 'A', 'A');
	FMT("pads a pointer", "  0x402010", "%10p", (void *)0x402010);
	FMT_TD("lets - override 0", "42   |", "%-05d|", 42);
}

static void test_precision(void)
{
	FMT("stops a string after %.3s", "abc", "%.3s", "abcdef");
	FMT("takes a string precision from .*", "ab", "%.*s", 2, "abcdef");
	FMT("allows a precision longer than the string", "ab", "%.5s", "ab");
	FMT("combines width and string precision", "    a", "%5.1s", "abc");
	FMT("pads an int to the precision with zeros", "00042", "%.5d", 42);
	FMT("puts the sign before precision zeros", "-00042", "%.5d", -42);
	FMT("combines width and int precision", "   00042", "%8.5d", 42);
	FMT("pads hex to the precision", "00a", "%.3x", 10u);
	FMT("prints zero as nothing with %.0d", "", "%.0d", 0);
	FMT("prints zero as spaces with %5.0d", "     ", "%5.0d", 0);
	FMT("treats a negative .* precision as none", "42", "%.*d", -1, 42);
	FMT_TD("ignores the 0 flag when an int has a precision", "   042", "%06.3d", 42);
	FMT_TD("applies a precision to a NULL string's (null)", "(nu", "%.3s", NULL);
}

static void test_truncation(void)
{
	char buf[16];
	char *exact = malloc(8);	/* exactly 8 bytes: valgrind sees any overrun */

	is_int(snprintf(exact, 8, "hello, world"), 12,
	       "snprintf returns the full length when the output is truncated");
	is_str(exact, "hello, ", "snprintf keeps size - 1 bytes and a NUL when truncating");
	free(exact);

	fill(buf, CANARY, sizeof(buf));
	is_int(snprintf(buf, 8, "%s", "abcdefghijkl"), 12,
	       "snprintf returns 12 for 12 bytes into a buffer of 8");
	is_str(buf, "abcdefg", "snprintf NUL-terminates in the last byte of the buffer");
	ok(untouched(buf + 8, 8), "snprintf writes nothing past size");

	fill(buf, CANARY, sizeof(buf));
	is_int(snprintf(buf, 0, "hello"), 5, "snprintf with size 0 returns the full length");
	ok(untouched(buf, sizeof(buf)), "snprintf with size 0 writes nothing");
	is_int(snprintf(NULL, 0, "%d apples", 12), 9, "snprintf with size 0 accepts a NULL buffer");

	fill(buf, CANARY, sizeof(buf));
	is_int(snprintf(buf, 1, "abc"), 3, "snprintf with size 1 returns the full length");
	ok(buf[0] == '\0' && untouched(buf + 1, 15), "snprintf with size 1 writes only the NUL");

	is_int(snprintf(buf, 4, "abc"), 3, "snprintf fills a buffer that is exactly big enough");
	is_str(buf, "abc", "snprintf output that exactly fits is complete");
	is_int(snprintf(buf, 3, "abc"), 3, "snprintf still returns 3 when one byte is missing");
	is_str(buf, "ab", "snprintf drops the last byte when one byte is missing");

	fill(buf, CANARY, sizeof(buf));
	is_int(snprintf(buf, 4, "%10d", 42), 10, "snprintf counts padding beyond the buffer");
	ok(tap_streq(buf, "   ") && untouched(buf + 4, 12),
	   "snprintf truncates inside padding and writes nothing past size");
}

static void test_memory(void)
{
	char buf[16] = "abcdef";
	char big[300];

	ok(memcpy(big, "0123456789", 11) == big && tap_streq(big, "0123456789"),
	   "memcpy copies the bytes and returns dst");

	fill(big, CANARY, sizeof(big));
	ok(memset(big, 'x', 256) == big && big[0] == 'x' && big[255] == 'x' &&
	   untouched(big + 256, 44), "memset fills n bytes, returns dst, and stops there");
	memset(big, 0x141, 1);
	ok(big[0] == 0x41, "memset stores only the low byte of c");

	ok(memmove(buf + 2, buf, 4) == buf + 2, "memmove returns dst");
	is_str(buf, "ababcd", "memmove copies correctly when dst overlaps src from above");
	strlcpy(buf, "abcdef", sizeof(buf));
	memmove(buf, buf + 2, 4);
	is_str(buf, "cdefef", "memmove copies correctly when dst overlaps src from below");
	memmove(buf, buf, 6);
	memmove(buf + 1, buf, 0);
	is_str(buf, "cdefef", "memmove onto itself and of 0 bytes changes nothing");

	uint64_t rflags;

	memmove(buf + 1, buf, 4);
	asm volatile("pushfq; popq %0" : "=r"(rflags));
	ok(!(rflags & (1 << 10)), "memmove's backward copy leaves the direction flag clear");

	is_int(memcmp("abc", "abc", 3), 0, "memcmp returns 0 for equal bytes");
	ok(memcmp("abc", "abd", 3) < 0, "memcmp is negative when a sorts first");
	ok(memcmp("abd", "abc", 3) > 0, "memcmp is positive when a sorts last");
	ok(memcmp("\x80", "\x01", 1) > 0, "memcmp compares bytes as unsigned (0x80 > 0x01)");
	is_int(memcmp("abX", "abY", 2), 0, "memcmp looks at only n bytes");
	is_int(memcmp("a", "b", 0), 0, "memcmp of 0 bytes returns 0");
}

static void test_strings(void)
{
	char buf[16];
	char *unterminated = malloc(4);	/* no NUL: valgrind sees a read past max */

	is_int(strlen(""), 0, "strlen of the empty string is 0");
	is_int(strlen("hello"), 5, "strlen counts the bytes before the NUL");
	is_int(strnlen("hello", 3), 3, "strnlen stops at max");
	is_int(strnlen("hi", 10), 2, "strnlen stops at the NUL before max");
	memcpy(unterminated, "abcd", 4);
	is_int(strnlen(unterminated, 4), 4, "strnlen reads no further than max");
	free(unterminated);

	is_int(strcmp("abc", "abc"), 0, "strcmp returns 0 for equal strings");
	ok(strcmp("abc", "abd") < 0, "strcmp is negative when a sorts first");
	ok(strcmp("abd", "abc") > 0, "strcmp is positive when a sorts last");
	ok(strcmp("ab", "abc") < 0, "strcmp sorts a prefix first");
	ok(strcmp("\xff", "a") > 0, "strcmp compares bytes as unsigned");
	is_int(strncmp("abcX", "abcY", 3), 0, "strncmp ignores bytes after n");
	ok(strncmp("abcX", "abcY", 4) < 0, "strncmp sees a difference at byte n");
	is_int(strncmp("a", "b", 0), 0, "strncmp of 0 bytes returns 0");
	is_int(strncmp("abc\0X", "abc\0Y", 5), 0, "strncmp stops at the NUL");

	const char *path = "/usr/bin/ls";

	ok(strchr(path, '/') == path, "strchr finds the first match");
	ok(strrchr(path, '/') == path + 8, "strrchr finds the last match");
	ok(strchr(path, 'z') == NULL && strrchr(path, 'z') == NULL,
	   "strchr and strrchr return NULL when there is no match");
	ok(strchr(path, '\0') == path + 11, "strchr finds the terminating NUL");

	fill(buf, CANARY, sizeof(buf));
	is_int(strlcpy(buf, "hello", sizeof(buf)), 5, "strlcpy returns the source length");
	is_str(buf, "hello", "strlcpy copies a string that fits");
	fill(buf, CANARY, sizeof(buf));
	is_int(strlcpy(buf, "hello", 4), 5, "strlcpy returns the source length when truncating");
	is_str(buf, "hel", "strlcpy truncates and NUL-terminates");
	ok(untouched(buf + 4, 12), "strlcpy writes nothing past size");
	fill(buf, CANARY, sizeof(buf));
	is_int(strlcpy(buf, "hello", 0), 5, "strlcpy with size 0 returns the source length");
	ok(untouched(buf, sizeof(buf)), "strlcpy with size 0 writes nothing");
}

int main(void)
{
	test_conversions();
	test_length_modifiers();
	test_width_and_flags();
	test_precision();
	test_truncation();
	test_memory();
	test_strings();
	return tap_done();
}
