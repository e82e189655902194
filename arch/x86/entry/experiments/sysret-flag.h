/* SPDX-License-Identifier: MIT */
#ifndef _ARCH_X86_ENTRY_EXPERIMENTS_SYSRET_FLAG_H
#define _ARCH_X86_ENTRY_EXPERIMENTS_SYSRET_FLAG_H

/*
 * EXPERIMENT sysret-flag: the SYSCALL path's two halves of Brian Gerst's
 * proposal; included by arch/x86/entry/common.c in that build only.
 */
#include <stdbool.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <trapdoor/compiler.h>

extern bool sysret_forbidden;

/*
 * The one writer no kernel code is: the user. SYSCALL itself makes
 * cx == ip, r11 == flags and the selectors right, but a user may enter with
 * TF (or RF) set, or from the last bytes below TASK_SIZE_MAX: checked here.
 */
static inline void sysret_flag_entry(const struct pt_regs *regs)
{
	if (unlikely((regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF)) || regs->ip >= TASK_SIZE_MAX))
		sysret_forbidden = true;
}

/* The exit's single test; the flag is spent by the IRET it asks for. */
static inline bool sysret_flag_exit(void)
{
	if (likely(!sysret_forbidden))
		return true;
	sysret_forbidden = false;
	return false;
}

#endif
