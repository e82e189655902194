// SPDX-License-Identifier: MIT
/*
 * The local APIC's timer: the one hardware interrupt trapdoor takes. It runs
 * in one-shot mode, armed only when something has a deadline (an alarm, a
 * sleep, the CPU-time limit): with nothing due, no interrupt comes at all,
 * so a program's instruction counts (make bench) are the same with the timer
 * as without. It counts down a bus clock whose rate is measured at boot
 * against the TSC, itself measured against the PIT (arch/x86/kernel/time.c).
 */
#include <asm/apic.h>
#include <asm/msr.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/time.h>

#define MSR_IA32_APICBASE	0x1b
#define APICBASE_ENABLE		(1UL << 11)
#define APIC_DEFAULT_BASE	0xfee00000UL

#define APIC_TPR	0x080		/* task priority: 0 lets every vector in */
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0		/* spurious vector, and the APIC's software enable (bit 8) */
#define APIC_LVTT	0x320		/* the timer's entry: vector, mode, mask (bit 16) */
#define APIC_TMICT	0x380		/* initial count: writing it starts the count down */
#define APIC_TMCCT	0x390		/* current count */
#define APIC_TDCR	0x3e0		/* divide configuration */
#define APIC_TDR_DIV_16	0x3
#define APIC_LVT_MASKED	(1U << 16)

static volatile uint32_t *apic;
static uint64_t ticks_per_ms;

static uint32_t apic_read(unsigned int reg)
{
	return apic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
	apic[reg / 4] = v;
}

void apic_init(void)
{
	uint64_t base = rdmsr(MSR_IA32_APICBASE);

	wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE);
	apic = ioremap((base & ~0xfffUL) ? base & ~0xfffUL : APIC_DEFAULT_BASE);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, 0x100 | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);

	/* How fast does it count? Let it run 10 ms by the TSC. */
	apic_write(APIC_TMICT, 0xffffffff);
	uint64_t end = ktime_ns() + 10 * 1000000;
	while (ktime_ns() < end)
		;
	ticks_per_ms = (0xffffffffU - apic_read(APIC_TMCCT)) / 10;
	apic_write(APIC_TMICT, 0);
	if (!ticks_per_ms)
		ticks_per_ms = 1;
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);	/* one-shot, unmasked */
	printk("APIC  timer at %lu kHz (one-shot, vector 0x%x)\n", ticks_per_ms, LOCAL_TIMER_VECTOR);
}

void apic_timer_arm(uint64_t ns)
{
	uint64_t ticks = ns ? ns / 1000 * ticks_per_ms / 1000 + 1 : 0;

	apic_write(APIC_TMICT, ticks > 0xffffffffU ? 0xffffffffU : (uint32_t)ticks);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}
