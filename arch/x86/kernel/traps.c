// SPDX-License-Identifier: MIT
/*
 * What happens on a CPU exception (entry_64.asm's exc_N stubs call here).
 *   - In ring 3: the program is at fault. Report it and kill the program with
 *     the signal Linux would send; the kernel goes on with the next one.
 *   - In ring 0 inside a uaccess helper: the user gave us a bad pointer.
 *     Resume at the helper's fixup, which returns -EFAULT (arch/x86/mm/).
 *   - Anywhere else in ring 0: a kernel bug. Report everything and panic.
 */
#include <asm/special_insns.h>
#include <asm/traps.h>
#include <trapdoor/kernel.h>
#include <trapdoor/program.h>
#include <uapi/asm/signal.h>

struct exception_info {
	const char *mnemonic;
	const char *name;
	int signal;		/* sent when it happens in ring 3; 0: never expected there */
};

static const struct exception_info exceptions[32] = {
	[0]  = { "#DE", "Divide Error",			SIGFPE },
	[1]  = { "#DB", "Debug",			SIGTRAP },
	[2]  = { "NMI", "Non-Maskable Interrupt",	0 },
	[3]  = { "#BP", "Breakpoint",			SIGTRAP },
	[4]  = { "#OF", "Overflow",			SIGSEGV },
	[5]  = { "#BR", "Bound Range Exceeded",		SIGSEGV },
	[6]  = { "#UD", "Invalid Opcode",		SIGILL },
	[7]  = { "#NM", "Device Not Available",		SIGSEGV },
	[8]  = { "#DF", "Double Fault",			0 },
	[9]  = { "#MF", "Coprocessor Segment Overrun",	SIGFPE },
	[10] = { "#TS", "Invalid TSS",			SIGSEGV },
	[11] = { "#NP", "Segment Not Present",		SIGBUS },
	[12] = { "#SS", "Stack-Segment Fault",		SIGBUS },
	[13] = { "#GP", "General Protection",		SIGSEGV },
	[14] = { "#PF", "Page Fault",			SIGSEGV },
	[16] = { "#MF", "x87 Floating-Point Error",	SIGFPE },
	[17] = { "#AC", "Alignment Check",		SIGBUS },
	[18] = { "#MC", "Machine Check",		0 },
	[19] = { "#XM", "SIMD Floating-Point",		SIGFPE },
	[20] = { "#VE", "Virtualization",		SIGSEGV },
	[21] = { "#CP", "Control Protection",		SIGSEGV },
};

const char *signal_name(int sig)
{
	switch (sig) {
	case SIGILL:	return "SIGILL";
	case SIGTRAP:	return "SIGTRAP";
	case SIGBUS:	return "SIGBUS";
	case SIGFPE:	return "SIGFPE";
	case SIGKILL:	return "SIGKILL";
	case SIGSEGV:	return "SIGSEGV";
	default:	return "SIG?";
	}
}

/* Every field of the frame, in the order of struct pt_regs. */
void show_regs(const struct pt_regs *regs)
{
	printk("  RIP: %04lx:%016lx  RFLAGS: %08lx\n", regs->cs, regs->ip, regs->flags);
	printk("  RSP: %04lx:%016lx  ORIG_RAX: %016lx\n", regs->ss, regs->sp, regs->orig_ax);
	printk("  RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	printk("  RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	printk("  RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	printk("  R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	printk("  R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
}

/* "CR2 ...: not-present page, write, user mode" from the #PF error code. */
static void show_page_fault(unsigned long cr2, unsigned long error)
{
	printk("  CR2: %016lx (%s, %s, %s mode%s)\n", cr2,
	       error & X86_PF_PROT ? "protection violation" : "not-present page",
	       error & X86_PF_INSTR ? "instruction fetch" : error & X86_PF_WRITE ? "write" : "read",
	       error & X86_PF_USER ? "user" : "kernel",
	       error & X86_PF_RSVD ? ", reserved bit set" : "");
}

static void report(const char *who, const struct pt_regs *regs, int vector)
{
	const struct exception_info *e = &exceptions[vector];
	unsigned long cr2 = vector == X86_TRAP_PF ? read_cr2() : 0;

	printk("trapdoor: %s: %s %s (vector %d) at RIP %016lx, error code 0x%lx\n", who,
	       e->mnemonic ? e->mnemonic : "#??", e->name ? e->name : "Reserved", vector,
	       regs->ip, regs->orig_ax);
	if (vector == X86_TRAP_PF)
		show_page_fault(cr2, regs->orig_ax);
	show_regs(regs);
}

/*
 * A page fault at a user address, in ring 3 or in a uaccess helper, may just
 * be the first touch of a page the program may use (arch/x86/mm/fault.c).
 * Returns true if it was, and the instruction can run again.
 */
static bool page_fault_handled(struct pt_regs *regs)
{
	if (!user_mode(regs) && !in_exception_table(regs->ip))
		return false;
	int result = handle_user_page_fault(read_cr2(), regs->orig_ax);
	if (result == FAULT_OOM && user_mode(regs)) {
		printk("trapdoor: %s: out of memory at %016lx\n", program_label(), read_cr2());
		program_kill(SIGKILL);
	}
	return result == FAULT_HANDLED;
}

__visible void do_exception(struct pt_regs *regs, int vector)
{
	if (vector == X86_TRAP_PF && page_fault_handled(regs))
		return;
	if (user_mode(regs)) {
		int sig = exceptions[vector].signal ? exceptions[vector].signal : SIGSEGV;

		report(program_label(), regs, vector);
		program_kill(sig);		/* does not return */
	}
	if ((vector == X86_TRAP_PF || vector == X86_TRAP_GP) && fixup_exception(regs))
		return;				/* a uaccess helper: it returns -EFAULT */

	report("kernel exception", regs, vector);
	panic("%s %s in kernel mode", exceptions[vector].mnemonic, exceptions[vector].name);
}
