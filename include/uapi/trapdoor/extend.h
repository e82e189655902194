/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_TRAPDOOR_EXTEND_H
#define _UAPI_TRAPDOOR_EXTEND_H

/*
 * trapdoor's own system calls, numbers 1000 and up in both tables: the two
 * ways of giving dup a close-on-exec flag that docs/growing.md compares.
 * Every field has a fixed width and lies at the same offset for a 64-bit and
 * a 32-bit program, so one layout serves both entries.
 */
#include <stdint.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC	02000000	/* the one flag either call accepts */
#endif

/*
 * dup_ext(struct dup_args *args, size_t size): dup3 with its arguments in a
 * structure that may grow at its end. size is sizeof(struct dup_args) as
 * the program was built; the kernel takes it by copy_struct_from_user's
 * rules (lib/usercopy.c).
 */
struct dup_args {
	uint32_t oldfd;
	uint32_t newfd;
	/* version 1 */
	uint64_t flags;			/* 0 or O_CLOEXEC */
};
#define DUP_ARGS_SIZE_VER0	8	/* oldfd, newfd: the smallest size accepted */
#define DUP_ARGS_SIZE_VER1	16	/* flags */

/*
 * indirect(const struct indirect_call *call, const void *params, size_t size):
 * run the call described by *call (a number in the table of the entry used,
 * SYSCALL's or int $0x80's, and its six arguments) with the extra
 * parameters *params in effect. Only dup, dup2 and fcntl may be wrapped.
 */
struct indirect_call {
	uint64_t nr;
	uint64_t args[6];
};

struct indirect_params {
	uint32_t file_flags;		/* 0 or O_CLOEXEC: for a descriptor the call makes */
};
#define INDIRECT_PARAMS_SIZE_VER0	4

#endif
