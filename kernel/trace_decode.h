/* SPDX-License-Identifier: MIT */
#ifndef _KERNEL_TRACE_DECODE_H
#define _KERNEL_TRACE_DECODE_H

/*
 * Between the tracer (kernel/trace.c) and its argument decoders
 * (kernel/trace_decode.c), which print flags and constants by name, as
 * strace does: PROT_READ|PROT_WRITE, AT_FDCWD, SIGINT, 0x4d MADV_???.
 */
#include <stdbool.h>
#include <stddef.h>

/* A piece of a longer string: names and types inside a signature such as
 * "read(unsigned int fd, char *buf, size_t count)" are not NUL-terminated. */
struct span {
	const char *s;
	size_t len;
};

/* Append to the line being built (kernel/trace.c). */
void trace_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A file mode (umode_t) in octal, as strace prints it: 0644. */
void trace_emit_mode(unsigned long v);

/*
 * Print argument i of a call, named as Linux's tables name them (call
 * "mmap", arg "prot"), if a decoder knows it; return false to leave it to
 * the argument's type. v is the argument, cut to its type's width; args
 * are all of the call's arguments (fcntl's arg depends on its cmd).
 */
bool trace_decode(struct span call, struct span arg, unsigned long v, const unsigned long *args);

/* Does the call (Linux's name) return an address? Then its result prints in hex. */
bool trace_returns_address(struct span call);

#endif
