/* SPDX-License-Identifier: MIT */
#ifndef _ARCH_X86_ENTRY_SYSRET_H
#define _ARCH_X86_ENTRY_SYSRET_H

/*
 * May this system call return with SYSRET? SYSRET is quicker than IRET but
 * does not read the frame: it takes RIP from RCX and RFLAGS from R11 and
 * loads fixed selectors. So it is right only when pt_regs says exactly that.
 * Any doubt: IRET, which restores the whole frame and is always correct.
 * Included by arch/x86/entry/common.c and by the host test that checks each
 * condition on its own (tests/unit/test_sysret.c).
 */
#include <stdbool.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

static inline bool syscall_can_sysret(const struct pt_regs *regs)
{
	/* SYSRET jumps to RCX: only right if the return address is unchanged. */
	if (regs->cx != regs->ip)
		return false;

	/* SYSRET sets RFLAGS from R11. */
	if (regs->r11 != regs->flags)
		return false;

	/*
	 * On Intel CPUs, SYSRET with a non-canonical RCX raises #GP in ring 0,
	 * after the stack is already the user's: a user-chosen stack for a
	 * kernel exception (CVE-2012-0217). rt_sigreturn can put any ip here,
	 * and a SYSCALL in the last bytes of the last user page returns to
	 * 0x7ffffffff000, past it: both leave by IRET, which faults in ring 3
	 * (or, if IRET itself refuses, becomes the program's SIGSEGV).
	 */
	if (regs->ip >= TASK_SIZE_MAX)
		return false;

	/* SYSRET loads these two selectors whatever the frame says. */
	if (regs->cs != __USER_CS || regs->ss != __USER_DS)
		return false;

	/*
	 * SYSRET cannot restore RF, and restoring TF with it traps at once,
	 * before the first user instruction, unlike IRET: leave that to IRET.
	 */
	if (regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF))
		return false;

	return true;
}

/*
 * May a 32-bit fast system call (SYSENTER, or SYSCALL from compatibility
 * mode) return by its fast instruction, SYSEXIT or SYSRETL? Both return to
 * one fixed place, the vDSO's landing pad, with fixed selectors; neither can
 * restore ecx (nor SYSEXIT edx), which the vDSO pops back itself. So they are
 * right only when the frame still says: that place, those selectors. (No
 * canonical-address check: a 32-bit eip cannot be non-canonical.)
 */
static inline bool syscall32_can_fast_return(const struct pt_regs *regs, unsigned long landing_pad)
{
	/* Both jump to the landing pad: not where a sigreturn or a handler's frame points. */
	if (regs->ip != landing_pad)
		return false;

	/* Both load __USER32_CS and __USER_DS whatever the frame says. */
	if (regs->cs != __USER32_CS || regs->ss != __USER_DS)
		return false;

	/* As for SYSRET: neither restores RF, and TF set traps at once: IRET. */
	if (regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF))
		return false;

	return true;
}

#endif
