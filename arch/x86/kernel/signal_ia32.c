// SPDX-License-Identifier: MIT
/*
 * Signal frames for 32-bit handlers: Linux's IA32 emulation
 * (arch/x86/ia32/ia32_signal.c there). A handler installed through the ia32
 * ABI (its action carries SA_IA32_ABI, kernel/compat_signal.c) is 32-bit
 * code, and gets an i386 frame (include/asm/sigframe_ia32.h):
 *
 *   without SA_SIGINFO  struct sigframe_ia32, handler(sig); back by sigreturn (#119)
 *   with SA_SIGINFO     struct rt_sigframe_ia32, handler(sig, &info, &uc);
 *                       back by rt_sigreturn (#173)
 *
 * Both hold a struct sigcontext_32: the registers' low halves, and the four
 * data selectors, which stay loaded in the CPU while the kernel runs (a
 * 64-bit kernel does not use DS, ES or FS, and enters with swapgs), so they
 * are read from the registers themselves. Above the frame lies the FPU image
 * in the 32-bit layout (arch/x86/kernel/fpu.c). The handler's return address
 * is the C library's restorer (SA_RESTORER) or else the vDSO's
 * __kernel_sigreturn or __kernel_rt_sigreturn.
 *
 * sigreturn trusts nothing in the frame, as rt_sigreturn does for 64-bit
 * frames (arch/x86/kernel/signal.c): RPL 3 on every selector, FIX_EFLAGS,
 * the FPU image checked; and a selector the CPU refuses to load becomes the
 * null selector (the load has an exception-table entry), never a kernel fault.
 */
#include <asm/cpu.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/sigframe_ia32.h>
#include <asm/sysret_flag.h>
#include <asm/uaccess.h>
#include <trapdoor/compat.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <trapdoor/vdso.h>
#include <uapi/asm/errno.h>

#define NR_ia32_sigreturn	119
#define NR_ia32_rt_sigreturn	173

/* As the 64-bit rt_sigreturn's: the flags a program may set. */
#define FIX_EFLAGS (X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_SF | \
		    X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | X86_EFLAGS_RF)

#define read_seg(seg) ({ unsigned int v; asm volatile("mov %%" #seg ", %0" : "=r"(v)); v; })

/*
 * Load sel into a data segment register, or the null selector if the CPU
 * refuses sel (#GP: not a data or readable code segment, DPL below 3, past
 * the GDT; #NP: not present). The fault lands in do_exception, which finds
 * the instruction in the exception table and resumes at the fixup (Linux's
 * loadsegment). The null selector never faults here.
 */
#define load_seg_or_null(seg, sel)					\
	asm volatile("1: mov %k0, %%" #seg "\n"				\
		     "   jmp 3f\n"					\
		     "2: xor %k0, %k0\n"				\
		     "   mov %k0, %%" #seg "\n"				\
		     "3:\n" _ASM_EXTABLE(1b, 2b)			\
		     : "+r"(sel) : : "memory")

/*
 * GS is harder: between the entry's swapgs and the exit's, the GS base in
 * use is the kernel's, and a mov to GS would overwrite it. So the selector
 * is tried in ES first (the same checks for every data segment register,
 * and ES is restored after), and only a selector the CPU took, or null, goes
 * into GS, between two swapgs with interrupts off: nothing can fault there.
 */
static void load_gs_or_null(unsigned int sel)
{
	unsigned int es = read_seg(es);

	load_seg_or_null(es, sel);		/* sel is now what the CPU accepted, or 0 */
	load_seg_or_null(es, es);
	asm volatile("swapgs; mov %0, %%gs; swapgs" : : "r"(sel) : "memory");
}

/* Linux's reload_segments: each register that changed, with RPL 3. */
static void reload_segments(const struct sigcontext_32 *sc)
{
	unsigned int sel;

	if ((sel = sc->gs | 3) != read_seg(gs))
		load_gs_or_null(sel);
	if ((sel = sc->fs | 3) != read_seg(fs))
		load_seg_or_null(fs, sel);
	if ((sel = sc->ds | 3) != read_seg(ds))
		load_seg_or_null(ds, sel);
	if ((sel = sc->es | 3) != read_seg(es))
		load_seg_or_null(es, sel);
}

static void save_sigcontext_32(struct sigcontext_32 *sc, const struct pt_regs *regs, uint32_t mask,
			       unsigned long fpstate)
{
	*sc = (struct sigcontext_32){
		.gs = read_seg(gs), .fs = read_seg(fs), .es = read_seg(es), .ds = read_seg(ds),
		.di = regs->di, .si = regs->si, .bp = regs->bp, .sp = regs->sp,
		.bx = regs->bx, .dx = regs->dx, .cx = regs->cx, .ax = regs->ax,
		.trapno = current->fault.trapno, .err = current->fault.error_code, .ip = regs->ip,
		.cs = regs->cs, .flags = regs->flags, .sp_at_signal = regs->sp, .ss = regs->ss,
		.fpstate = fpstate, .oldmask = mask, .cr2 = current->fault.cr2,
	};
}

