/* SPDX-License-Identifier: MIT */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

/*
 * GDT layout. The order is dictated by SYSCALL and SYSRET, which compute the
 * selectors they load from two bases in MSR_STAR instead of reading the GDT:
 *
 *   SYSCALL:  CS = STAR[47:32]        SS = STAR[47:32] + 8
 *   SYSRET:   CS = STAR[63:48] + 16   SS = STAR[63:48] + 8   (both with RPL 3)
 *
 * so kernel CS must be followed by kernel DS, and user32 CS by user DS and
 * user CS. The selectors are Linux's, so what you learn here carries over.
 */
#define GDT_ENTRY_KERNEL_CS	2
#define GDT_ENTRY_KERNEL_DS	3
#define GDT_ENTRY_USER32_CS	4
#define GDT_ENTRY_USER_DS	5
#define GDT_ENTRY_USER_CS	6
#define GDT_ENTRY_TSS		8	/* a system descriptor: takes two slots, 8 and 9 */
/* (10 and 11 stay empty: Linux keeps its LDT descriptor there; trapdoor has no LDT) */
#define GDT_ENTRY_TLS_MIN	12	/* set_thread_area's three slots, 12..14, as on Linux: */
#define GDT_ENTRY_TLS_MAX	14	/*   selectors 0x63, 0x6b and 0x73; each program has its own */
#define GDT_ENTRY_TLS_ENTRIES	3
#define GDT_ENTRIES		15

#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)	/* 0x10 */
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)	/* 0x18 */
#define __USER32_CS	(GDT_ENTRY_USER32_CS * 8 + 3)	/* 0x23 */
#define __USER_DS	(GDT_ENTRY_USER_DS * 8 + 3)	/* 0x2b */
#define __USER_CS	(GDT_ENTRY_USER_CS * 8 + 3)	/* 0x33 */
#define __TSS_SEL	(GDT_ENTRY_TSS * 8)		/* 0x40 */

#endif
