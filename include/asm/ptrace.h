/* SPDX-License-Identifier: MIT */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

/*
 * struct pt_regs: the user's registers as every entry from ring 3 saves them
 * (SYSCALL, int $0x80 and the exception stubs in arch/x86/entry/entry_64.asm).
 * Linux's x86-64 order, lowest address first. The entry code pushes it from the
 * bottom of this list upwards, so the hardware frame (ip..ss) sits highest.
 * The byte offsets reach NASM through the generated build/gen/asm-offsets.inc,
 * produced from arch/x86/asm-offsets.c, so the two sides cannot disagree.
 */
struct pt_regs {
	/* Pushed by software: registers C preserves itself (callee-saved). */
/* 0x00 */ unsigned long r15;
/* 0x08 */ unsigned long r14;
/* 0x10 */ unsigned long r13;
/* 0x18 */ unsigned long r12;
/* 0x20 */ unsigned long bp;
/* 0x28 */ unsigned long bx;
	/* Pushed by software: registers C may clobber (caller-saved). */
/* 0x30 */ unsigned long r11;
/* 0x38 */ unsigned long r10;
/* 0x40 */ unsigned long r9;
/* 0x48 */ unsigned long r8;
/* 0x50 */ unsigned long ax;	/* return value; preset to -ENOSYS on entry */
/* 0x58 */ unsigned long cx;
/* 0x60 */ unsigned long dx;
/* 0x68 */ unsigned long si;
/* 0x70 */ unsigned long di;
	/* System call number, or the CPU's error code for an exception. */
/* 0x78 */ unsigned long orig_ax;
	/* The hardware frame: what IRET pops (SYSCALL's entry builds it by hand). */
/* 0x80 */ unsigned long ip;
/* 0x88 */ unsigned long cs;
/* 0x90 */ unsigned long flags;
/* 0x98 */ unsigned long sp;
/* 0xa0 */ unsigned long ss;
/* 0xa8 */
};

/*
 * The running program's frame, saved by every entry from ring 3: it sits at
 * the very top of the program's kernel stack (boot/boot.asm's task_pt_regs,
 * just below task_stack_top), so its address is a link-time constant.
 */
extern struct pt_regs task_pt_regs;
#define current_pt_regs() (&task_pt_regs)

/* True if the frame was saved on an entry from ring 3. */
static inline int user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

#endif
