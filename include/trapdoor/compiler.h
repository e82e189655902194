/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_COMPILER_H
#define _TRAPDOOR_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#ifndef __always_inline		/* host tests: glibc defines it too */
#define __always_inline	inline __attribute__((always_inline))
#endif
#define __noreturn	__attribute__((noreturn))
#define __noinline	__attribute__((noinline))
#define __used		__attribute__((used))
#define __section(s)	__attribute__((section(s)))
#define __aligned(n)	__attribute__((aligned(n)))
#define __packed	__attribute__((packed))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * __user marks a pointer that holds a user-space address. The kernel never
 * dereferences one; it hands it to the uaccess helpers (include/asm/uaccess.h).
 * Here it is documentation: the compiler ignores it (Linux checks it with sparse).
 */
#define __user

/* Called from assembly: keep the symbol even if C never calls it. */
#define __visible	__attribute__((externally_visible, used))

#endif
