/* SPDX-License-Identifier: MIT */
/*
 * walk32's entry point and the calls scripts/walk.py follows (walk32.c says
 * what for), i386. Each call is a function of its own, so its int $0x80 or
 * call has a symbol the walk finds in QEMU's execution log.
 *
 *   long walk32_getpid_int80(long nr);                        int $0x80
 *   long walk32_getpid_vdso(long nr, unsigned long vsyscall); call __kernel_vsyscall
 *   long walk32_getpid_vdso_tf(long nr, unsigned long vsyscall);  the same, TF set
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
 * With TF set, each instruction after the popf raises a #DB once it has run:
 * the kernel sends SIGTRAP, whose default action would end the program. So
 * trapdoor's #DB handler must see the traps first... except that walk32 has no
 * handler: a single-step trap in user mode kills it. Hence TF is set by the
 * popf just before the call, and the call itself is the one instruction that
 * traps after it: the trap is taken at __kernel_vsyscall's first instruction.
 * (tests/suites/walk.py uses this only for what it says about the exit: it
 * runs it under GDB-free QEMU and expects the program to die by SIGTRAP.)
 */
	.globl walk32_getpid_vdso_tf
walk32_getpid_vdso_tf:
	mov 4(%esp), %eax
	pushf
	orl $0x100, (%esp)		/* TF */
	popf
	call *8(%esp)
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
	.section .note.GNU-stack,"",@progbits
