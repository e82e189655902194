// SPDX-License-Identifier: MIT
/*
 * hostile KIND: signal handlers and actions that hand the kernel something
 * bad. Whatever they do, the kernel must survive; the program ends as it
 * ends on Linux, which is the answer. Each kind is a case of its own.
 *
 *   noncanonical-rip   the handler sets rip to 0x8000000000000000: SIGSEGV after sigreturn
 *   tf                 the handler sets TF in eflags: one SIGTRAP (TRAP_TRACE) after
 *                      sigreturn, caught; the program goes on
 *   tf-default         the same with SIGTRAP's default action: killed by SIGTRAP
 *   kernel-cs          the handler sets cs to the kernel's code selector, 0x10:
 *                      sigreturn makes it 0x13 (RPL 3), which the return cannot load
 *   kernel-ss          the same for ss (0x18, the kernel's data selector); the frame
 *                      has UC_STRICT_RESTORE_SS, so sigreturn keeps it
 *   kernel-ss-lenient  ss 0x18 with UC_STRICT_RESTORE_SS cleared: sigreturn replaces
 *                      the unusable selector with __USER_DS and the program goes on
 *   bad-fpstate-ptr    the ucontext's fpstate pointer set to an unmapped address
 *   null-fpstate       the fpstate pointer set to NULL: Linux resets the FPU state
 *   bad-mxcsr          reserved MXCSR bits set in the frame's fpstate
 *   bad-xsave-header   a reserved byte of the XSAVE header set (without XSAVE: MXCSR)
 *   unmapped-restorer  SA_RESTORER pointing at unmapped memory: the handler's ret faults
 *   no-restorer        a handler installed without SA_RESTORER (x86-64 requires one)
 *   unmapped-handler   sa_handler pointing at unmapped memory
 *   bad-rsp            a signal arrives with rsp unmapped: no frame can be written
 *   bad-rsp-altstack   the same with a SIGSEGV handler on an alternate stack
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/ucontext.h>
#include "sigcommon.h"

#define UC_FP_XSTATE		0x1
#define UC_STRICT_RESTORE_SS	0x4
#define SA_RESTORER_		0x04000000
#define UNMAPPED		0x10UL

static const char *kind;
static volatile int traps, trap_code;

static void edit(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	uint8_t *fp = (uint8_t *)uc->uc_mcontext.fpregs;
	uint64_t csgsfs = g[REG_CSGSFS];

	(void)sig;
	(void)si;
	if (!strcmp(kind, "noncanonical-rip")) {
		g[REG_RIP] = (greg_t)0x8000000000000000UL;
	} else if (!strcmp(kind, "tf") || !strcmp(kind, "tf-default")) {
		g[REG_EFL] |= 0x100;
	} else if (!strcmp(kind, "kernel-cs")) {
		g[REG_CSGSFS] = (greg_t)((csgsfs & ~0xffffUL) | 0x10);
	} else if (!strcmp(kind, "kernel-ss") || !strcmp(kind, "kernel-ss-lenient")) {
		g[REG_CSGSFS] = (greg_t)((csgsfs & ~(0xffffUL << 48)) | (0x18UL << 48));
		if (!strcmp(kind, "kernel-ss-lenient"))
			uc->uc_flags &= ~UC_STRICT_RESTORE_SS;
	} else if (!strcmp(kind, "bad-fpstate-ptr")) {
		uc->uc_mcontext.fpregs = (void *)UNMAPPED;
	} else if (!strcmp(kind, "null-fpstate")) {
		uc->uc_mcontext.fpregs = NULL;
	} else if (!strcmp(kind, "bad-mxcsr") || (!strcmp(kind, "bad-xsave-header") && !(uc->uc_flags & UC_FP_XSTATE))) {
		uint32_t m = 0xffffffff;

		memcpy(fp + 24, &m, 4);
	} else if (!strcmp(kind, "bad-xsave-header")) {
		fp[512 + 16] = 1;		/* header bytes 16-63 are reserved, must be 0 */
	}
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	traps++;
	trap_code = si->si_code;
	((ucontext_t *)ctx)->uc_mcontext.gregs[REG_EFL] &= ~0x100;
}

static void on_segv_alt(int sig)
{
	static const char msg[] = "the SIGSEGV handler runs on the alternate stack; it calls _exit(7)\n";

	(void)sig;
	write(1, msg, sizeof(msg) - 1);
	_exit(7);
}

