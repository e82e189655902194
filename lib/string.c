/* SPDX-License-Identifier: MIT */
/*
 * lib/string.c - memory and string primitives for a world without libc.
 *
 * The byte movers (memcpy, memmove, memset) are one x86 string instruction
 * each, REP MOVSB or REP STOSB, in inline assembly.  That is short, fast on
 * modern CPUs, and it sidesteps a trap: the obvious C loop
 *
 *	while (n--) *d++ = *s++;
 *
 * is exactly what GCC ("loop distribution") and clang ("loop idiom
 * recognition") replace with a call to memcpy, and inside memcpy that call
 * would recurse forever.  Neither compiler rewrites an asm statement.
 *
 * The string instructions move forward when the direction flag DF is 0.
 * The System V ABI promises DF = 0 on every function call, so the kernel's
 * entry code must clear DF (CLD, or DF in the SYSCALL flag mask) before it
 * calls C; only memmove's backward copy sets DF, and it clears it again.
 */

#include <stdint.h>
#include <trapdoor/string.h>

/*
 * Copy n bytes upward: eight at a time with REP MOVSQ, then the last n % 8
 * with REP MOVSB. Each quadword is read before it is written, in order, so
 * this is also correct for overlapping ranges when dst lies below src.
 * (Under QEMU's -icount, which make bench uses, every iteration of a REP
 * instruction counts as one instruction: a quadword at a time is 8 times
 * fewer.)
 */
static void copy_forward(void *dst, const void *src, size_t n)
{
	size_t tail = n % 8;

	n /= 8;
	asm volatile("rep movsq\n\t"
		     "mov %3, %2\n\t"
		     "rep movsb"
		     : "+D"(dst), "+S"(src), "+c"(n)	/* rdi, rsi, rcx: all consumed */
		     : "r"(tail)
		     : "memory");
}

/*
 * Copy n bytes downward, last byte first: correct when dst lies above an
 * overlapping src.  With DF = 1, MOVSB decrements rdi and rsi, so they
 * start at the last byte of each range.
 */
static void copy_backward(void *dst, const void *src, size_t n)
{
	unsigned char *d_last = (unsigned char *)dst + n - 1;
	const unsigned char *s_last = (const unsigned char *)src + n - 1;

	asm volatile("std\n\t"		/* DF = 1: copy downward */
		     "rep movsb\n\t"
		     "cld"		/* DF = 0 again, as the ABI requires */
		     : "+D"(d_last), "+S"(s_last), "+c"(n)
		     :
		     : "memory");
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

/*
 * A forward copy is safe unless dst starts inside [src, src + n).  One
 * unsigned comparison tests that: when dst is below src, dst - src wraps
 * around to a huge number, which is >= n as well.
 */
void *memmove(void *dst, const void *src, size_t n)
{
	if (n == 0)
		return dst;
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	size_t tail = n % 8;

	n /= 8;
	asm volatile("rep stosq\n\t"		/* store rax into n / 8 quadwords at rdi, */
		     "mov %2, %1\n\t"
		     "rep stosb"		/* then al into the last n % 8 bytes */
		     : "+D"(d), "+c"(n)
		     : "r"(tail), "a"((unsigned char)c * 0x0101010101010101UL)
		     : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;

	for (; n > 0; n--, pa++, pb++) {
		if (*pa != *pb)
			return *pa - *pb;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *end = s;

	while (*end)
		end++;
	return end - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t len = 0;

	while (len < max && s[len])
		len++;
	return len;
}

/* C compares string bytes as unsigned char, so "\xff" sorts after "a". */
int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		unsigned char ca = *a, cb = *b;

		if (ca != cb)
			return ca - cb;
		if (ca == '\0')
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t copy = len < size ? len : size - 1;

		memcpy(dst, src, copy);
		dst[copy] = '\0';
	}
	return len;
}
