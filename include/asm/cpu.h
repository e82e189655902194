/* SPDX-License-Identifier: MIT */
#ifndef _ASM_CPU_H
#define _ASM_CPU_H

#include <stdint.h>

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

/* arch/x86/kernel/cpu.c */
void cpu_init(void);		/* the FPU, SMEP, SMAP, UMIP */
void syscall_init(void);	/* EFER.SCE, STAR, LSTAR, CSTAR, SFMASK */
void syscall_print(void);	/* what those MSRs make SYSCALL and SYSRET do */
extern uint32_t elf_hwcap;	/* CPUID.1:EDX, what AT_HWCAP tells programs (as Linux) */

/* arch/x86/kernel/fpu.c */
void fpu_init(void);		/* CR0/CR4 for x87, SSE and (with XSAVE) AVX and beyond */
void fpu_reset_user(void);	/* the architectural initial state */
void fpu_start_program(void);	/* that, and no trace of the last program's signal frames */
/* The FPU image in a signal frame (arch/x86/kernel/signal.c). */
#include <stdbool.h>
#include <stddef.h>
#include <trapdoor/compiler.h>
bool fpu_uses_xsave(void);
size_t fpu_sigframe_size(void);
int fpu_save_to_user(void __user *buf);
int fpu_restore_from_user(const void __user *buf);
/* The same for a 32-bit frame (struct _fpstate_32: an FSAVE-format header, then the image). */
size_t fpu_sigframe_size_ia32(void);
int fpu_save_to_user_ia32(void __user *buf, unsigned int cs, unsigned int ds);
int fpu_restore_from_user_ia32(const void __user *buf);

#endif
