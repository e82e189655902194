/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_SYSCALLS_H
#define _TRAPDOOR_SYSCALLS_H

/*
 * SYSCALL_DEFINEn(name, type1, arg1, ..., typen, argn) { body }
 *
 * A system call is written once, with typed arguments, and this macro makes
 * everything the entry path needs around it. For
 *
 *     SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
 *
 * it generates:
 *
 *   long __x64_sys_write(const struct pt_regs *regs)
 *       the sys_call_table slot: reads the SYSCALL ABI's argument registers
 *       from pt_regs (di, si, dx, r10, r8, r9), nothing else;
 *   long __ia32_sys_write(const struct pt_regs *regs)
 *       the ia32_sys_call_table slot: reads int $0x80's registers (bx, cx,
 *       dx, si, di, bp), each truncated to 32 bits as the ia32 ABI says;
 *   static long __se_sys_write(long fd, long buf, long count)
 *       "sign extend": casts each long to its declared type, so an int is
 *       taken from its low 32 bits (sign-extended), an unsigned int likewise
 *       (zero-extended), and no upper garbage from a register reaches C;
 *   static inline long __do_sys_write(unsigned int fd, const char __user *buf, size_t count)
 *       the body written after the macro;
 *   a struct syscall_metadata in section __syscalls_metadata
 *       the name, argument count, type and argument names, and both
 *       wrappers: what the tracer (kernel/trace.c) prints calls with.
 *
 * The wrappers are the only callers of the body, and only the tables call the
 * wrappers: no user value reaches C except through a declared argument.
 */
#include <asm/ptrace.h>
#include <trapdoor/compiler.h>

struct syscall_metadata {
	const char *name;
	int nb_args;
	const char *const *types;	/* e.g. "const char *": macros such as __user are expanded */
	const char *const *args;	/* e.g. "buf" */
	long (*x64)(const struct pt_regs *);
	long (*ia32)(const struct pt_regs *);
};

/* __MAP(n, m, t1, a1, ..., tn, an) -> m(t1, a1), ..., m(tn, an) */
#define __MAP0(m, ...)
#define __MAP1(m, t, a, ...) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a)		t a
#define __SC_LONG(t, a)		long a
#define __SC_CAST(t, a)		(t)a
#define __SC_ARG(t, a)		a
#define __SC_STR_TYPE(t, a)	#t
#define __SC_STR_ARG(t, a)	#a

/* The argument registers of each ABI, in order, as (unused, value) pairs for __MAP. */
#define __X64_REGS(n) __MAP(n, __SC_ARG, , regs->di, , regs->si, , regs->dx, \
			    , regs->r10, , regs->r8, , regs->r9)
#define __IA32_REGS(n) __MAP(n, __SC_ARG, , (unsigned int)regs->bx, , (unsigned int)regs->cx, \
			     , (unsigned int)regs->dx, , (unsigned int)regs->si, \
			     , (unsigned int)regs->di, , (unsigned int)regs->bp)

/*
 * EXPERIMENT fastpath (docs/experiments.md): entry_64.asm calls __se_sys_*
 * itself, with the arguments in registers, so they must be visible to the
 * generated build/gen/fast_sys_call_table.c; SYSCALL_DEFINE0 gets one too.
 */
#ifdef VARIANT_FASTPATH
#define __SE_LINKAGE
#define __SE_SYS0(name)								\
	long __se_sys_##name(void);						\
	long __se_sys_##name(void) { return __do_sys_##name(); }
#else
#define __SE_LINKAGE static
#define __SE_SYS0(name)
#endif

#define SYSCALL_METADATA(name, n, types, args)					\
	static const struct syscall_metadata __used __aligned(8)		\
	__section("__syscalls_metadata") __syscall_meta_##name = {		\
		#name, n, types, args, __x64_sys_##name, __ia32_sys_##name	\
	}

#define SYSCALL_DEFINE0(name)							\
	static inline long __do_sys_##name(void);				\
	long __x64_sys_##name(const struct pt_regs *regs);			\
	long __x64_sys_##name(const struct pt_regs *regs)			\
	{									\
		(void)regs;							\
		return __do_sys_##name();					\
	}									\
	long __ia32_sys_##name(const struct pt_regs *regs);			\
	long __ia32_sys_##name(const struct pt_regs *regs)			\
	{									\
		(void)regs;							\
		return __do_sys_##name();					\
	}									\
	SYSCALL_METADATA(name, 0, NULL, NULL);					\
	__SE_SYS0(name)								\
	static inline long __do_sys_##name(void)

#define SYSCALL_DEFINEx(n, name, ...)						\
	static inline long __do_sys_##name(__MAP(n, __SC_DECL, __VA_ARGS__));	\
	__SE_LINKAGE long __se_sys_##name(__MAP(n, __SC_LONG, __VA_ARGS__));	\
	__SE_LINKAGE long __se_sys_##name(__MAP(n, __SC_LONG, __VA_ARGS__))	\
	{									\
		return __do_sys_##name(__MAP(n, __SC_CAST, __VA_ARGS__));	\
	}									\
	long __x64_sys_##name(const struct pt_regs *regs);			\
	long __x64_sys_##name(const struct pt_regs *regs)			\
	{									\
		return __se_sys_##name(__X64_REGS(n));				\
	}									\
	long __ia32_sys_##name(const struct pt_regs *regs);			\
	long __ia32_sys_##name(const struct pt_regs *regs)			\
	{									\
		return __se_sys_##name(__IA32_REGS(n));				\
	}									\
	static const char *const __sc_types_##name[] = { __MAP(n, __SC_STR_TYPE, __VA_ARGS__) }; \
	static const char *const __sc_args_##name[] = { __MAP(n, __SC_STR_ARG, __VA_ARGS__) };	\
	SYSCALL_METADATA(name, n, __sc_types_##name, __sc_args_##name);	\
	static inline long __do_sys_##name(__MAP(n, __SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

extern const struct syscall_metadata __start_syscalls_metadata[], __stop_syscalls_metadata[];

#endif
