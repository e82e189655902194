// SPDX-License-Identifier: MIT
/*
 * The C half of the system call entry: entry_64.asm has saved the user's
 * registers in pt_regs and cleared them; here we pick the table slot, call
 * it, and decide how to go back.
 */
#include <asm/nospec.h>
#include <asm/syscall.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/task.h>
#include <trapdoor/trace.h>
#include <uapi/asm/errno.h>
#include "sysret.h"
#ifdef VARIANT_SYSRET_FLAG
#include "experiments/sysret-flag.h"	/* EXPERIMENT sysret-flag */
#endif

/* The gap filler of both tables. */
long sys_ni_syscall(const struct pt_regs *regs)
{
	(void)regs;
	return -ENOSYS;
}

/*
 * Call slot nr of a table. The wrapper gets regs; the result goes into the
 * frame found again at its fixed address (current_pt_regs()), so the compiler
 * need not keep regs alive across the call in a callee-saved register: that
 * would cost a push and a pop on every system call.
 */
static __always_inline void dispatch(const sys_call_ptr_t *table, unsigned int size,
				     struct pt_regs *regs, unsigned int nr)
{
	if (likely(nr < size)) {
		nr = array_index_nospec(nr, size);
		current_pt_regs()->ax = table[nr](regs);
	}				/* else pt_regs->ax stays -ENOSYS */
}

/* The tracer's path, out of line: the untraced path pays one test for it. */
static __attribute__((noinline)) void dispatch_traced(const sys_call_ptr_t *table, unsigned int size,
						      struct pt_regs *regs, unsigned int nr,
						      enum trace_abi abi)
{
	trace_syscall_enter(regs, abi, nr);
	dispatch(table, size, regs, nr);
	trace_syscall_exit(regs);
}

/*
 * From entry_SYSCALL_64. nr is the low 32 bits of rax read as an int, as in
 * Linux: junk in the upper half is ignored, and a negative number is, as an
 * unsigned, far beyond the table. Returns true if SYSRET may be used.
 *
 * On the way out, one test of the work word: zero nearly always. Otherwise
 * (a signal is pending) the exit work may rewrite all of pt_regs, for a
 * handler or a restart; the SYSRET checks come after it and see the result.
 */
__visible bool do_syscall_64(struct pt_regs *regs, int nr)
{
#ifdef VARIANT_SYSRET_FLAG
	sysret_flag_entry(regs);		/* EXPERIMENT sysret-flag */
#endif
	if (unlikely(syscall_trace_enabled))
		dispatch_traced(sys_call_table, NR_syscalls, regs, nr, TRACE_ABI_64);
	else
		dispatch(sys_call_table, NR_syscalls, regs, nr);
	if (unlikely(task_work))
		exit_to_user_mode_loop(current_pt_regs(), SYSCALL_ABI_64);
#if defined(VARIANT_IRET_ONLY)
	return false;				/* EXPERIMENT iret-only: entry_64.asm does not ask */
#elif defined(VARIANT_SYSRET_FLAG)
	return sysret_flag_exit();		/* EXPERIMENT sysret-flag: one test */
#else
	return syscall_can_sysret(current_pt_regs());
#endif
}

/* From entry_INT80_compat: the ia32 ABI, number in eax. Always exits by IRET. */
__visible void do_int80_syscall_32(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	if (unlikely(syscall_trace_enabled))
		dispatch_traced(ia32_sys_call_table, IA32_NR_syscalls, regs, nr, TRACE_ABI_IA32);
	else
		dispatch(ia32_sys_call_table, IA32_NR_syscalls, regs, nr);
	if (unlikely(task_work))
		exit_to_user_mode_loop(current_pt_regs(), SYSCALL_ABI_IA32);
}

/* The exit work for the other ways back to ring 3: exceptions and interrupts. */
__visible void exit_to_user_mode(struct pt_regs *regs)
{
	if (unlikely(task_work))
		exit_to_user_mode_loop(regs, NOT_A_SYSCALL);
}
