// SPDX-License-Identifier: MIT
/*
 * Signals, the generic part (the frames are arch/x86/kernel/signal.c): each
 * signal's action, the blocked and pending sets, raising a signal, picking
 * the next one to deliver and carrying out default actions, and the calls
 * that work on them. Linux's rules throughout (kernel/signal.c there):
 *
 *   - a standard signal is pending at most once: raising it again is a no-op;
 *   - an ignored signal is dropped when raised, unless it is blocked;
 *   - a signal from a fault cannot be blocked or ignored away: forcing a
 *     blocked or ignored one unblocks it and resets its action to the
 *     default (so a fault inside its own handler ends the program);
 *   - the real-time signals (32..64) queue: each raise is delivered, in order;
 *   - synchronous signals (from faults) are delivered before the others, then
 *     the lowest number first.
 *
 * Delivery happens on the way back to user space: raising a signal only sets
 * TIF_SIGPENDING in the one word every exit tests.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/program.h>
#include <trapdoor/signal.h>
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <trapdoor/time.h>
#include <trapdoor/trace.h>
#include <uapi/asm/errno.h>

unsigned long task_work;

#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define UAPI_SA_FLAGS	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER | \
			 SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER)
#define SYNCHRONOUS	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
			 sigmask(SIGFPE) | sigmask(SIGSYS))
#define DEFAULT_IGNORE	(sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGCONT))
#define DEFAULT_STOP	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

static struct sigaction *action(int sig)
{
	return &current->sigactions[sig - 1];
}

void recalc_sigpending(void)
{
	if (current->pending & ~current->blocked)
		task_work |= TIF_SIGPENDING;
	else
		task_work &= ~TIF_SIGPENDING;
}

bool signal_pending(void)
{
	return task_work & TIF_SIGPENDING;
}

void set_blocked(sigset_t set)
{
	current->blocked = set & ~UNBLOCKABLE;
	recalc_sigpending();
}

static bool ignored(int sig)
{
	unsigned long handler = action(sig)->sa_handler;

	return handler == SIG_IGN || (handler == SIG_DFL && (DEFAULT_IGNORE & sigmask(sig)));
}

bool sig_will_kill(int sig)
{
	return action(sig)->sa_handler == SIG_DFL && !(DEFAULT_IGNORE & sigmask(sig));
}

/*
 * The real-time signals' queue: every raise of one is kept, in order, up to
 * RT_QUEUE_MAX in all (RLIMIT_SIGPENDING's part, Linux's -EAGAIN past it).
 * The first queued instance of a signal sits in siginfo[], like a standard
 * signal's; the rest wait here.
 */
#define RT_QUEUE_MAX	64
static siginfo_t rt_queue[RT_QUEUE_MAX];
static int rt_queued;

static bool queue_rt(const siginfo_t *info)
{
	if (rt_queued == RT_QUEUE_MAX)
		return false;
	rt_queue[rt_queued++] = *info;
	return true;
}

/* The next instance of real-time signal sig, into siginfo[]; false if there is none. */
static bool dequeue_rt(int sig)
{
	for (int i = 0; i < rt_queued; i++)
		if (rt_queue[i].si_signo == sig) {
			current->siginfo[sig - 1] = rt_queue[i];
			memmove(&rt_queue[i], &rt_queue[i + 1], (rt_queued - i - 1) * sizeof(rt_queue[0]));
			rt_queued--;
			return true;
		}
	return false;
}

void signals_init(void)
{
	rt_queued = 0;
}

/* Raise sig; false if a real-time signal found its queue full. */
static bool raise_signal(int sig, const siginfo_t *info)
{
	if (ignored(sig) && !(current->blocked & sigmask(sig)))
		return true;			/* dropped, as if it never came */
	if (current->pending & sigmask(sig)) {
		if (sig < SIGRTMIN)
			return true;		/* already pending: standard signals do not queue */
		return queue_rt(info);
	}
	current->pending |= sigmask(sig);
	current->siginfo[sig - 1] = *info;
	recalc_sigpending();
	return true;
}

void send_signal(int sig, const siginfo_t *info)
{
	raise_signal(sig, info);
}

