// SPDX-License-Identifier: MIT
/*
 * The ia32 ABI's signal calls (the frames and sigreturn are another matter):
 * each converts a 32-bit program's structure (include/trapdoor/compat.h) and
 * calls the core in kernel/signal.c. An action set here is marked
 * SA_IA32_ABI (sigaction_is_ia32), as Linux marks it: its handler is 32-bit
 * code, whichever kind of program installed it. rt_sigprocmask,
 * rt_sigpending and rt_sigsuspend need no body of their own: a
 * compat_sigset_t, two 32-bit words, is the native sigset_t's bytes on x86.
 */
#include <asm/uaccess.h>
#include <trapdoor/compat.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>

static sigset_t sigset_from_compat(compat_sigset_t s)
{
	return s.sig[0] | (sigset_t)s.sig[1] << 32;
}

static compat_sigset_t sigset_to_compat(sigset_t s)
{
	return (compat_sigset_t){ { (uint32_t)s, (uint32_t)(s >> 32) } };
}

COMPAT_SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct compat_sigaction __user *, act,
		       struct compat_sigaction __user *, oact, compat_size_t, sigsetsize)
{
	struct compat_sigaction a32;
	struct sigaction new, old;

	if (sigsetsize != sizeof(compat_sigset_t))
		return -EINVAL;
	if (act) {
		if (copy_from_user(&a32, act, sizeof(a32)))
			return -EFAULT;
		new = (struct sigaction){ a32.sa_handler, a32.sa_flags, a32.sa_restorer,
					  sigset_from_compat(a32.sa_mask) };
	}
	long err = do_sigaction(sig, act ? &new : NULL, oact ? &old : NULL, true);
	if (err || !oact)
		return err;
	/* A handler a 64-bit call set above 4 GiB reads back cut to 32 bits, as on Linux. */
	a32 = (struct compat_sigaction){ old.sa_handler, old.sa_flags, old.sa_restorer,
					 sigset_to_compat(old.sa_mask) };
	return copy_to_user(oact, &a32, sizeof(a32)) ? -EFAULT : 0;
}

/* sigaction (#67), the old one: signals 1-32 in the mask, no size. */
COMPAT_SYSCALL_DEFINE3(sigaction, int, sig, const struct compat_old_sigaction __user *, act,
		       struct compat_old_sigaction __user *, oact)
{
	struct compat_old_sigaction a32;
	struct sigaction new, old;

	if (act) {
		if (copy_from_user(&a32, act, sizeof(a32)))
			return -EFAULT;
		new = (struct sigaction){ a32.sa_handler, a32.sa_flags, a32.sa_restorer, a32.sa_mask };
	}
	long err = do_sigaction(sig, act ? &new : NULL, oact ? &old : NULL, true);
	if (err || !oact)
		return err;
	a32 = (struct compat_old_sigaction){ old.sa_handler, (uint32_t)old.sa_mask, old.sa_flags,
					     old.sa_restorer };
	return copy_to_user(oact, &a32, sizeof(a32)) ? -EFAULT : 0;
}

/* signal (#48): System V's, a one-shot handler that does not block its signal; returns the old handler. */
COMPAT_SYSCALL_DEFINE2(signal, int, sig, compat_uptr_t, handler)
{
	struct sigaction new = { handler, SA_RESETHAND | SA_NODEFER, 0, 0 }, old;
	long err = do_sigaction(sig, &new, &old, true);

	return err ? err : (long)(compat_uptr_t)old.sa_handler;
}

/*
 * sigprocmask (#126), the old one: one word, signals 1-32. SIG_SETMASK sets
 * those and leaves the real-time signals' bits as they were (Linux's
 * compat_sig_setmask).
 */
COMPAT_SYSCALL_DEFINE3(sigprocmask, int, how, const compat_old_sigset_t __user *, nset,
		       compat_old_sigset_t __user *, oset)
{
	compat_old_sigset_t old32 = (uint32_t)current->blocked, new32;

	if (nset) {
		sigset_t set;

		if (copy_from_user(&new32, nset, sizeof(new32)))
			return -EFAULT;
		set = how == SIG_SETMASK ? (current->blocked & ~0xffffffffUL) | new32 : new32;
		long err = do_sigprocmask(how, &set, NULL);
		if (err)
			return err;
	}
	if (oset && copy_to_user(oset, &old32, sizeof(old32)))
		return -EFAULT;
	return 0;
}

