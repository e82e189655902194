/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_TIME_H
#define _TRAPDOOR_TIME_H

#include <stdint.h>

#define NSEC_PER_SEC	1000000000UL

/* arch/x86/kernel/time.c */
void time_init(void);			/* calibrate the TSC, read the CMOS clock */
uint64_t ktime_ns(void);		/* nanoseconds since boot: CLOCK_MONOTONIC */
uint64_t ktime_real_ns(void);		/* nanoseconds since 1970: CLOCK_REALTIME */

#endif
