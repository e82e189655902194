// SPDX-License-Identifier: MIT
/*
 * What happens on a CPU exception (entry_64.asm's exc_N stubs call here).
 *   - In ring 3: the program is at fault. It gets the signal Linux would
 *     send, with Linux's si_code and address; a handler may catch it. If the
 *     signal will end the program, the exception is reported first.
 *   - In ring 0 inside a uaccess helper: the user gave us a bad pointer.
 *     Resume at the helper's fixup, which returns -EFAULT (arch/x86/mm/).
 *   - Anywhere else in ring 0: a kernel bug. Report everything and panic.
 */
#include <asm/page.h>
#include <asm/special_insns.h>
#include <asm/sysret_flag.h>
#include <asm/traps.h>
#include <trapdoor/kernel.h>
#include <trapdoor/printf.h>
#include <trapdoor/program.h>
#include <trapdoor/signal.h>
#include <trapdoor/string.h>
#include <trapdoor/task.h>
#include <uapi/asm/signal.h>

extern const unsigned long iretq_to_user;		/* arch/x86/entry/entry_64.asm */
extern const char entry_SYSENTER_compat[], entry_SYSENTER_compat_end[];	/* entry_64_compat.asm */
__noreturn void bad_iret_resume(struct pt_regs *regs);	/* likewise */

struct exception_info {
	const char *mnemonic;
	const char *name;
	int signal;		/* sent when it happens in ring 3; 0: never expected there */
	int code;		/* its si_code (Linux's do_trap and friends) */
};

static const struct exception_info exceptions[32] = {
	[0]  = { "#DE", "Divide Error",			SIGFPE,  FPE_INTDIV },
	[1]  = { "#DB", "Debug",			SIGTRAP, TRAP_TRACE },
	[2]  = { "NMI", "Non-Maskable Interrupt",	0,       0 },
	[3]  = { "#BP", "Breakpoint",			SIGTRAP, SI_KERNEL },
	[4]  = { "#OF", "Overflow",			SIGSEGV, SI_KERNEL },
	[5]  = { "#BR", "Bound Range Exceeded",		SIGSEGV, SI_KERNEL },
	[6]  = { "#UD", "Invalid Opcode",		SIGILL,  ILL_ILLOPN },
	[7]  = { "#NM", "Device Not Available",		SIGSEGV, SI_KERNEL },
	[8]  = { "#DF", "Double Fault",			0,       0 },
	[9]  = { "#MF", "Coprocessor Segment Overrun",	SIGFPE,  SI_KERNEL },
	[10] = { "#TS", "Invalid TSS",			SIGSEGV, SI_KERNEL },
	[11] = { "#NP", "Segment Not Present",		SIGBUS,  SI_KERNEL },
	[12] = { "#SS", "Stack-Segment Fault",		SIGBUS,  SI_KERNEL },
	[13] = { "#GP", "General Protection",		SIGSEGV, SI_KERNEL },
	[14] = { "#PF", "Page Fault",			SIGSEGV, SEGV_MAPERR },
	[16] = { "#MF", "x87 Floating-Point Error",	SIGFPE,  0 },
	[17] = { "#AC", "Alignment Check",		SIGBUS,  BUS_ADRALN },
	[18] = { "#MC", "Machine Check",		0,       0 },
	[19] = { "#XM", "SIMD Floating-Point",		SIGFPE,  0 },
	[20] = { "#VE", "Virtualization",		SIGSEGV, SI_KERNEL },
	[21] = { "#CP", "Control Protection",		SIGSEGV, SI_KERNEL },
};

const char *signal_name(int sig)
{
	static const char *const names[] = {
		"SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
		"SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
		"SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
		"SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
		"SIGPWR", "SIGSYS",
	};
	static char rt[16];

	if (sig >= 1 && sig <= (int)ARRAY_SIZE(names))
		return names[sig - 1];
	snprintf(rt, sizeof(rt), "SIGRT_%d", sig - SIGRTMIN);
	return sig >= SIGRTMIN && sig <= _NSIG ? rt : "SIG?";
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
	/*
	 * A fault in ring 3 whose error code says "supervisor" (no U bit): the CPU
	 * touched the program's page as the kernel would. Real CPUs do that only
	 * for descriptor tables, which trapdoor never puts in user pages; QEMU
	 * 7.2's TCG with SMAP on (-cpu max, Skylake) does it for the stack of a
	 * far CALL, far RET or IRET made in ring 3, and faults. The page is there
	 * and allowed: "handled" would run the instruction again, and fault again,
	 * forever. Say what it is, and let it be the program's SIGSEGV.
	 */
	if (user_mode(regs) && !(regs->orig_ax & X86_PF_USER)) {
		printk("trapdoor: warning: %s: ring 3 faulted as the kernel at %016lx (error code %#lx): "
		       "QEMU TCG's SMAP quirk, a far call, far return or IRET in ring 3 "
		       "(docs/design.md, \"The 32-bit entries\")\n",
		       program_label(), read_cr2(), regs->orig_ax);
		return false;
	}
	int result = handle_user_page_fault(read_cr2(), regs->orig_ax);
	if (result == FAULT_OOM && user_mode(regs)) {
		printk("trapdoor: %s: out of memory at %016lx\n", program_label(), read_cr2());
		program_kill(SIGKILL);
	}
	return result == FAULT_HANDLED;
}

