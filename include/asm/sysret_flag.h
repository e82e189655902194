/* SPDX-License-Identifier: MIT */
#ifndef _ASM_SYSRET_FLAG_H
#define _ASM_SYSRET_FLAG_H

/*
 * regs_changed(regs): called by every writer of a user's pt_regs after its
 * last write (docs/experiments.md lists them and how they were found).
 *
 * EXPERIMENT sysret-flag (make VARIANT=sysret-flag): Brian Gerst's proposal
 * of Sep 2015. SYSRET's conditions (arch/x86/entry/sysret.h) are checked
 * here, where the frame changes, and a frame that fails them sets one flag;
 * the SYSCALL exit tests only that flag (arch/x86/entry/experiments/sysret-flag.c).
 * In every other build it is empty and compiles to nothing.
 */
#include <asm/ptrace.h>

#ifdef VARIANT_SYSRET_FLAG
void regs_changed(const struct pt_regs *regs);
#else
static inline void regs_changed(const struct pt_regs *regs)
{
	(void)regs;
}
#endif

#endif
