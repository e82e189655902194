/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_VDSO_H
#define _TRAPDOOR_VDSO_H

#include <asm/vdso32.h>	/* generated from the vDSO: VDSO32_<symbol> offsets */
#include <trapdoor/vma.h>

/* kernel/vdso.c: the 32-bit vDSO and its __kernel_vsyscall. */
enum vsyscall_way_nr { VSYSCALL_INT80, VSYSCALL_SYSENTER, VSYSCALL_SYSCALL };
extern enum vsyscall_way_nr vdso32_way;	/* what __kernel_vsyscall uses on this CPU */

void vdso_init(void);			/* pick the way for this CPU; patch the image */
unsigned long vdso32_map(struct mm *mm);	/* map it into a 32-bit program; 0 if no memory */

/* AT_SYSINFO: __kernel_vsyscall, in the vDSO mapped at vdso. */
static inline unsigned long vdso32_entry(unsigned long vdso)
{
	return vdso + VDSO32___kernel_vsyscall;
}

/* Where SYSENTER and SYSCALL return: just after its int $0x80; 0 if no vDSO is mapped. */
static inline unsigned long vdso32_landing_pad(unsigned long vdso)
{
	return vdso ? vdso + VDSO32_int80_landing_pad : 0;
}

#endif
