/* SPDX-License-Identifier: MIT */
/*
 * The two system calls of runprogs.c whose instructions mark a program's
 * window in QEMU's instruction log (scripts/linux-ref/progs_linux.py):
 *
 *   long ref_execve(const char *path, char *const argv[], char *const envp[]);
 *	the child's execve: its syscall, at ref_execve_syscall, is the last
 *	instruction of the runner before the program's first;
 *   long ref_wait4(int pid, int *status, int options, void *rusage);
 *	the parent's wait4: the instruction after its syscall, at
 *	ref_wait4_return, is the first user instruction once the kernel is done
 *	with the program.
 *
 * Errors come back as -errno, as from the kernel.
 */
	.text
	.globl ref_execve, ref_execve_syscall
ref_execve:
	mov $59, %eax			/* __NR_execve */
ref_execve_syscall:
	syscall
	ret

	.globl ref_wait4, ref_wait4_return
ref_wait4:
	mov %rcx, %r10			/* the fourth argument, as the kernel wants it */
	mov $61, %eax			/* __NR_wait4 */
	syscall
ref_wait4_return:
	ret

	.section .note.GNU-stack,"",@progbits