/*
 * Where the frame goes (Linux's ia32 get_sigframe): the interrupted stack
 * (i386 has no red zone), or the alternate stack's top (SA_ONSTACK), or,
 * the legacy way, sa_restorer if the stack segment is not the usual one and
 * SA_RESTORER is not set. Then the FPU image, its FXSAVE part 64-byte
 * aligned, and the frame below it, aligned so that the handler starts as if
 * called: (esp + 4) % 16 == 0.
 */
static unsigned long get_sigframe_ia32(const struct ksignal *ks, const struct pt_regs *regs, size_t size,
				       unsigned long *fpstate)
{
	unsigned long sp = regs->sp;
	const stack_t *ss = &current->altstack;

	if (ks->ka.sa_flags & SA_ONSTACK) {
		if (ss->ss_size && !sigaltstack_active(sp)) {
			sp = (unsigned long)ss->ss_sp + ss->ss_size;
			if (ss->ss_flags & SS_AUTODISARM)
				current->altstack.ss_size = 0;
		}
	} else if (regs->ss != __USER_DS && !(ks->ka.sa_flags & SA_RESTORER) && ks->ka.sa_restorer) {
		sp = ks->ka.sa_restorer;
	}
	sp = ((sp - fpu_sigframe_size()) & ~63UL) - FPSTATE_32_HEADER_SIZE;
	*fpstate = sp;
	return ((sp - size + 4) & ~15UL) - 4;
}

/* The vDSO's restorer, if the program has a vDSO; else 0. */
static unsigned long vdso_restorer(unsigned long offset)
{
	return current->vdso32 ? current->vdso32 + offset : 0;
}

/* Copy the frame out, then the FPU image above it; false if the stack cannot take them. */
static bool write_frame(unsigned long addr, const void *frame, size_t size, unsigned long fpstate,
			const struct pt_regs *regs)
{
	return access_ok((void __user *)addr, fpstate + fpu_sigframe_size_ia32() - addr) &&
	       !copy_to_user((void __user *)addr, frame, size) &&
	       !fpu_save_to_user_ia32((void __user *)fpstate, regs->cs, read_seg(ds));
}

/* The registers the handler starts with, both frames alike. */
static void enter_handler(const struct ksignal *ks, struct pt_regs *regs, unsigned long frame)
{
	unsigned int user_ds = __USER_DS;

	regs->ip = (uint32_t)ks->ka.sa_handler;
	regs->sp = frame;
	regs->cs = __USER32_CS;
	regs->ss = __USER_DS;
	regs->flags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	regs_changed(regs);
	asm volatile("mov %0, %%ds; mov %0, %%es" : : "r"(user_ds));
	fpu_reset_user();			/* a clean FPU for the handler, as for 64-bit ones */
}

/* Old-style (no SA_SIGINFO): handler(sig), with eax = sig too (gcc's -mregparm=3). */
bool ia32_setup_frame(struct ksignal *ks, struct pt_regs *regs)
{
	sigset_t mask = current->restore_sigmask ? current->saved_sigmask : current->blocked;
	static struct sigframe_ia32 frame;
	/* popl %eax; movl $119, %eax; int $0x80 */
	static const uint8_t retcode[8] = { 0x58, 0xb8, NR_ia32_sigreturn, 0, 0, 0, 0xcd, 0x80 };
	unsigned long fpstate, addr = get_sigframe_ia32(ks, regs, sizeof(frame), &fpstate);

	memset(&frame, 0, sizeof(frame));
	frame.sig = ks->sig;
	save_sigcontext_32(&frame.sc, regs, (uint32_t)mask, fpstate);
	frame.extramask[0] = mask >> 32;
	memcpy(frame.retcode, retcode, sizeof(retcode));
	if (ks->ka.sa_flags & SA_RESTORER)
		frame.pretcode = ks->ka.sa_restorer;
	else
		frame.pretcode = vdso_restorer(VDSO32___kernel_sigreturn) ? :
				 addr + offsetof(struct sigframe_ia32, retcode);
	if (!write_frame(addr, &frame, sizeof(frame), fpstate, regs))
		return false;
	regs->ax = ks->sig;
	regs->dx = 0;
	regs->cx = 0;
	enter_handler(ks, regs, addr);
	return true;
}

