/* SPDX-License-Identifier: MIT */
/*
 * include/trapdoor/printf.h - bounded formatted output (lib/vsnprintf.c).
 *
 * The kernel's printk and ring-3 programs both format text through these.
 * Semantics are C99's:
 *   - the return value is the length the whole output WOULD have had,
 *     so "did it fit?" is "result < size" (-1 if it exceeds INT_MAX);
 *   - at most size bytes are written, and when size > 0 the buffer is
 *     always NUL-terminated; with size == 0 nothing is written (buf may
 *     then be NULL).
 *
 * Supported:   %d %i %u %x %X %p %s %c %%
 * Lengths:     hh h l ll z             (%zu is size_t, %zd its signed twin)
 * Flags:       -  0  +  space  #       (#x prints a 0x prefix)
 * Width:       digits or *             (a negative * width means '-')
 * Precision:   .digits or .*           (max bytes for %s, min digits for ints)
 *
 * Where trapdoor chooses: %p prints "0x" and lowercase hex without leading
 * zeros, so NULL is "0x0"; a NULL %s prints "(null)"; an unknown
 * conversion such as %q is copied to the output as written.
 * No floating point: the kernel is built with -mgeneral-regs-only.
 */
#ifndef _TRAPDOOR_PRINTF_H
#define _TRAPDOOR_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Format fmt with the arguments in ap into buf (at most size bytes). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Format fmt with the following arguments into buf (at most size bytes). */
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* _TRAPDOOR_PRINTF_H */
