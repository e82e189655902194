/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_SIGNAL_H
#define _TRAPDOOR_SIGNAL_H

#include <stdbool.h>
#include <asm/ptrace.h>
#include <uapi/asm/signal.h>

/*
 * What an interrupted system call returns in pt_regs->ax until the way out
 * decides (arch/x86/kernel/signal.c): never seen by user space, which gets
 * -EINTR or a restarted call instead. Linux's values.
 */
#define ERESTARTSYS		512	/* restart if the handler has SA_RESTART, else -EINTR */
#define ERESTARTNOINTR		513	/* always restart */
#define ERESTARTNOHAND		514	/* restart only if no handler runs */
#define ERESTART_RESTARTBLOCK	516	/* restart with restart_syscall, which resumes the call */

/* Which way a system call came in, for the restart (its instruction and numbers). */
enum syscall_abi { NOT_A_SYSCALL, SYSCALL_ABI_64, SYSCALL_ABI_IA32 };

#define sigmask(sig)	(1UL << ((sig) - 1))

/*
 * A kernel-only sa_flags bit, Linux's value: the action was set through the
 * ia32 ABI (kernel/compat_signal.c), so its handler is 32-bit code and gets
 * a 32-bit frame. sigaction reads never show it.
 */
#define SA_IA32_ABI	0x02000000U
bool sigaction_is_ia32(const struct sigaction *ka);	/* true: build an ia32 frame for it */

/* kernel/signal.c: the generic part. */
void send_signal(int sig, const siginfo_t *info);		/* raise sig in the running task */
void force_sig_fault(int sig, int code, unsigned long addr);	/* from a fault: cannot be ignored */
void force_sig(int sig);
bool signal_pending(void);
struct ksignal {
	int sig;
	struct sigaction ka;
	siginfo_t info;
};
bool get_signal(struct ksignal *ks);	/* the next signal to run a handler for; default actions done */
void recalc_sigpending(void);
void signals_init(void);		/* a new program: no queued signals */
void set_blocked(sigset_t set);
bool sig_will_kill(int sig);		/* its action is the default, and the default ends the task */
bool sigaltstack_active(unsigned long sp);	/* is sp on the alternate signal stack? */

/* kernel/signal.c: the way back to user space. */
void exit_to_user_mode_loop(struct pt_regs *regs, enum syscall_abi abi);
void exit_to_user_mode(struct pt_regs *regs);	/* arch/x86/entry/common.c: the check, then the loop */

/* arch/x86/kernel/signal.c: frames and restarts. */
void arch_do_signal_or_restart(struct pt_regs *regs, enum syscall_abi abi);
/*
 * arch/x86/kernel/signal_ia32.c: the frames for a 32-bit handler (SA_IA32_ABI),
 * without and with SA_SIGINFO; false if the stack is unusable.
 */
bool ia32_setup_frame(struct ksignal *ks, struct pt_regs *regs);
bool ia32_setup_rt_frame(struct ksignal *ks, struct pt_regs *regs);

#endif
