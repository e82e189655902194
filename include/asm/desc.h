/* SPDX-License-Identifier: MIT */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#include <stdbool.h>
#include <stdint.h>
#include <trapdoor/compiler.h>

/* The 64-bit TSS: no tasks any more, just the stacks the CPU switches to. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp0;		/* stack for entries from ring 3 (int $0x80, exceptions) */
	uint64_t rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];	/* Interrupt Stack Table: IST1..IST7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;	/* past the limit: no I/O bitmap, so no port I/O in ring 3 */
} __packed;

/* IST slots (1-based, as the IDT gate names them). */
#define IST_DF	1	/* double fault: the stack itself may be what broke */
#define IST_NMI	2
#define IST_MC	3

extern struct tss tss;

void gdt_init(void);
void gdt_print(void);
void idt_init(void);
void tss_set_rsp0(unsigned long rsp0);
void reset_user_segments(bool compat);
void load_tls(const uint64_t tls[3]);	/* GDT slots 12..14 */

#endif
