// SPDX-License-Identifier: MIT
/*
 * The IDT: where the CPU goes on an exception or an "int N". Vectors 0..31
 * are the CPU's exceptions (stubs in arch/x86/entry/entry_64.asm); vector
 * 0x80 is the ia32 system call; LOCAL_TIMER_VECTOR is the local APIC's timer
 * (arch/x86/kernel/apic.c). Every gate is an interrupt gate (interrupts off
 * on entry). Only 0x80 and 3 (#BP, so that int3 works as a breakpoint, as on
 * Linux) have DPL 3: "int N" from ring 3 for any other N is a #GP, so a
 * program cannot fake a page fault or a double fault.
 * The 8259 PICs are moved out of the exception range and masked but for
 * IRQ 4, the console's (vector 0x24); the other interrupt is the APIC timer's.
 */
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/ptrace.h>
#include <trapdoor/signal.h>
#include <asm/io.h>
#include <asm/segment.h>
#include <trapdoor/kernel.h>

#define IA32_SYSCALL_VECTOR	0x80
#define GATE_INTERRUPT		0xe	/* type: 64-bit interrupt gate */
#define GATE_P			0x80	/* present */
#define GATE_DPL3		0x60
#define SERIAL_IRQ		4	/* COM1 */
#define SERIAL_VECTOR		(0x20 + SERIAL_IRQ)

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;		/* 0: the usual stack; 1..7: that IST stack */
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;

static struct idt_gate idt[256] __aligned(16);

extern const uint64_t exception_stubs[32];	/* entry_64.asm */
void entry_INT80_compat(void);
void irq_timer(void);
void irq_serial(void);
void irq_spurious(void);

static void set_gate(int vector, uint64_t handler, int ist, int dpl3)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xffff,
		.selector = __KERNEL_CS,
		.ist = ist,
		.type_attr = GATE_P | GATE_INTERRUPT | (dpl3 ? GATE_DPL3 : 0),
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_high = handler >> 32,
	};
}

/* Remap the two 8259s to vectors 0x20..0x2f and mask every line but the console's. */
static void pic_init(void)
{
	outb(0x20, 0x11); outb(0xa0, 0x11);	/* ICW1: initialise, expect ICW4 */
	outb(0x21, 0x20); outb(0xa1, 0x28);	/* ICW2: vector bases */
	outb(0x21, 0x04); outb(0xa1, 0x02);	/* ICW3: cascade on line 2 */
	outb(0x21, 0x01); outb(0xa1, 0x01);	/* ICW4: 8086 mode */
	outb(0x21, 0xff & ~(1 << SERIAL_IRQ));	/* mask everything but the console's line */
	outb(0xa1, 0xff);
}

/* The console's interrupt: it only woke a reader, who reads the UART itself. */
__visible void do_serial_interrupt(struct pt_regs *regs);
void do_serial_interrupt(struct pt_regs *regs)
{
	outb(0x20, 0x20);			/* end of interrupt, to the master 8259 */
	if (user_mode(regs))
		exit_to_user_mode(regs);
}

void idt_init(void)
{
	for (int v = 0; v < 32; v++)
		set_gate(v, exception_stubs[v], 0, 0);
	set_gate(8, exception_stubs[8], IST_DF, 0);
	set_gate(2, exception_stubs[2], IST_NMI, 0);
	set_gate(18, exception_stubs[18], IST_MC, 0);
	set_gate(3, exception_stubs[3], 0, 1);
	set_gate(IA32_SYSCALL_VECTOR, (uint64_t)entry_INT80_compat, 0, 1);
	set_gate(LOCAL_TIMER_VECTOR, (uint64_t)irq_timer, 0, 0);
	set_gate(SPURIOUS_APIC_VECTOR, (uint64_t)irq_spurious, 0, 0);
	set_gate(SERIAL_VECTOR, (uint64_t)irq_serial, 0, 0);
	set_gate(0x27, (uint64_t)irq_spurious, 0, 0);	/* the 8259s' spurious lines 7 and 15 */
	set_gate(0x2f, (uint64_t)irq_spurious, 0, 0);

	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)idt };
	asm volatile("lidt %0" : : "m"(idtr));
	pic_init();
}
