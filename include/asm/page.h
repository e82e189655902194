/* SPDX-License-Identifier: MIT */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

/*
 * The virtual memory map, the same for every program:
 *
 *   0                  - 0xffff              never mapped (NULL and small offsets fault)
 *   0x10000            - 0x7fffffffefff      user space: mmap may map any of it;
 *     0x400000 -                               ELF programs are loaded from here up,
 *     ... - MMAP_BASE                          mmap fills from here down,
 *     USER_STACK_TOP - USER_STACK_SIZE -       the stack, below a gap at the top
 *   0x7ffffffff000     - 0x7fffffffffff      never mapped: see TASK_SIZE_MAX
 *   0xffff800000000000 -                     direct map of physical memory
 *   0xffffffff80000000 -                     kernel image (linked here, loaded at 1 MiB)
 */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define MMAP_MIN_ADDR	0x10000UL	/* as Linux's vm.mmap_min_addr */
#define USER_START	0x400000UL	/* where ELF programs may begin */
/*
 * The first address user space may not use. The last canonical user page is
 * left out so that a SYSCALL in the last bytes user space can map never makes
 * RCX (the return address) non-canonical, which SYSRET on Intel would turn
 * into a #GP taken in ring 0 on the user's stack.
 */
#define TASK_SIZE_MAX	0x7ffffffff000UL

/*
 * The stack ends below a gap, as Linux's does (there by randomization), so
 * that a program can map the last user page, 0x7fffffffe000, itself.
 */
#define USER_STACK_TOP	0x7ffffffde000UL
#define USER_STACK_SIZE	(8UL << 20)	/* RLIMIT_STACK's usual 8 MiB, given on first touch */
#define MMAP_BASE	(USER_STACK_TOP - USER_STACK_SIZE - (128UL << 20))

/*
 * A 32-bit program (compatibility mode) sees only the low 4 GiB, less its
 * top two pages, as under Linux (IA32_PAGE_OFFSET): its stack ends there and
 * mmap fills down from 128 MiB below it. Every address it can hold in a
 * 32-bit register below TASK_SIZE_32 is an address of its own.
 */
#define TASK_SIZE_32		0xffffe000UL
#define USER32_STACK_TOP	TASK_SIZE_32
#define MMAP32_BASE		(USER32_STACK_TOP - (128UL << 20))

#define PAGE_OFFSET	0xffff800000000000UL	/* the direct map */
#define KERNEL_VMA	0xffffffff80000000UL	/* the kernel image */

#define __va(pa)	((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va)	((unsigned long)(va) - PAGE_OFFSET)
#define __pa_kernel(va)	((unsigned long)(va) - KERNEL_VMA)

#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

#endif
