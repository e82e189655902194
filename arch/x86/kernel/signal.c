// SPDX-License-Identifier: MIT
/*
 * Signal frames, x86-64 (the generic part is kernel/signal.c). To run a
 * handler, the kernel writes the interrupted context onto the user's stack
 * as Linux's struct rt_sigframe (include/uapi/asm/sigcontext.h), then points
 * pt_regs at the handler: rip = handler, rsp = the frame, rdi = the signal,
 * rsi = &siginfo, rdx = &ucontext. The handler returns into its restorer
 * (SA_RESTORER: the C library's stub), which makes the rt_sigreturn call;
 * that reads the frame back into pt_regs. Everything in the frame is the
 * user's to change, so rt_sigreturn trusts nothing: the selectors get RPL 3,
 * only the flags a program may set are taken, and the FPU image is loaded
 * with its faults caught. And because it rewrites every register, the exit
 * path's SYSRET checks (arch/x86/entry/sysret.h) see whatever it made: a
 * non-canonical RIP, TF or a changed RCX leave by IRET.
 *
 * Also here: restarting a system call a signal interrupted (Linux's
 * handle_signal and arch_do_signal_or_restart).
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/sysret_flag.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/string.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>
#include <uapi/asm/sigcontext.h>

#define NR_restart_syscall_64	219
#define NR_restart_syscall_ia32	0
#define REDZONE			128	/* the System V ABI's, below rsp: a handler must not touch it */

/* The flags sigreturn may restore (Linux's FIX_EFLAGS): never IF, IOPL, NT or VM. */
#define FIX_EFLAGS (X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_SF | \
		    X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | X86_EFLAGS_RF)


static void save_sigcontext(struct sigcontext *sc, const struct pt_regs *regs, sigset_t mask)
{
	*sc = (struct sigcontext){
		.r8 = regs->r8, .r9 = regs->r9, .r10 = regs->r10, .r11 = regs->r11,
		.r12 = regs->r12, .r13 = regs->r13, .r14 = regs->r14, .r15 = regs->r15,
		.di = regs->di, .si = regs->si, .bp = regs->bp, .bx = regs->bx,
		.dx = regs->dx, .ax = regs->ax, .cx = regs->cx, .sp = regs->sp,
		.ip = regs->ip, .flags = regs->flags, .cs = regs->cs, .ss = regs->ss,
		.err = current->fault.error_code, .trapno = current->fault.trapno,
		.oldmask = mask, .cr2 = current->fault.cr2,
	};
}

/*
 * Where the frame goes: below the red zone of the interrupted stack, or at
 * the top of the alternate stack (SA_ONSTACK, if one is set up and not in
 * use); the FPU image first, 64-byte aligned, then the frame, aligned so that
 * the handler starts as if called: (rsp + 8) % 16 == 0.
 */
static unsigned long get_sigframe(const struct ksignal *ks, const struct pt_regs *regs,
				  unsigned long *fpstate)
{
	unsigned long sp = regs->sp - REDZONE;
	const stack_t *ss = &current->altstack;

	if ((ks->ka.sa_flags & SA_ONSTACK) && ss->ss_size && !sigaltstack_active(regs->sp)) {
		sp = (unsigned long)ss->ss_sp + ss->ss_size;
		if (ss->ss_flags & SS_AUTODISARM)
			current->altstack.ss_size = 0;
	}
	sp = (sp - fpu_sigframe_size()) & ~63UL;
	*fpstate = sp;
	return ((sp - sizeof(struct rt_sigframe)) & ~15UL) - 8;
}

/* Build the frame and point the registers at the handler; false if the stack is unusable. */
static bool setup_rt_frame(struct ksignal *ks, struct pt_regs *regs)
{
	static struct rt_sigframe frame;	/* built here, then copied out in one piece */
	stack_t ss = current->altstack;		/* as it was, before SS_AUTODISARM */
	unsigned long fpstate, addr = get_sigframe(ks, regs, &fpstate);
	sigset_t mask = current->restore_sigmask ? current->saved_sigmask : current->blocked;

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = ks->ka.sa_restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fpu_uses_xsave() ? UC_FP_XSTATE : 0);
	frame.uc.uc_stack = ss;
	frame.uc.uc_stack.ss_flags = !ss.ss_size ? SS_DISABLE :
		(sigaltstack_active(regs->sp) ? SS_ONSTACK : 0) | (ss.ss_flags & SS_AUTODISARM);
	save_sigcontext(&frame.uc.uc_mcontext, regs, mask);
	frame.uc.uc_mcontext.fpstate = fpstate;
	frame.uc.uc_sigmask = mask;
	frame.info = ks->info;

	if (!(ks->ka.sa_flags & SA_RESTORER))
		return false;			/* x86-64 has no other way back: Linux refuses too */
	if (!access_ok((void __user *)addr, fpstate + fpu_sigframe_size() - addr) ||
	    copy_to_user((void __user *)addr, &frame, sizeof(frame)) ||
	    fpu_save_to_user((void __user *)fpstate))
		return false;

	regs->di = ks->sig;
	regs->ax = 0;				/* no vector registers used for arguments (varargs) */
	regs->si = addr + offsetof(struct rt_sigframe, info);
	regs->dx = addr + offsetof(struct rt_sigframe, uc);
	regs->ip = ks->ka.sa_handler;
	regs->sp = addr;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->flags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	regs_changed(regs);
	fpu_reset_user();			/* the handler starts with a clean FPU, as on Linux */
	return true;
}

/*
 * The frame the handler expects: a 32-bit one if it was installed through the
 * ia32 ABI (arch/x86/kernel/signal_ia32.c), else the 64-bit one. Linux's
 * setup_rt_frame and is_ia32_frame. Not inlined, so that a debugger finds
 * the one place where every frame is done (scripts/gdb: break-signal).
 */
