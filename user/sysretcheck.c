// SPDX-License-Identifier: MIT
/*
 * sysretcheck: each kernel writer of pt_regs that runs between a SYSCALL and
 * its return leaves a frame SYSRET would get wrong; the program checks that
 * it still sees the frame's state, so the kernel must have left by IRET.
 * On the default kernel syscall_can_sysret() catches each; on
 * make VARIANT=sysret-flag only the writer's regs_changed() mark does
 * (docs/experiments.md). tests/suites/experiments.py runs it on both.
 *
 *   1. signal delivery after tgkill: ip = the handler, cx = the old ip
 *   2. rt_sigreturn to a new ip: the handler moves the saved ip, not cx
 *   3. rt_sigreturn with new flags: the handler sets CF in flags, not in r11
 *
 * Prints TAP; exits with the number of cases that failed.
 */
#include <user.h>
#include <uapi/asm/sigcontext.h>

#define X86_EFLAGS_CF 0x1UL

/*
 * long sysret_probe(long pid, long tid, long sig): tgkill itself by SYSCALL.
 * Returns 0 where SYSCALL returns to (rcx), 1 from sysret_probe_moved (where
 * case 2's handler sends it), and, either way, bit 1 set if CF was set.
 */
long sysret_probe(long pid, long tid, long sig);
extern char sysret_probe_moved[];
__asm__(".pushsection .text\n"
	".globl sysret_probe\n"
	"sysret_probe:\n"
	"	mov $234, %eax\n"		/* tgkill */
	"	clc\n"				/* CF clear, unless case 3 sets it */
	"	syscall\n"
	"	setc %al\n"
	"	movzbl %al, %eax\n"
	"	shl $1, %eax\n"
	"	ret\n"
	".globl sysret_probe_moved\n"
	"sysret_probe_moved:\n"
	"	setc %al\n"
	"	movzbl %al, %eax\n"
	"	lea 1(,%rax,2), %eax\n"
	"	ret\n"
	".popsection");

static volatile int handled, mode;

static void on_usr1(int sig, siginfo_t *info, void *ucp)
{
	struct sigcontext *sc = &((struct ucontext *)ucp)->uc_mcontext;

	(void)sig, (void)info;
	handled++;
	if (mode == 2)
		sc->ip = (unsigned long)sysret_probe_moved;	/* cx stays the old return address */
	if (mode == 3)
		sc->flags |= X86_EFLAGS_CF;			/* r11 stays without CF */
}

int main(void)
{
	long pid = getpid();
	struct sigaction sa = {
		.sa_handler = (unsigned long)on_usr1,
		.sa_flags = SA_SIGINFO | SA_RESTORER,
		.sa_restorer = (unsigned long)__restore_rt,
	};
	static const char *const what[] = {
		"",
		"a signal delivered on the way out of SYSCALL runs its handler",
		"rt_sigreturn to a moved ip resumes there, not at rcx",
		"rt_sigreturn with CF set in flags (not in r11) resumes with CF set",
	};
	static const long want[] = { 0, 0, 1, 2 };
	int failed = 0;

	if (syscall6(__NR_rt_sigaction, SIGUSR1, (long)&sa, 0, sizeof(sigset_t), 0, 0) != 0) {
		printf("Bail out! rt_sigaction failed\n");
		return 1;
	}
	printf("1..3\n");
	for (int i = 1; i <= 3; i++) {
		mode = i;
		handled = 0;
		long got = sysret_probe(pid, pid, SIGUSR1);
		int ok = handled == 1 && got == want[i];

		failed += !ok;
		printf("%sok %d - %s\n", ok ? "" : "not ", i, what[i]);
		if (!ok)
			printf("# handler ran %d times, probe returned %ld, want %ld\n", handled, got, want[i]);
	}
	return failed;
}