COMPAT_SYSCALL_DEFINE1(sigpending, compat_old_sigset_t __user *, set)
{
	compat_old_sigset_t s = (uint32_t)sigpending_set();

	return copy_to_user(set, &s, sizeof(s)) ? -EFAULT : 0;
}

/* sigsuspend (#72): the mask is the third argument, by value; the first two are unused. */
COMPAT_SYSCALL_DEFINE3(sigsuspend, int, unused1, int, unused2, compat_old_sigset_t, mask)
{
	(void)unused1, (void)unused2;
	return do_sigsuspend(mask);
}

COMPAT_SYSCALL_DEFINE2(sigaltstack, const compat_stack_t __user *, uss, compat_stack_t __user *, uoss)
{
	compat_stack_t s32;
	stack_t new, old;

	if (uss) {
		if (copy_from_user(&s32, uss, sizeof(s32)))
			return -EFAULT;
		new = (stack_t){ compat_ptr(s32.ss_sp), s32.ss_flags, s32.ss_size };
	}
	long err = do_sigaltstack(uss ? &new : NULL, &old);
	if (err || !uoss)
		return err;
	s32 = (compat_stack_t){ (compat_uptr_t)(unsigned long)old.ss_sp, old.ss_flags, old.ss_size };
	return copy_to_user(uoss, &s32, sizeof(s32)) ? -EFAULT : 0;
}

/* Which fields of the union a siginfo carries, by its code (Linux's siginfo_layout). */
static bool siginfo_is_fault(int sig, int code)
{
	return code > 0 && code < SI_KERNEL &&
	       (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP);
}

/*
 * A 32-bit program's siginfo, widened field by field (Linux's
 * post_copy_siginfo_from_user32): a fault's address, or the sender's pid and
 * uid with, for sigqueue's codes (negative), the value sent.
 */
void siginfo_from_compat(siginfo_t *to, const compat_siginfo_t *from)
{
	memset(to, 0, sizeof(*to));
	to->si_signo = from->si_signo;
	to->si_errno = from->si_errno;
	to->si_code = from->si_code;
	if (siginfo_is_fault(from->si_signo, from->si_code)) {
		to->fault.si_addr = compat_ptr(from->fault.si_addr);
		return;
	}
	to->kill.si_pid = from->rt.si_pid;
	to->kill.si_uid = from->rt.si_uid;
	if (from->si_code < 0)
		memcpy(&to->__size[8], &from->rt.si_int, sizeof(from->rt.si_int));	/* si_value */
}

/* And back, for a 32-bit handler's frame: the value sent keeps its low 32 bits. */
void siginfo_to_compat(compat_siginfo_t *to, const siginfo_t *from)
{
	memset(to, 0, sizeof(*to));
	to->si_signo = from->si_signo;
	to->si_errno = from->si_errno;
	to->si_code = from->si_code;
	if (siginfo_is_fault(from->si_signo, from->si_code)) {
		to->fault.si_addr = (compat_uptr_t)(unsigned long)from->fault.si_addr;
		return;
	}
	to->rt.si_pid = from->kill.si_pid;
	to->rt.si_uid = from->kill.si_uid;
	if (from->si_code < 0)
		memcpy(&to->rt.si_int, &from->__size[8], sizeof(to->rt.si_int));
}

COMPAT_SYSCALL_DEFINE3(rt_sigqueueinfo, compat_pid_t, pid, int, sig, compat_siginfo_t __user *, uinfo)
{
	compat_siginfo_t i32;
	siginfo_t info;

	if (copy_from_user(&i32, uinfo, sizeof(i32)))
		return -EFAULT;
	i32.si_signo = sig;
	siginfo_from_compat(&info, &i32);
	return do_rt_sigqueueinfo(pid, sig, &info);
}
