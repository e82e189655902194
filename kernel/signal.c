// SPDX-License-Identifier: MIT
/*
 * Signal state: each signal's action (rt_sigaction) and the mask of blocked
 * signals (rt_sigprocmask), with Linux's checks. The state is kept exactly;
 * delivering signals to handlers is not built yet, so for now a signal only
 * ever arises from a fault, and that ends the program (arch/x86/kernel/traps.c).
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>
#include <uapi/asm/signal.h>

#define sigmask(sig)	(1UL << ((sig) - 1))
#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct sigaction new;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (oact && copy_to_user(oact, &current->sigactions[sig - 1], sizeof(*oact)))
		return -EFAULT;
	if (act) {
		new.sa_mask &= ~UNBLOCKABLE;
		current->sigactions[sig - 1] = new;
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, nset, sigset_t __user *, oset,
		size_t, sigsetsize)
{
	sigset_t old = current->blocked, set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		set &= ~UNBLOCKABLE;
		switch (how) {
		case SIG_BLOCK:
			current->blocked |= set;
			break;
		case SIG_UNBLOCK:
			current->blocked &= ~set;
			break;
		case SIG_SETMASK:
			current->blocked = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
