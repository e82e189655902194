/* SPDX-License-Identifier: MIT */
/*
 * exit0: the least a program can ask of a kernel. Its first instruction starts
 * exit_group(0), its third makes the call. scripts/progwalk.py measures every
 * real program's kernel instructions beside this one's: what a program costs
 * beyond starting and ending. Built, for trapdoor and for Linux alike, with
 *
 *   gcc -nostdlib -static -o build/realprogs/exit0 scripts/exit0.S
 */
	.text
	.globl _start
_start:
	mov $231, %eax			/* __NR_exit_group */
	xor %edi, %edi			/* status 0 */
	syscall

	.section .note.GNU-stack,"",@progbits
