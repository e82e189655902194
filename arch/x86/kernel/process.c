// SPDX-License-Identifier: MIT
/*
 * arch_prctl: a 64-bit program's FS and GS bases, which its C library points
 * at its thread-local storage (%fs:0 is the thread's own address on x86-64).
 * While the kernel runs, the CPU's FS base is still the user's (the kernel
 * never uses FS), and the user's GS base waits in MSR_KERNEL_GS_BASE (swapgs
 * put it there): each is read and written where it is.
 */
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/uaccess.h>
#include <trapdoor/syscalls.h>
#include <uapi/asm/errno.h>
#include <uapi/asm/prctl.h>

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	unsigned long base;

	switch (option) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;		/* a kernel or non-canonical base: Linux's answer */
		wrmsr(option == ARCH_SET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE, arg2);
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		base = rdmsr(option == ARCH_GET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE);
		return copy_to_user((unsigned long __user *)arg2, &base, sizeof(base)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
