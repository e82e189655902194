/* SPDX-License-Identifier: MIT */
/*
 * include/trapdoor/string.h - memory and string primitives (lib/string.c).
 *
 * The kernel and ring-3 programs both run without a C library, so these
 * are our own implementations of the standard functions, with the standard
 * signatures and meanings.  GCC and clang may also call memcpy, memmove,
 * memset and memcmp on their own (struct copies, big initialisers), so
 * those four must always be linked in.
 */
#ifndef _TRAPDOOR_STRING_H
#define _TRAPDOOR_STRING_H

#include <stddef.h>

/* Copy n bytes from src to dst; the two ranges must not overlap. */
void *memcpy(void *dst, const void *src, size_t n);

/* Copy n bytes from src to dst; the ranges may overlap. */
void *memmove(void *dst, const void *src, size_t n);

/* Fill n bytes at dst with the byte value (unsigned char)c. */
void *memset(void *dst, int c, size_t n);

/* Compare n bytes as unsigned char: <0, 0 or >0 like a - b. */
int memcmp(const void *a, const void *b, size_t n);

/* Number of bytes before the terminating NUL. */
size_t strlen(const char *s);

/* Like strlen, but never looks at more than max bytes. */
size_t strnlen(const char *s, size_t max);

/* Compare two strings as unsigned char: <0, 0 or >0. */
int strcmp(const char *a, const char *b);

/* Like strcmp, but compares at most n bytes. */
int strncmp(const char *a, const char *b, size_t n);

/* First occurrence of (char)c in s (the NUL counts), or NULL. */
char *strchr(const char *s, int c);

/* Last occurrence of (char)c in s (the NUL counts), or NULL. */
char *strrchr(const char *s, int c);

/*
 * Copy src into the size-byte buffer dst, truncating if needed; dst is
 * always NUL-terminated when size > 0.  Returns strlen(src), so the copy
 * was truncated exactly when the result is >= size (BSD strlcpy).
 */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif /* _TRAPDOOR_STRING_H */
