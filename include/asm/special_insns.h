/* SPDX-License-Identifier: MIT */
#ifndef _ASM_SPECIAL_INSNS_H
#define _ASM_SPECIAL_INSNS_H

/* Instructions C cannot express: control registers and the time stamp counter. */
#include <stdint.h>

static inline unsigned long read_cr2(void)	/* the address of the last page fault */
{
	unsigned long v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t pml4)	/* switch address space */
{
	asm volatile("mov %0, %%cr3" : : "r"(pml4) : "memory");
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

#define DR6_RESERVED	0xffff0ff0UL	/* DR6's value with no debug condition recorded */

static inline void write_dr6(unsigned long v)
{
	asm volatile("mov %0, %%dr6" : : "r"(v));
}

#endif
