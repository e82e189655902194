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
 *       dx, si, di, bp), 32 bits each as the ia32 ABI says, extended as the
 *       declared type's 32-bit twin would be: a signed type (int, long) from
 *       the sign bit of the 32-bit value, anything else (unsigned, size_t,
 *       a pointer) with zeroes;
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
 *
 * COMPAT_SYSCALL_DEFINEn(name, ...) is the same for a call whose ia32 form
 * needs its own body, because a structure it reads or writes has another
 * layout for a 32-bit program (struct compat_timespec: two 32-bit words), or
 * because a 32-bit value means something else (compat_off_t, signed). It makes
 * only __ia32_compat_sys_NAME (the table's entry point compat_sys_NAME), with
 * the same extension rule: the arguments are declared with the compat_ types
 * of include/trapdoor/compat.h, whose signedness says how each 32-bit
 * register widens. Its metadata has no x64 wrapper.
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
/*
 * An ia32 register as argument of type t: its low 32 bits, sign-extended if t
 * is signed ((t)-1 < (t)1 is a constant), zero-extended otherwise. A long
 * declared for a 64-bit program is a 32-bit long for a 32-bit one: -1 in ebx
 * arrives as -1, not 4294967295.
 */
#define __SC_IA32(t, reg)	((t)-1 < (t)1 ? (long)(int)(reg) : (long)(unsigned int)(reg))
#define __IA32_ARGS1(t1, a1) __SC_IA32(t1, regs->bx)
#define __IA32_ARGS2(t1, a1, t2, a2) __IA32_ARGS1(t1, a1), __SC_IA32(t2, regs->cx)
#define __IA32_ARGS3(t1, a1, t2, a2, t3, a3) __IA32_ARGS2(t1, a1, t2, a2), __SC_IA32(t3, regs->dx)
#define __IA32_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4) \
	__IA32_ARGS3(t1, a1, t2, a2, t3, a3), __SC_IA32(t4, regs->si)
#define __IA32_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	__IA32_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4), __SC_IA32(t5, regs->di)
#define __IA32_ARGS6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	__IA32_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), __SC_IA32(t6, regs->bp)
#define __IA32_REGS(n, ...) __IA32_ARGS##n(__VA_ARGS__)

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

#define __SYSCALL_METADATA(sym, name, n, types, args, x64, ia32)		\
	static const struct syscall_metadata __used __aligned(8)		\
	__section("__syscalls_metadata") sym = {				\
		#name, n, types, args, x64, ia32				\
	}
#define SYSCALL_METADATA(name, n, types, args)					\
	__SYSCALL_METADATA(__syscall_meta_##name, name, n, types, args,	\
			   __x64_sys_##name, __ia32_sys_##name)

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
		return __se_sys_##name(__IA32_REGS(n, __VA_ARGS__));		\
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

/* The ia32-only twin: __ia32_compat_sys_NAME and its metadata, nothing for x64. */
#define COMPAT_SYSCALL_DEFINE0(name)						\
	static inline long __do_compat_sys_##name(void);			\
	long __ia32_compat_sys_##name(const struct pt_regs *regs);		\
	long __ia32_compat_sys_##name(const struct pt_regs *regs)		\
	{									\
		(void)regs;							\
		return __do_compat_sys_##name();				\
	}									\
	__SYSCALL_METADATA(__compat_syscall_meta_##name, name, 0, NULL, NULL,	\
			   NULL, __ia32_compat_sys_##name);			\
	static inline long __do_compat_sys_##name(void)

#define COMPAT_SYSCALL_DEFINEx(n, name, ...)					\
	static inline long __do_compat_sys_##name(__MAP(n, __SC_DECL, __VA_ARGS__)); \
	static long __se_compat_sys_##name(__MAP(n, __SC_LONG, __VA_ARGS__))	\
	{									\
		return __do_compat_sys_##name(__MAP(n, __SC_CAST, __VA_ARGS__)); \
	}									\
	long __ia32_compat_sys_##name(const struct pt_regs *regs);		\
	long __ia32_compat_sys_##name(const struct pt_regs *regs)		\
	{									\
		return __se_compat_sys_##name(__IA32_REGS(n, __VA_ARGS__));	\
	}									\
	static const char *const __compat_sc_types_##name[] = { __MAP(n, __SC_STR_TYPE, __VA_ARGS__) }; \
	static const char *const __compat_sc_args_##name[] = { __MAP(n, __SC_STR_ARG, __VA_ARGS__) };	\
	__SYSCALL_METADATA(__compat_syscall_meta_##name, name, n, __compat_sc_types_##name, \
			   __compat_sc_args_##name, NULL, __ia32_compat_sys_##name); \
	static inline long __do_compat_sys_##name(__MAP(n, __SC_DECL, __VA_ARGS__))

#define COMPAT_SYSCALL_DEFINE1(name, ...) COMPAT_SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE2(name, ...) COMPAT_SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE3(name, ...) COMPAT_SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE4(name, ...) COMPAT_SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE5(name, ...) COMPAT_SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE6(name, ...) COMPAT_SYSCALL_DEFINEx(6, name, __VA_ARGS__)

extern const struct syscall_metadata __start_syscalls_metadata[], __stop_syscalls_metadata[];

#endif