static void force_sig_info(const siginfo_t *info)
{
	int sig = info->si_signo;

	if ((current->blocked & sigmask(sig)) || action(sig)->sa_handler == SIG_IGN) {
		current->blocked &= ~sigmask(sig);
		action(sig)->sa_handler = SIG_DFL;
	}
	current->pending &= ~sigmask(sig);	/* this one, with this siginfo, wins */
	send_signal(sig, info);
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	siginfo_t info = { .si_signo = sig, .si_code = code, .fault.si_addr = (void *)addr };

	force_sig_info(&info);
}

void force_sig(int sig)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

	force_sig_info(&info);
}

/* The next signal to deliver: synchronous ones first, then the lowest number. */
static int next_signal(void)
{
	sigset_t ready = current->pending & ~current->blocked;

	if (ready & SYNCHRONOUS)
		ready &= SYNCHRONOUS;
	return ready ? __builtin_ctzl(ready) + 1 : 0;
}

/*
 * Take pending signals until one has a handler to run (true, *ks filled).
 * Ignored ones are dropped; one whose default is to end the task ends it here
 * (never returning); stop signals stop it, which with nothing to continue it
 * also ends the run of this program.
 */
bool get_signal(struct ksignal *ks)
{
	int sig;

	while ((sig = next_signal())) {
		ks->sig = sig;
		ks->ka = *action(sig);
		ks->info = current->siginfo[sig - 1];
		if (sig < SIGRTMIN || !dequeue_rt(sig))
			current->pending &= ~sigmask(sig);	/* else the next instance stays pending */
		recalc_sigpending();
		if (unlikely(syscall_trace_enabled))
			trace_signal(sig, &ks->info);
		if (ks->ka.sa_handler == SIG_IGN)
			continue;
		if (ks->ka.sa_handler != SIG_DFL) {
			if (ks->ka.sa_flags & SA_RESETHAND)
				action(sig)->sa_handler = SIG_DFL;
			return true;
		}
		if (DEFAULT_IGNORE & sigmask(sig))
			continue;
		if (DEFAULT_STOP & sigmask(sig))
			program_stop(sig);		/* does not return */
		program_kill(sig);			/* terminate, or core: does not return */
	}
	return false;
}

/*
 * The way back to user space, when the work word is not zero: deliver what is
 * pending (each delivery may make more), and loop until nothing is left.
 * The caller's fast path is the single test that found the word zero.
 */
void exit_to_user_mode_loop(struct pt_regs *regs, enum syscall_abi abi)
{
	do {
		arch_do_signal_or_restart(regs, abi);
		abi = NOT_A_SYSCALL;		/* a restart is decided once */
	} while (task_work & TIF_SIGPENDING);
}

/* ---- The system calls ---------------------------------------------------- */

/*
 * Read and/or set sig's action: Linux's do_sigaction. The new action is
 * installed before the caller copies the old one out, so a bad oact fails
 * the call with the action already changed, as on Linux. An action set
 * through the ia32 ABI carries SA_IA32_ABI, which user space never sees:
 * the frame its handler gets is a 32-bit one (sigaction_is_ia32).
 */
long do_sigaction(int sig, const struct sigaction *act, struct sigaction *oact, bool ia32)
{
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (oact) {
		*oact = *action(sig);
		oact->sa_flags &= UAPI_SA_FLAGS;
	}
	if (act) {
		struct sigaction new = *act;

		new.sa_mask &= ~UNBLOCKABLE;
		new.sa_flags &= UAPI_SA_FLAGS;	/* unknown bits read back as 0: a program can probe */
		if (ia32)
			new.sa_flags |= SA_IA32_ABI;
		*action(sig) = new;
		if (ignored(sig)) {		/* POSIX: a pending signal now ignored is discarded */
			current->pending &= ~sigmask(sig);
			recalc_sigpending();
		}
	}
	return 0;
}

