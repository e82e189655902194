/* SPDX-License-Identifier: MIT */
#ifndef _ASM_PROCESSOR_FLAGS_H
#define _ASM_PROCESSOR_FLAGS_H

/* RFLAGS */
#define X86_EFLAGS_CF		(1UL << 0)
#define X86_EFLAGS_FIXED	(1UL << 1)	/* always reads as 1 */
#define X86_EFLAGS_PF		(1UL << 2)
#define X86_EFLAGS_AF		(1UL << 4)
#define X86_EFLAGS_ZF		(1UL << 6)
#define X86_EFLAGS_SF		(1UL << 7)
#define X86_EFLAGS_TF		(1UL << 8)	/* single-step trap */
#define X86_EFLAGS_IF		(1UL << 9)	/* interrupts enabled */
#define X86_EFLAGS_DF		(1UL << 10)	/* string ops go downwards */
#define X86_EFLAGS_OF		(1UL << 11)
#define X86_EFLAGS_IOPL		(3UL << 12)	/* I/O privilege level */
#define X86_EFLAGS_NT		(1UL << 14)	/* nested task */
#define X86_EFLAGS_RF		(1UL << 16)	/* resume flag */
#define X86_EFLAGS_VM		(1UL << 17)
#define X86_EFLAGS_AC		(1UL << 18)	/* alignment check; with SMAP: user access allowed */
#define X86_EFLAGS_ID		(1UL << 21)

/* CR0 */
#define X86_CR0_PE	(1UL << 0)
#define X86_CR0_MP	(1UL << 1)
#define X86_CR0_EM	(1UL << 2)
#define X86_CR0_NE	(1UL << 5)	/* x87 errors as #MF, not the FERR# pin */
#define X86_CR0_WP	(1UL << 16)
#define X86_CR0_AM	(1UL << 18)	/* alignment checks in ring 3 when RFLAGS.AC is set */	/* honour read-only pages in ring 0 too */
#define X86_CR0_PG	(1UL << 31)

/* CR4 */
#define X86_CR4_PAE		(1UL << 5)
#define X86_CR4_PGE		(1UL << 7)
#define X86_CR4_OSFXSR		(1UL << 9)
#define X86_CR4_OSXMMEXCPT	(1UL << 10)
#define X86_CR4_UMIP		(1UL << 11)	/* sgdt/sidt/str... #GP in ring 3 */
#define X86_CR4_OSXSAVE		(1UL << 18)	/* XSAVE, XRSTOR and XSETBV enabled */
#define X86_CR4_SMEP		(1UL << 20)	/* ring 0 may not execute user pages */
#define X86_CR4_SMAP		(1UL << 21)	/* ring 0 may not touch user pages unless AC */

#endif
