/* SPDX-License-Identifier: MIT */
/*
 * getpid32's entry point and loops (getpid32.c says what they measure), i386.
 *
 *   unsigned long long getpid32_int80_loop(unsigned n, unsigned nr);
 *   unsigned long long getpid32_vdso_loop(unsigned n, unsigned nr, unsigned long vsyscall);
 *   long getpid32_int80(long nr, long a, long b, long c);
 *
 * Each loop is four user instructions per round trip (mov, int $0x80 or
 * call *%edi, dec, jnz) and returns the TSC's advance in edx:eax. The counter
 * and the start time live in callee-saved registers, which both entries keep.
 */
	.text
	.globl _start
_start:
	xor %ebp, %ebp
	mov %esp, %eax
	and $-16, %esp
	sub $12, %esp
	push %eax			/* getpid32_main(sp): argc, argv, envp, auxv */
	call getpid32_main
	hlt

	.macro LOOP name, insn:vararg
	.globl \name
\name:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov 20(%esp), %esi		/* round trips left */
	mov 24(%esp), %ebx		/* nr */
	mov 28(%esp), %edi		/* __kernel_vsyscall (the vdso loop) */
	rdtsc
	push %edx
	push %eax			/* the TSC before the first one */
1:	mov %ebx, %eax
	\insn
	dec %esi
	jnz 1b
	rdtsc
	sub (%esp), %eax
	sbb 4(%esp), %edx
	add $8, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret
	.endm

	LOOP getpid32_int80_loop, int $0x80
	LOOP getpid32_vdso_loop, call *%edi

	.globl getpid32_int80
getpid32_int80:
	push %ebx
	mov 8(%esp), %eax
	mov 12(%esp), %ebx
	mov 16(%esp), %ecx
	mov 20(%esp), %edx
	int $0x80
	pop %ebx
	ret

	.section .note.GNU-stack,"",@progbits
