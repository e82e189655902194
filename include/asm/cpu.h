/* SPDX-License-Identifier: MIT */
#ifndef _ASM_CPU_H
#define _ASM_CPU_H

/* arch/x86/kernel/cpu.c */
void cpu_init(void);		/* SSE, SMEP, SMAP, UMIP */
void syscall_init(void);	/* EFER.SCE, STAR, LSTAR, CSTAR, SFMASK */
void syscall_print(void);	/* what those MSRs make SYSCALL and SYSRET do */

#endif