bool sigaction_is_ia32(const struct sigaction *ka)
{
	return ka->sa_flags & SA_IA32_ABI;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct sigaction new, old;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	long err = do_sigaction(sig, act ? &new : NULL, oact ? &old : NULL, false);
	if (!err && oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

/* Change the blocked set as how says (the old one into *old): Linux's sigprocmask(). */
long do_sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t cur = current->blocked;

	if (old)
		*old = cur;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		set_blocked(cur | *set);
		return 0;
	case SIG_UNBLOCK:
		set_blocked(cur & ~*set);
		return 0;
	case SIG_SETMASK:
		set_blocked(*set);
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, nset, sigset_t __user *, oset,
		size_t, sigsetsize)
{
	sigset_t old, set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset && copy_from_user(&set, nset, sizeof(set)))
		return -EFAULT;
	long err = do_sigprocmask(how, nset ? &set : NULL, &old);
	if (err)
		return err;
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The signals raised while blocked. */
sigset_t sigpending_set(void)
{
	return current->pending & current->blocked;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	sigset_t set = sigpending_set();

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* A signal from the program to itself, as kill(2) and tgkill(2) send it. */
static long kill_self(int sig, int code)
{
	siginfo_t info = { .si_signo = sig, .si_code = code, .kill = { current->pid, 0 } };

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (sig && !raise_signal(sig, &info))
		return -EAGAIN;
	return 0;
}

/* pid 0 (its group) and its own pid reach the program; no other process exists. */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	if (pid != 0 && pid != current->pid && pid != -current->pid)
		return sig < 0 || sig > _NSIG ? -EINVAL : -ESRCH;
	return kill_self(sig, SI_USER);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, pid, int, sig)
{
	if (pid <= 0 || tgid <= 0)
		return -EINVAL;
	if (tgid != current->pid || pid != current->pid)
		return sig < 0 || sig > _NSIG ? -EINVAL : -ESRCH;
	return kill_self(sig, SI_TKILL);
}

SYSCALL_DEFINE2(tkill, int, pid, int, sig)
{
	if (pid <= 0)
		return -EINVAL;
	if (pid != current->pid)
		return sig < 0 || sig > _NSIG ? -EINVAL : -ESRCH;
	return kill_self(sig, SI_TKILL);
}

/*
 * A signal with the caller's own siginfo (sigqueue's si_value). As Linux,
 * a program may not claim to be the kernel or kill() to another process:
 * there, only negative si_codes. To itself it may send any.
 */
long do_rt_sigqueueinfo(int pid, int sig, siginfo_t *info)
{
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && pid != current->pid)
		return -EPERM;
	if (pid != current->pid)
		return pid <= 0 ? -EINVAL : -ESRCH;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	info->si_signo = sig;
	if (sig && !raise_signal(sig, info))
		return -EAGAIN;
	return 0;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, siginfo_t __user *, uinfo)
{
	siginfo_t info;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	return do_rt_sigqueueinfo(pid, sig, &info);
}

static bool on_altstack(unsigned long sp)
{
	const stack_t *ss = &current->altstack;

	return ss->ss_size && sp - (unsigned long)ss->ss_sp <= ss->ss_size;
}

/* Set and/or read the alternate signal stack: Linux's do_sigaltstack. */
long do_sigaltstack(const stack_t *ss, stack_t *oss)
{
	stack_t old = current->altstack;
	unsigned long sp = current_pt_regs()->sp;

	old.ss_flags = on_altstack(sp) ? SS_ONSTACK : old.ss_size ? old.ss_flags & SS_AUTODISARM : SS_DISABLE;
	if (ss) {
		stack_t new = *ss;

		if (on_altstack(sp))
			return -EPERM;
		int mode = new.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			new.ss_size = 0;
			new.ss_sp = NULL;
		} else if (new.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		new.ss_flags &= SS_AUTODISARM;
		current->altstack = new;
	}
	if (oss)
		*oss = old;
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t __user *, uss, stack_t __user *, uoss)
{
	stack_t new, old;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	long err = do_sigaltstack(uss ? &new : NULL, &old);
	if (!err && uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

bool sigaltstack_active(unsigned long sp)
{
	return on_altstack(sp);
}

/* Sleep until a signal comes (kernel/timer.c halts the CPU meanwhile). */
SYSCALL_DEFINE0(pause)
{
	while (!signal_pending())
		wait_for_interrupt(0);
	return -ERESTARTNOHAND;
}

/* Wait for a signal with the mask set; the handler then runs with the old mask put back after it. */
long do_sigsuspend(sigset_t set)
{
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	set_blocked(set);
	while (!signal_pending())
		wait_for_interrupt(0);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE2(rt_sigsuspend, const sigset_t __user *, unewset, size_t, sigsetsize)
{
	sigset_t set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof(set)))
		return -EFAULT;
	return do_sigsuspend(set);
}
