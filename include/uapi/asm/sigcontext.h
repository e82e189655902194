/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_ASM_SIGCONTEXT_H
#define _UAPI_ASM_SIGCONTEXT_H

#include <stdint.h>
#include <uapi/asm/signal.h>

/*
 * The x86-64 signal frame, byte for byte as Linux builds it, so that C
 * libraries' handlers and sigreturn stubs work unchanged. From the handler's
 * stack pointer upwards:
 *
 *   struct rt_sigframe: pretcode (the restorer: the handler's return address),
 *                       ucontext (flags, link, altstack, sigcontext, mask),
 *                       siginfo
 *   ... the FPU state (FXSAVE or XSAVE image, 64-byte aligned), which
 *   sigcontext.fpstate points at
 */

/* Markers Linux puts in an XSAVE image in a signal frame. */
#define FP_XSTATE_MAGIC1	0x46505853U
#define FP_XSTATE_MAGIC2	0x46505845U
#define FP_XSTATE_MAGIC2_SIZE	4

/* The 48 bytes software may use at offset 464 of an FXSAVE image. */
struct _fpx_sw_bytes {
	uint32_t magic1, extended_size;
	uint64_t xfeatures;
	uint32_t xstate_size;
	uint32_t padding[7];
};

struct sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t di, si, bp, bx, dx, ax, cx, sp, ip, flags;
	uint16_t cs, gs, fs, ss;	/* ss: with UC_SIGCONTEXT_SS */
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;		/* user address of the FPU image, or 0 */
	uint64_t reserved1[8];
};
_Static_assert(sizeof(struct sigcontext) == 256, "struct sigcontext is Linux's");

#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4

struct ucontext {
	unsigned long uc_flags;
	uint64_t uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	siginfo_t info;
};
_Static_assert(sizeof(struct rt_sigframe) == 440, "struct rt_sigframe is Linux's");

#endif