/* The si_code of an unmasked x87 (#MF) or SSE (#XM) exception, from the status that raised it. */
static int fpu_exception_code(int vector)
{
	unsigned int err;

	if (vector == X86_TRAP_XF) {
		unsigned int mxcsr;

		asm volatile("stmxcsr %0" : "=m"(mxcsr));
		err = mxcsr & ~(mxcsr >> 7);	/* raised and not masked */
	} else {
		uint16_t cwd, swd;

		asm volatile("fnstcw %0; fnstsw %1" : "=m"(cwd), "=m"(swd));
		err = swd & ~cwd;
	}
	return err & 0x01 ? FPE_FLTINV : err & 0x04 ? FPE_FLTDIV : err & 0x08 ? FPE_FLTOVF :
	       err & 0x12 ? FPE_FLTUND : err & 0x20 ? FPE_FLTRES : 0;
}

/* The signal for an exception in ring 3: Linux's signal, si_code and si_addr. */
static void user_exception(struct pt_regs *regs, int vector)
{
	const struct exception_info *e = &exceptions[vector];
	int sig = e->signal ? e->signal : SIGSEGV, code = e->code;
	unsigned long addr = 0;

	/* cr2 keeps the last page fault's address until the next one, as Linux's thread.cr2. */
	current->fault.trapno = vector;
	current->fault.error_code = regs->orig_ax == -1UL ? 0 : regs->orig_ax;
	switch (vector) {
	case X86_TRAP_PF:
		addr = current->fault.cr2 = read_cr2();
		/* A region there that forbids the access, or none at all (kernel addresses too). */
		code = addr < TASK_SIZE_MAX && find_vma(current->mm, addr) ? SEGV_ACCERR : SEGV_MAPERR;
		break;
	case X86_TRAP_DB:
		write_dr6(DR6_RESERVED);	/* the CPU sets its bits; software clears them */
		/* fallthrough */
	case X86_TRAP_DE:
	case X86_TRAP_UD:
	case X86_TRAP_AC:
		addr = regs->ip;
		break;
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		addr = regs->ip;
		code = fpu_exception_code(vector);
		break;
	}
	if (sig_will_kill(sig) || (current->blocked & sigmask(sig)))
		report(program_label(), regs, vector);	/* it will end the program: say why */
	force_sig_fault(sig, code, addr);
}

/*
 * IRET refused the frame ret_to_user_iret gave it (a non-canonical RIP or a
 * bad selector, which only sigreturn can have put there) and raised this
 * exception in ring 0, on the same stack. The user's registers are those
 * this exception saved; its hardware frame still lies at the top of the
 * stack. Rebuild the user's pt_regs there, give the program its SIGSEGV, and
 * leave again from that frame: the program, not the kernel, takes the fault.
 */
static __noreturn void bad_iret(struct pt_regs *regs, int vector)
{
	struct pt_regs *user = current_pt_regs();
	struct pt_regs saved = *regs;		/* regs overlaps the bottom of *user */

	memcpy(user, &saved, offsetof(struct pt_regs, orig_ax));
	user->orig_ax = saved.orig_ax;		/* the error code (the refused selector), for the sigcontext */
	user_exception(user, vector);
	user->orig_ax = -1;
	regs_changed(user);
	bad_iret_resume(user);
}

/*
 * SYSENTER does not clear TF. A program single-stepping itself through a
 * SYSENTER therefore traps on the kernel's first instruction, and on each
 * after it, until entry_SYSENTER_compat's CLEAR_FLAGS turns TF off. Those
 * traps belong to the user's step: ignore them here (TF stays set in the
 * frame, so the stepping goes on to the popfq). pt_regs->flags keeps the
 * user's TF, so the exit goes by IRET and the user's next step traps in ring 3.
 */
static bool sysenter_single_step(const struct pt_regs *regs, int vector)
{
	return vector == X86_TRAP_DB && !user_mode(regs) &&
	       regs->ip >= (unsigned long)entry_SYSENTER_compat &&
	       regs->ip <= (unsigned long)entry_SYSENTER_compat_end;
}

__visible void do_exception(struct pt_regs *regs, int vector)
{
	if (vector == X86_TRAP_PF && page_fault_handled(regs))
		return;
	if (sysenter_single_step(regs, vector)) {
		write_dr6(DR6_RESERVED);	/* the CPU set DR6.BS; the user's own step sets it again */
		return;
	}
	if (!user_mode(regs) && regs->ip == iretq_to_user &&
	    (vector == X86_TRAP_GP || vector == X86_TRAP_NP || vector == X86_TRAP_SS))
		bad_iret(regs, vector);
	if (user_mode(regs)) {
		user_exception(regs, vector);
		exit_to_user_mode(regs);	/* deliver it: a handler, or the end */
		return;
	}
	if ((vector == X86_TRAP_PF || vector == X86_TRAP_GP || vector == X86_TRAP_NP) && fixup_exception(regs))
		return;				/* a uaccess helper (-EFAULT), or a selector load (null) */

	report("kernel exception", regs, vector);
	panic("%s %s in kernel mode", exceptions[vector].mnemonic, exceptions[vector].name);
}
