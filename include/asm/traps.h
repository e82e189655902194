/* SPDX-License-Identifier: MIT */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <stdbool.h>
#include <asm/ptrace.h>

#define X86_TRAP_DE	0
#define X86_TRAP_DB	1
#define X86_TRAP_NMI	2
#define X86_TRAP_BP	3
#define X86_TRAP_UD	6
#define X86_TRAP_DF	8
#define X86_TRAP_NP	11
#define X86_TRAP_SS	12
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14
#define X86_TRAP_MF	16
#define X86_TRAP_AC	17
#define X86_TRAP_XF	19

/* Page-fault error code bits. */
#define X86_PF_PROT	(1UL << 0)	/* 0: page not present; 1: protection violation */
#define X86_PF_WRITE	(1UL << 1)	/* 0: read; 1: write */
#define X86_PF_USER	(1UL << 2)	/* 0: in kernel mode; 1: in user mode */
#define X86_PF_RSVD	(1UL << 3)	/* a reserved bit was set in a page-table entry */
#define X86_PF_INSTR	(1UL << 4)	/* an instruction fetch */

/* Called by the exc_N stubs in arch/x86/entry/entry_64.asm. */
void do_exception(struct pt_regs *regs, int vector);

void show_regs(const struct pt_regs *regs);
const char *signal_name(int sig);

/* arch/x86/mm/fault.c: a page fault at a user address, from ring 3 or a uaccess helper. */
enum { FAULT_HANDLED, FAULT_MAPERR, FAULT_ACCERR, FAULT_OOM };
int handle_user_page_fault(unsigned long addr, unsigned long error);

/* arch/x86/mm/extable.c: resume a faulting uaccess instruction at its fixup. */
bool fixup_exception(struct pt_regs *regs);
bool in_exception_table(unsigned long ip);

/* arch/x86/kernel/selftest.c: the trap=... kernel option. */
void trap_selftest(const char *which);

#endif
