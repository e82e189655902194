/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_LINUX_AUXVEC_H
#define _UAPI_LINUX_AUXVEC_H

/* The auxiliary vector's keys (Linux's values): what the kernel tells a new program. */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7	/* the interpreter's base: 0, there is none */
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_HWCAP	16	/* CPUID.1:EDX */
#define AT_CLKTCK	17	/* times() ticks per second */
#define AT_SECURE	23	/* 1 for setuid programs: libc then ignores the environment */
#define AT_RANDOM	25
#define AT_EXECFN	31	/* the file name given to execve */
#define AT_SYSINFO	32	/* i386: __kernel_vsyscall, in the vDSO */
#define AT_SYSINFO_EHDR	33	/* the vDSO's ELF header */

#endif
