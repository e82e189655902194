/* SPDX-License-Identifier: MIT */
/*
 * walk32's entry point and the calls scripts/walk.py follows (walk32.c says
 * what for), i386. Each call is a function of its own, so its int $0x80 or
 * call has a symbol the walk finds in QEMU's execution log.
 *
 *   long walk32_getpid_int80(long nr);                        int $0x80
 *   long walk32_getpid_vdso(long nr, unsigned long vsyscall); call __kernel_vsyscall
 *   long walk32_getpid_{tf,badsp}_{sysenter,syscall}(long nr);  the fast entries, by hand (below)
 *   long walk32_vsyscall3(long nr, long a, long b, long c, unsigned long vsyscall);  through the vDSO
 *   long walk32_int80(long nr, long a, long b, long c);       anything else
 */
	.text
	.globl _start
_start:
	xor %ebp, %ebp
	mov %esp, %eax
	and $-16, %esp
	sub $12, %esp
	push %eax			/* walk32_main(sp): argc, argv, envp, auxv */
	call walk32_main
	hlt

	.globl walk32_getpid_int80
walk32_getpid_int80:
	mov 4(%esp), %eax		/* nr: 20, getpid */
	int $0x80
	ret

	.globl walk32_getpid_vdso
walk32_getpid_vdso:
	mov 4(%esp), %eax
	call *8(%esp)			/* __kernel_vsyscall */
	ret

/*
 * The fast entries by hand, as __kernel_vsyscall makes them (push ecx, edx,
 * ebp; ebp = esp or ecx), but with something the kernel must not return by
 * SYSEXIT or SYSRETL from. The kernel returns to the vDSO's landing pad
 * whatever code entered, so neither needs to be in the vDSO.
 *
 * _tf: the trap flag, set by the popf just before the entry instruction, so
 * that the first trap comes after it, in the kernel (SYSENTER keeps TF) or
 * not at all (SYSCALL clears it: MSR_SYSCALL_MASK). The kernel must leave
 * by IRET; the trap after the landing pad's first instruction then kills
 * the program by SIGTRAP (it has no handler): the walk stops before that.
 *
 * _badsp: an esp the kernel cannot read argument 6 from (nothing is mapped
 * at 4 KiB): the call fails with -EFAULT and leaves by IRET, to the landing
 * pad, whose pop from that esp kills the program by SIGSEGV.
 */
	.macro FAST name, insn, ebpfrom, tf
	.globl \name
\name:
	mov 4(%esp), %eax
	push %ecx
	push %edx
	push %ebp
	.if \tf
	mov \ebpfrom, %ebp
	pushf
	orl $0x100, (%esp)		/* TF */
	popf
	.else
	mov $0x1000, %esp		/* unreadable */
	mov \ebpfrom, %ebp
	.endif
	\insn				/* back at the vDSO's landing pad, never here */
	ud2
	.endm

	FAST walk32_getpid_tf_sysenter, sysenter, %esp, 1
	FAST walk32_getpid_tf_syscall, syscall, %ecx, 1
	FAST walk32_getpid_badsp_sysenter, sysenter, %esp, 0
	FAST walk32_getpid_badsp_syscall, syscall, %ecx, 0

	.globl walk32_vsyscall3
walk32_vsyscall3:			/* long walk32_vsyscall3(nr, a, b, c, vsyscall) */
	push %ebx
	mov 8(%esp), %eax
	mov 12(%esp), %ebx
	mov 16(%esp), %ecx
	mov 20(%esp), %edx
	call *24(%esp)
	pop %ebx
	ret

/*
 * Far transfers in ring 3, which touch the user's stack with a far pointer
 * (walk32.c's "far" argument; docs/design.md, "The 32-bit entries", on why):
 *   void walk32_far_call(void);   lcall to __USER32_CS:here, lret back
 *   void walk32_user_iret(void);  iret to the next instruction, same ring
 */
	.globl walk32_far_call
walk32_far_call:
	lcall $0x23, $1f
	ret
1:	lret

	.globl walk32_user_iret
walk32_user_iret:
	pushf
	push %cs
	push $1f
	iret
1:	ret

/*
 * The "sig" argument's handler and restorer: SIGUSR1 arrives on the way out of
 * a kill() made through the vDSO, so the frame's ip is the handler, not the
 * landing pad, and the kernel must leave by IRET, into walk32_on_usr1.
 */
	.globl walk32_on_usr1, walk32_restorer, walk32_handled
walk32_on_usr1:
	incl walk32_handled
	ret
walk32_restorer:
	mov $173, %eax			/* rt_sigreturn (syscall_32.tbl) */
	int $0x80

	.globl walk32_int80_4
walk32_int80_4:				/* long walk32_int80_4(nr, a, b, c, d) */
	push %ebx
	push %esi
	mov 12(%esp), %eax
	mov 16(%esp), %ebx
	mov 20(%esp), %ecx
	mov 24(%esp), %edx
	mov 28(%esp), %esi
	int $0x80
	pop %esi
	pop %ebx
	ret

	.globl walk32_int80
walk32_int80:
	push %ebx
	mov 8(%esp), %eax
	mov 12(%esp), %ebx
	mov 16(%esp), %ecx
	mov 20(%esp), %edx
	int $0x80
	pop %ebx
	ret

	.globl walk32_end
walk32_end:
	.bss
walk32_handled:
	.long 0
	.section .note.GNU-stack,"",@progbits
