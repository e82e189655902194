/* SPDX-License-Identifier: MIT */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

/*
 * The virtual memory map, the same for every program:
 *
 *   0                  - 0x3fffff            never mapped (NULL and small offsets fault)
 *   0x400000           - 0x7fffffffefff      user space
 *   0x7ffffffff000     - 0x7fffffffffff      never mapped: see TASK_SIZE_MAX
 *   0xffff800000000000 -                     direct map of physical memory
 *   0xffffffff80000000 -                     kernel image (linked here, loaded at 1 MiB)
 */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define USER_START	0x400000UL
/*
 * The first address user space may not use. The last canonical user page is
 * left out so that a SYSCALL in the last bytes user space can map never makes
 * RCX (the return address) non-canonical, which SYSRET on Intel would turn
 * into a #GP taken in ring 0 on the user's stack.
 */
#define TASK_SIZE_MAX	0x7ffffffff000UL

#define PAGE_OFFSET	0xffff800000000000UL	/* the direct map */
#define KERNEL_VMA	0xffffffff80000000UL	/* the kernel image */

#define __va(pa)	((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va)	((unsigned long)(va) - PAGE_OFFSET)
#define __pa_kernel(va)	((unsigned long)(va) - KERNEL_VMA)

#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

#endif