static __attribute__((noinline)) bool setup_frame(struct ksignal *ks, struct pt_regs *regs)
{
	if (sigaction_is_ia32(&ks->ka))
		return ks->ka.sa_flags & SA_SIGINFO ? ia32_setup_rt_frame(ks, regs) : ia32_setup_frame(ks, regs);
	return setup_rt_frame(ks, regs);
}

/*
 * Did regs come from a system call whose result may need restarting? The
 * number is rax's low 32 bits for int $0x80: a 64-bit program may leave junk
 * above them (Linux's entry clears it with movl %eax, %eax; here the junk
 * stays in orig_ax and is ignored), and junk with the top bit set must not
 * read as "not a system call".
 */
static bool in_syscall(const struct pt_regs *regs, enum syscall_abi abi)
{
	if (abi == SYSCALL_ABI_IA32)
		return (int)regs->orig_ax >= 0;
	return abi != NOT_A_SYSCALL && (long)regs->orig_ax >= 0;
}

/* Run the handler for ks: restart or fail the interrupted call, build the frame, block. */
static void handle_signal(struct ksignal *ks, struct pt_regs *regs, enum syscall_abi abi)
{
	if (in_syscall(regs, abi)) {
		switch ((long)regs->ax) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->ax = -EINTR;
			break;
		case -ERESTARTSYS:
			if (!(ks->ka.sa_flags & SA_RESTART)) {
				regs->ax = -EINTR;
				break;
			}
			/* fallthrough */
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= 2;		/* back onto the syscall or int $0x80: both 2 bytes */
			break;
		}
	}
	regs_changed(regs);
	if (!setup_frame(ks, regs)) {
		if (ks->sig == SIGSEGV)
			current->sigactions[SIGSEGV - 1].sa_handler = SIG_DFL;
		force_sig(SIGSEGV);		/* a stack it cannot write: the program dies */
		return;
	}
	sigset_t blocked = (current->restore_sigmask ? current->saved_sigmask : current->blocked) |
			   ks->ka.sa_mask;
	if (!(ks->ka.sa_flags & SA_NODEFER))
		blocked |= sigmask(ks->sig);
	current->restore_sigmask = false;
	set_blocked(blocked);
}

void arch_do_signal_or_restart(struct pt_regs *regs, enum syscall_abi abi)
{
	struct ksignal ks;

	if (get_signal(&ks)) {
		handle_signal(&ks, regs, abi);
		return;
	}
	/* No handler runs: an interrupted call simply starts again. */
	if (in_syscall(regs, abi)) {
		switch ((long)regs->ax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= 2;
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->ax = abi == SYSCALL_ABI_IA32 ? NR_restart_syscall_ia32 : NR_restart_syscall_64;
			regs->ip -= 2;
			break;
		}
	}
	regs_changed(regs);
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_blocked(current->saved_sigmask);
	}
}

/*
 * Back from a handler: the frame is at rsp - 8 (the handler's ret popped
 * pretcode). Every register comes from the user's copy, so check what the
 * CPU would otherwise trust: selectors get RPL 3, flags only FIX_EFLAGS.
 * A frame that cannot be read, or an FPU image the CPU refuses: SIGSEGV.
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	static struct rt_sigframe frame;
	struct pt_regs *regs = current_pt_regs();
	const struct sigcontext *sc = &frame.uc.uc_mcontext;

	if (copy_from_user(&frame, (const void __user *)(regs->sp - 8), sizeof(frame)))
		goto bad;
	current->restart_armed = false;	/* a sleep the handler interrupted is over: restart_syscall says -EINTR */
	regs->r8 = sc->r8, regs->r9 = sc->r9, regs->r10 = sc->r10, regs->r11 = sc->r11;
	regs->r12 = sc->r12, regs->r13 = sc->r13, regs->r14 = sc->r14, regs->r15 = sc->r15;
	regs->di = sc->di, regs->si = sc->si, regs->bp = sc->bp, regs->bx = sc->bx;
	regs->dx = sc->dx, regs->ax = sc->ax, regs->cx = sc->cx, regs->sp = sc->sp, regs->ip = sc->ip;
	regs->cs = sc->cs | 3;
	regs->ss = (frame.uc.uc_flags & UC_SIGCONTEXT_SS) ? sc->ss | 3 : __USER_DS;
	/*
	 * Without UC_STRICT_RESTORE_SS (old programs clear it), a 64-bit context
	 * gets a usable SS whatever the frame says, as Linux's force_valid_ss().
	 */
	if (!(frame.uc.uc_flags & UC_STRICT_RESTORE_SS) && regs->cs == __USER_CS)
		regs->ss = __USER_DS;
	regs->flags = (regs->flags & ~FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
	regs->orig_ax = -1;			/* no longer in a system call: nothing to restart */
	regs_changed(regs);
	set_blocked(frame.uc.uc_sigmask);
	const stack_t *uss = &frame.uc.uc_stack;	/* the altstack, as sigaltstack() would set it */
	if (!sigaltstack_active(regs->sp)) {
		if ((uss->ss_flags & ~SS_AUTODISARM) == SS_DISABLE)
			current->altstack = (stack_t){ 0 };
		else if (uss->ss_size >= MINSIGSTKSZ)
			current->altstack = (stack_t){ uss->ss_sp, uss->ss_flags & SS_AUTODISARM, uss->ss_size };
	}
	if (fpu_restore_from_user((const void __user *)sc->fpstate))
		goto bad;
	return regs->ax;
bad:
	force_sig(SIGSEGV);
	return 0;
}
