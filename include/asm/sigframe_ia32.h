/* SPDX-License-Identifier: MIT */
#ifndef _ASM_SIGFRAME_IA32_H
#define _ASM_SIGFRAME_IA32_H

/*
 * The signal frames a 32-bit handler gets (one installed through the ia32
 * ABI, SA_IA32_ABI), byte for byte as Linux's IA32 emulation builds them
 * (arch/x86/include/asm/sigframe.h there). From the handler's esp upwards:
 *
 *   struct sigframe_ia32 (no SA_SIGINFO: handler(sig)):
 *     pretcode, sig, sigcontext_32, an unused _fpstate_32, extramask
 *     (signals 33-64 of the mask), retcode
 *   struct rt_sigframe_ia32 (SA_SIGINFO: handler(sig, &info, &uc)):
 *     pretcode, sig, pinfo, puc (the handler's three arguments, as a call
 *     pushes them), compat siginfo, ucontext_ia32, retcode
 *
 * then, above, the FPU image (struct _fpstate_32) that sigcontext_32.fpstate
 * points at. retcode is "movl $nr, %eax; int $0x80": nothing runs it today
 * (the restorer is the C library's, or the vDSO's), but debuggers look for it.
 */
#include <trapdoor/compat.h>
#include <uapi/asm/sigcontext.h>

struct ucontext_ia32 {
	uint32_t uc_flags;
	uint32_t uc_link;
	compat_stack_t uc_stack;
	struct sigcontext_32 uc_mcontext;
	compat_sigset_t uc_sigmask;
};

struct sigframe_ia32 {
	uint32_t pretcode;
	int sig;
	struct sigcontext_32 sc;
	struct _fpstate_32 fpstate_unused;	/* kept so that extramask stays where it always was */
	uint32_t extramask[1];
	char retcode[8];
};

struct rt_sigframe_ia32 {
	uint32_t pretcode;
	int sig;
	uint32_t pinfo;
	uint32_t puc;
	compat_siginfo_t info;
	struct ucontext_ia32 uc;
	char retcode[8];
};

_Static_assert(sizeof(struct ucontext_ia32) == 116, "ucontext_ia32 is Linux's");
_Static_assert(sizeof(struct sigframe_ia32) == 732, "sigframe_ia32 is Linux's");
_Static_assert(sizeof(struct rt_sigframe_ia32) == 268, "rt_sigframe_ia32 is Linux's");

#endif