/* SA_SIGINFO: handler(sig, &info, &uc), the three also in eax, edx and ecx. */
bool ia32_setup_rt_frame(struct ksignal *ks, struct pt_regs *regs)
{
	sigset_t mask = current->restore_sigmask ? current->saved_sigmask : current->blocked;
	static struct rt_sigframe_ia32 frame;
	/* movl $173, %eax; int $0x80 */
	static const uint8_t retcode[8] = { 0xb8, NR_ia32_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0 };
	stack_t ss = current->altstack;		/* as it was, before SS_AUTODISARM */
	unsigned long fpstate, addr = get_sigframe_ia32(ks, regs, sizeof(frame), &fpstate);

	memset(&frame, 0, sizeof(frame));
	frame.sig = ks->sig;
	frame.pinfo = addr + offsetof(struct rt_sigframe_ia32, info);
	frame.puc = addr + offsetof(struct rt_sigframe_ia32, uc);
	siginfo_to_compat(&frame.info, &ks->info);
	frame.uc.uc_flags = fpu_uses_xsave() ? UC_FP_XSTATE : 0;	/* no UC_SIGCONTEXT_SS: i386 has none */
	frame.uc.uc_stack = (compat_stack_t){
		(compat_uptr_t)(unsigned long)ss.ss_sp,
		!ss.ss_size ? SS_DISABLE :
			(sigaltstack_active(regs->sp) ? SS_ONSTACK : 0) | (ss.ss_flags & SS_AUTODISARM),
		ss.ss_size,
	};
	save_sigcontext_32(&frame.uc.uc_mcontext, regs, (uint32_t)mask, fpstate);
	frame.uc.uc_sigmask = (compat_sigset_t){ { (uint32_t)mask, (uint32_t)(mask >> 32) } };
	memcpy(frame.retcode, retcode, sizeof(retcode));
	if (ks->ka.sa_flags & SA_RESTORER)
		frame.pretcode = ks->ka.sa_restorer;
	else
		frame.pretcode = vdso_restorer(VDSO32___kernel_rt_sigreturn) ? :
				 addr + offsetof(struct rt_sigframe_ia32, retcode);
	if (!write_frame(addr, &frame, sizeof(frame), fpstate, regs))
		return false;
	regs->ax = ks->sig;
	regs->dx = frame.pinfo;
	regs->cx = frame.puc;
	enter_handler(ks, regs, addr);
	return true;
}

/*
 * The registers back from a sigcontext_32 (Linux's ia32_restore_sigcontext).
 * The upper halves of the 64-bit registers are the kernel's business: a
 * 32-bit program cannot see them, and r8-r15 are left as they are.
 */
static bool restore_sigcontext_32(struct pt_regs *regs, const struct sigcontext_32 __user *usc)
{
	struct sigcontext_32 sc;

	current->restart_armed = false;	/* an interrupted sleep is over: restart_syscall says -EINTR */
	if (copy_from_user(&sc, usc, sizeof(sc)))
		return false;
	regs->bx = sc.bx, regs->cx = sc.cx, regs->dx = sc.dx, regs->si = sc.si, regs->di = sc.di;
	regs->bp = sc.bp, regs->ax = sc.ax, regs->sp = sc.sp, regs->ip = sc.ip;
	regs->cs = sc.cs | 3;			/* a bad one: IRET refuses it, and bad_iret sends SIGSEGV */
	regs->ss = sc.ss | 3;
	regs->flags = (regs->flags & ~FIX_EFLAGS) | (sc.flags & FIX_EFLAGS);
	regs->orig_ax = -1;			/* no longer in a system call: nothing to restart */
	regs_changed(regs);
	reload_segments(&sc);
	return !fpu_restore_from_user_ia32(compat_ptr(sc.fpstate));
}

/* A frame that cannot be read or restored: SIGSEGV, as Linux's signal_fault. */
static long bad_frame(void)
{
	force_sig(SIGSEGV);
	return 0;
}

/* Back from an old-style handler: its ret popped pretcode, the restorer popped sig. */
COMPAT_SYSCALL_DEFINE0(sigreturn)
{
	struct pt_regs *regs = current_pt_regs();
	const struct sigframe_ia32 __user *frame = (const void __user *)(regs->sp - 8);
	uint32_t mask[2];

	if (!access_ok(frame, sizeof(*frame)) ||
	    copy_from_user(&mask[0], &frame->sc.oldmask, sizeof(mask[0])) ||
	    copy_from_user(&mask[1], &frame->extramask[0], sizeof(mask[1])))
		return bad_frame();
	set_blocked(mask[0] | (sigset_t)mask[1] << 32);
	if (!restore_sigcontext_32(regs, &frame->sc))
		return bad_frame();
	return regs->ax;
}

/* Back from an SA_SIGINFO handler: its ret popped pretcode. */
COMPAT_SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = current_pt_regs();
	const struct rt_sigframe_ia32 __user *frame = (const void __user *)(regs->sp - 4);
	compat_sigset_t mask;
	compat_stack_t uss;

	if (!access_ok(frame, sizeof(*frame)) || copy_from_user(&mask, &frame->uc.uc_sigmask, sizeof(mask)))
		return bad_frame();
	set_blocked(mask.sig[0] | (sigset_t)mask.sig[1] << 32);
	if (!restore_sigcontext_32(regs, &frame->uc.uc_mcontext) ||
	    copy_from_user(&uss, &frame->uc.uc_stack, sizeof(uss)))
		return bad_frame();
	/* The altstack, as compat sigaltstack() would set it; its errors are ignored, as Linux's. */
	stack_t ss = { compat_ptr(uss.ss_sp), uss.ss_flags, uss.ss_size };
	do_sigaltstack(&ss, NULL);
	return regs->ax;
}
