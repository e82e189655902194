/* SPDX-License-Identifier: MIT */
/*
 * The same measuring loops as trapdoor's user/bench_asm.asm, for Linux:
 * n round trips of system call nr, four user instructions each
 * (mov, syscall or int $0x80, dec, jnz), returning the TSC's advance.
 * The counter and the start time live in callee-saved registers, which
 * Linux keeps across both entries.
 *
 *   unsigned long ref_syscall_loop(unsigned long n, long nr);
 *   unsigned long ref_int80_loop(unsigned long n, long nr);
 *
 * And one call each way, from functions of their own, for walk_linux.py to
 * find in QEMU's instruction log (as trapdoor's user/walk_asm.asm):
 *
 *   long ref_walk_syscall(long nr);
 *   long ref_walk_int80(long nr);
 */
	.text
	.macro LOOP name, insn:vararg
	.globl \name
\name:
	push %r12
	push %r13
	push %rbx
	mov %rdi, %r12			/* round trips left */
	mov %rsi, %rbx
	rdtsc
	shl $32, %rdx
	or %rdx, %rax
	mov %rax, %r13			/* the TSC before the first one */
1:	mov %ebx, %eax			/* nr */
	\insn
	dec %r12
	jnz 1b
	rdtsc
	shl $32, %rdx
	or %rdx, %rax
	sub %r13, %rax
	pop %rbx
	pop %r13
	pop %r12
	ret
	.endm

	LOOP ref_syscall_loop, syscall
	LOOP ref_int80_loop, int $0x80

	.globl ref_walk_syscall
ref_walk_syscall:
	mov %rdi, %rax
	syscall
	ret

	.globl ref_walk_int80
ref_walk_int80:
	mov %rdi, %rax
	int $0x80
	ret

	.section .note.GNU-stack,"",@progbits
