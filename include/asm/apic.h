/* SPDX-License-Identifier: MIT */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <stdint.h>

#define LOCAL_TIMER_VECTOR	0xec	/* Linux's */
#define SPURIOUS_APIC_VECTOR	0xff

/* arch/x86/kernel/apic.c: the local APIC's timer, one shot at a time. */
void apic_init(void);
void apic_timer_arm(uint64_t ns);	/* interrupt in ns nanoseconds; 0: disarm */
void apic_eoi(void);

#endif
