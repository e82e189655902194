/* SPDX-License-Identifier: MIT */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

/*
 * Per-CPU data, found through the GS base. While the kernel runs, GS base
 * points here; while a program runs, the swapgs in every entry and exit keeps
 * it in MSR_KERNEL_GS_BASE instead. entry_SYSCALL_64 needs it because SYSCALL
 * does not switch stacks: this is where it finds the kernel stack. trapdoor
 * has one CPU, but the mechanism is the one an SMP kernel needs.
 */
struct percpu {
/* 0x00 */ unsigned long user_rsp;	/* SYSCALL parks the user's RSP here */
/* 0x08 */ unsigned long top_of_stack;	/* the running program's kernel stack */
};

extern struct percpu cpu0;

#endif
