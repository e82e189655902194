// SPDX-License-Identifier: MIT
/*
 * sighandler: two signals caught by handlers, for watching a delivery in GDB
 * (break-signal and sigframe, scripts/gdb/; tests/suites/gdb.py runs this).
 *
 *   1. SIGUSR1, sent to itself with tgkill (si_code SI_TKILL), with SIGUSR2
 *      blocked so that the frame's saved mask is not empty. The kernel
 *      delivers it on the way out of tgkill; the handler returns through
 *      __restore_rt (user/sys.asm) and rt_sigreturn, and main goes on.
 *   2. SIGSEGV, from a store to bad_address, where nothing is mapped
 *      (SEGV_MAPERR, si_addr = bad_address). Returning would run the store
 *      again, so the handler moves the frame's saved rip past it, to
 *      poke_resume: rt_sigreturn resumes there.
 *
 * Exits 0 if both handlers saw what they should. With any argument it sends
 * itself SIGTERM instead, which has no handler: the default action ends it
 * ("killed by SIGTERM").
 */
#include <user.h>
#include <uapi/asm/sigcontext.h>

unsigned long bad_address = 0x10;	/* a global, so that GDB can read it */
static volatile int usr1_seen, usr1_code, segv_seen;
static volatile unsigned long segv_addr;

/* void poke(unsigned long addr): store 1 at addr; a SIGSEGV handler may resume at poke_resume. */
void poke(unsigned long addr);
extern char poke_resume[];
__asm__(".pushsection .text\n"
	".globl poke\n"
	"poke:\n"
	"	movq $1, (%rdi)\n"
	".globl poke_resume\n"
	"poke_resume:\n"
	"	ret\n"
	".popsection");

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	usr1_seen = sig;
	usr1_code = info->si_code;
}

static void on_segv(int sig, siginfo_t *info, void *uc)
{
	segv_seen = sig;
	segv_addr = (unsigned long)info->fault.si_addr;
	((struct ucontext *)uc)->uc_mcontext.ip = (unsigned long)poke_resume;
}

static long handle(int sig, void (*handler)(int, siginfo_t *, void *))
{
	struct sigaction sa = {
		.sa_handler = (unsigned long)handler,
		.sa_flags = SA_SIGINFO | SA_RESTORER,
		.sa_restorer = (unsigned long)__restore_rt,
	};

	return syscall6(__NR_rt_sigaction, sig, (long)&sa, 0, sizeof(sigset_t), 0, 0);
}

int main(int argc, char **argv)
{
	long pid = getpid();
	sigset_t usr2 = 1UL << (SIGUSR2 - 1);

	if (argc > 1 && strcmp(argv[1], "pause") == 0) {	/* a wait a signal cuts short */
		long r;

		handle(SIGALRM, on_usr1);
		syscall1(__NR_alarm, 1);
		r = syscall0(__NR_pause);
		printf("sighandler: pause returned %ld after signal %d\n", r, usr1_seen);
		return !(r == -EINTR && usr1_seen == SIGALRM);
	}
	if (argc > 1) {
		printf("sighandler: sending SIGTERM, which has no handler\n");
		syscall3(__NR_tgkill, pid, pid, SIGTERM);
		printf("sighandler: still alive after SIGTERM\n");
		return 1;
	}
	if (handle(SIGUSR1, on_usr1) || handle(SIGSEGV, on_segv) ||
	    syscall6(__NR_rt_sigprocmask, SIG_BLOCK, (long)&usr2, 0, sizeof(sigset_t), 0, 0)) {
		printf("sighandler: rt_sigaction or rt_sigprocmask failed\n");
		return 1;
	}
	syscall3(__NR_tgkill, pid, pid, SIGUSR1);
	printf("sighandler: SIGUSR1 handler saw signal %d, si_code %d\n", usr1_seen, usr1_code);
	poke(bad_address);
	printf("sighandler: SIGSEGV handler saw signal %d, si_addr %#lx\n", segv_seen, segv_addr);
	return !(usr1_seen == SIGUSR1 && usr1_code == SI_TKILL && segv_seen == SIGSEGV && segv_addr == bad_address);
}
