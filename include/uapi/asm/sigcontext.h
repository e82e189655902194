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

/*
 * The i386 (ia32) frames' pieces, as Linux's IA32 emulation lays them out
 * for a 32-bit handler (the frames themselves, which hold a compat siginfo,
 * are in include/asm/sigframe_ia32.h). Every field is 32 bits wide; a
 * selector takes the low half of its word.
 */
struct _fpreg {				/* an x87 register as FSAVE stores it: 10 bytes */
	uint16_t significand[4];
	uint16_t exponent;
};

struct _fpxreg {			/* as FXSAVE stores it: 16 bytes */
	uint16_t significand[4];
	uint16_t exponent;
	uint16_t padding[3];
};

/*
 * A 32-bit frame's FPU image: FSAVE's 108-byte environment and registers,
 * then status (the status word) and magic (0xffff: FSAVE data only; 0:
 * the FXSAVE or XSAVE image follows), then that image, 64-byte aligned,
 * whose software bytes say FP_XSTATE_MAGIC1 as in a 64-bit frame. On
 * sigreturn, the x87 part comes from the FSAVE part, not from the image.
 */
struct _fpstate_32 {
	uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
	struct _fpreg _st[8];
	uint16_t status, magic;
	/* the FXSAVE (or XSAVE) image: */
	uint32_t _fxsr_env[6];		/* ignored on sigreturn: the fields above win */
	uint32_t mxcsr, reserved;
	struct _fpxreg _fxsr_st[8];	/* ignored on sigreturn */
	uint32_t _xmm[8][4];		/* xmm0-7 */
	uint32_t padding1[44];
	struct _fpx_sw_bytes sw_reserved;
} __attribute__((packed, aligned(4)));	/* i386's alignment: the frame keeps its size */
#define FPSTATE_32_HEADER_SIZE	112	/* the bytes before the FXSAVE image */
#define X86_FXSR_MAGIC		0x0000

struct sigcontext_32 {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t di, si, bp, sp, bx, dx, cx, ax;
	uint32_t trapno, err, ip;
	uint16_t cs, __csh;
	uint32_t flags, sp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate;		/* user address of the struct _fpstate_32, or 0 */
	uint32_t oldmask, cr2;
};
_Static_assert(sizeof(struct _fpstate_32) == 624, "struct _fpstate_32 is Linux's");
_Static_assert(sizeof(struct sigcontext_32) == 88, "struct sigcontext_32 is Linux's");

#endif