static void empty_handler(int sig)
{
	(void)sig;
}

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

/* rt_sigaction straight to the kernel, so that the restorer is ours to choose. */
static void raw_action(int sig, void *handler, unsigned long flags, void *restorer)
{
	struct k_sigaction k = { handler, flags, restorer, 0 };

	if (syscall(SYS_rt_sigaction, sig, &k, NULL, 8) != 0) {
		printf("rt_sigaction failed: %s\n", errno_name(errno));
		exit(99);
	}
}

/* tgkill(self, SIGUSR1) with rsp pointing at unmapped memory. */
static void __attribute__((noreturn)) raise_on_bad_stack(void)
{
	long pid = getpid(), tid = syscall(SYS_gettid);

	__asm__ volatile("mov %[bad], %%rsp\n\tsyscall\n\tud2"
			 :: "a"((long)SYS_tgkill), "D"(pid), "S"(tid), "d"((long)SIGUSR1), [bad] "i"(UNMAPPED)
			 : "rcx", "r11", "memory");
	__builtin_unreachable();
}

int main(int argc, char **argv)
{
	static char alt[64 * 1024];
	uint32_t mxcsr = 0x7f80;

	line_buffered();
	kind = argc == 2 ? argv[1] : "";
	if (!strcmp(kind, "unmapped-restorer")) {
		printf("SIGUSR1's handler returns to an unmapped sa_restorer\n");
		raw_action(SIGUSR1, empty_handler, SA_RESTORER_, (void *)UNMAPPED);
	} else if (!strcmp(kind, "no-restorer")) {
		printf("SIGUSR1's handler is installed without SA_RESTORER\n");
		raw_action(SIGUSR1, empty_handler, 0, NULL);
	} else if (!strcmp(kind, "unmapped-handler")) {
		printf("SIGUSR1's handler is at an unmapped address\n");
		raw_action(SIGUSR1, (void *)UNMAPPED, SA_RESTORER_, (void *)UNMAPPED);
	} else if (!strcmp(kind, "bad-rsp") || !strcmp(kind, "bad-rsp-altstack")) {
		on(SIGUSR1, empty_handler, 0, 0, 0);
		if (!strcmp(kind, "bad-rsp-altstack")) {
			stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 };

			sigaltstack(&ss, NULL);
			on(SIGSEGV, on_segv_alt, 0, SA_ONSTACK, 0);
			printf("with a SIGSEGV handler on an alternate stack, ");
		}
		printf("SIGUSR1 arrives while rsp points at unmapped memory\n");
		raise_on_bad_stack();
	} else if (!strcmp(kind, "noncanonical-rip") || !strcmp(kind, "tf") || !strcmp(kind, "tf-default") ||
		   !strcmp(kind, "kernel-cs") || !strcmp(kind, "kernel-ss") || !strcmp(kind, "kernel-ss-lenient") ||
		   !strcmp(kind, "bad-fpstate-ptr") || !strcmp(kind, "null-fpstate") || !strcmp(kind, "bad-mxcsr") ||
		   !strcmp(kind, "bad-xsave-header")) {
		on(SIGUSR1, edit, 1, 0, 0);
		if (!strcmp(kind, "tf"))
			on(SIGTRAP, on_trap, 1, 0, 0);
		printf("SIGUSR1's handler edits its ucontext: %s\n", kind);
	} else {
		fprintf(stderr, "usage: hostile noncanonical-rip|tf|tf-default|kernel-cs|kernel-ss|kernel-ss-lenient|"
			"bad-fpstate-ptr|null-fpstate|bad-mxcsr|bad-xsave-header|unmapped-restorer|no-restorer|"
			"unmapped-handler|bad-rsp|bad-rsp-altstack\n");
		return 2;
	}
	__asm__ volatile("ldmxcsr %0" :: "m"(mxcsr));
	raise(SIGUSR1);
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	printf("the program went on after the handler returned; mxcsr %#x (it was 0x7f80)\n", mxcsr);
	if (!strcmp(kind, "tf"))
		printf("SIGTRAP(s) after the handler returned: %d, si_code %s; TF is clear now: %s\n", traps,
		       code_name(SIGTRAP, trap_code), yes(!(__builtin_ia32_readeflags_u64() & 0x100)));
	return 0;
}
