/* SPDX-License-Identifier: MIT */
#ifndef _ASM_MSR_H
#define _ASM_MSR_H

#include <stdint.h>

#define MSR_IA32_SYSENTER_CS	0x174		/* SYSENTER: kernel CS (SS = CS + 8) */
#define MSR_IA32_SYSENTER_ESP	0x175		/* SYSENTER: the kernel stack */
#define MSR_IA32_SYSENTER_EIP	0x176		/* SYSENTER: where it lands */
#define MSR_EFER		0xc0000080	/* extended features */
#define MSR_STAR		0xc0000081	/* SYSCALL/SYSRET selector bases */
#define MSR_LSTAR		0xc0000082	/* SYSCALL target, 64-bit mode */
#define MSR_CSTAR		0xc0000083	/* SYSCALL target, compat mode (AMD) */
#define MSR_SYSCALL_MASK	0xc0000084	/* RFLAGS bits SYSCALL clears (SFMASK) */
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102	/* swapped with GS base by swapgs */

#define EFER_SCE	(1UL << 0)	/* SYSCALL enable */
#define EFER_LME	(1UL << 8)	/* long mode enable */
#define EFER_NX		(1UL << 11)	/* no-execute page bit enable */

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
}

#endif
