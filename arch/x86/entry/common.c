// SPDX-License-Identifier: MIT
/*
 * The C half of the system call entry: entry_64.asm has saved the user's
 * registers in pt_regs and cleared them; here we pick the table slot, call
 * it, and decide how to go back.
 */
#include <asm/nospec.h>
#include <asm/syscall.h>
#include <trapdoor/kernel.h>
#include <trapdoor/trace.h>
#include <uapi/asm/errno.h>
#include "sysret.h"

/* The gap filler of both tables. */
long sys_ni_syscall(const struct pt_regs *regs)
{
	(void)regs;
	return -ENOSYS;
}

/*
 * From entry_SYSCALL_64. nr is the low 32 bits of rax read as an int, as in
 * Linux: junk in the upper half is ignored, and a negative number is, as an
 * unsigned, far beyond the table. Returns true if SYSRET may be used.
 */
__visible bool do_syscall_64(struct pt_regs *regs, int nr)
{
	unsigned int unr = nr;

	if (unlikely(syscall_trace_enabled))
		trace_syscall_enter(regs, TRACE_ABI_64, unr);
	if (likely(unr < NR_syscalls)) {
		unr = array_index_nospec(unr, NR_syscalls);
		regs->ax = sys_call_table[unr](regs);
	}				/* else pt_regs->ax stays -ENOSYS */
	if (unlikely(syscall_trace_enabled))
		trace_syscall_exit(regs);

	return syscall_can_sysret(regs);
}

/* From entry_INT80_compat: the ia32 ABI, number in eax. Always exits by IRET. */
__visible void do_int80_syscall_32(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	if (unlikely(syscall_trace_enabled))
		trace_syscall_enter(regs, TRACE_ABI_IA32, nr);
	if (likely(nr < IA32_NR_syscalls)) {
		nr = array_index_nospec(nr, IA32_NR_syscalls);
		regs->ax = ia32_sys_call_table[nr](regs);
	}
	if (unlikely(syscall_trace_enabled))
		trace_syscall_exit(regs);
}
