/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_TIME_H
#define _TRAPDOOR_TIME_H

#include <stdint.h>

#define NSEC_PER_SEC	1000000000UL

/* arch/x86/kernel/time.c */
void time_init(void);			/* calibrate the TSC, read the CMOS clock */
uint64_t ktime_ns(void);		/* nanoseconds since boot: CLOCK_MONOTONIC */
uint64_t ktime_real_ns(void);		/* nanoseconds since 1970: CLOCK_REALTIME */

/* arch/x86/kernel/apic.c's timer, used by kernel/timer.c */
struct task;
void timer_rearm(void);			/* arm the APIC for the earliest deadline */
void timer_task_start(struct task *t);
void timer_task_end(void);
void timer_rlimit_cpu_changed(void);	/* setrlimit(RLIMIT_CPU) */
uint64_t task_cpu_ns(void);
void wait_for_interrupt(uint64_t deadline);	/* halt until an interrupt; deadline in ns or 0 */
#include <asm/ptrace.h>
void do_timer_interrupt(struct pt_regs *regs);	/* from irq_timer */

#endif
