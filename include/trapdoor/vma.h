/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_VMA_H
#define _TRAPDOOR_VMA_H

#include <stdbool.h>
#include <stdint.h>

/*
 * An address space as a set of regions (kernel/vma.c), as Linux keeps its
 * vm_area_structs: each region [vm_start, vm_end) is page-aligned, with one
 * protection and one kind. The regions say what the program may touch; the
 * page tables only cache it. A page is given memory when it is first touched
 * (arch/x86/mm/fault.c), unless the loader fills it in advance.
 */
#define VM_READ		0x1		/* the PROT_ bits, as mmap takes them */
#define VM_WRITE	0x2
#define VM_EXEC		0x4
#define VM_PROT		(VM_READ | VM_WRITE | VM_EXEC)
#define VM_IMAGE	0x10		/* the ELF file's segments */
#define VM_HEAP		0x20		/* brk's region */
#define VM_STACK	0x40		/* the start-up stack */
#define VM_ANON		0x80		/* from mmap */
#define VM_VDSO		0x100		/* the vDSO a 32-bit program gets (kernel/vdso.c) */

struct vm_area {
	unsigned long vm_start, vm_end;
	unsigned long vm_flags;
};

/* The address space: a page table and the regions, sorted by address. One page. */
struct mm {
	uint64_t pml4;
	unsigned long start_brk, brk;	/* the heap: [start_brk, brk), grown by brk() */
	unsigned long mmap_base;	/* mmap without an address searches down from here */
	unsigned long task_size;	/* mappings end below this: TASK_SIZE_MAX, or TASK_SIZE_32 */
	int nr_areas;
	struct vm_area areas[];
};

#define MM_MAX_AREAS ((4096 - sizeof(struct mm)) / sizeof(struct vm_area))

struct mm *mm_create(void);
void mm_destroy(struct mm *mm);

struct vm_area *find_vma(struct mm *mm, unsigned long addr);	/* the one holding addr */
bool vma_range_free(struct mm *mm, unsigned long start, unsigned long end);
bool vma_range_mapped(struct mm *mm, unsigned long start, unsigned long end);
/* All return 0 or -errno; start and end are page-aligned. */
int vma_map(struct mm *mm, unsigned long start, unsigned long end, unsigned long flags);
int vma_unmap(struct mm *mm, unsigned long start, unsigned long end);
int vma_protect(struct mm *mm, unsigned long start, unsigned long end, unsigned long prot);
int vma_move(struct mm *mm, unsigned long old, unsigned long len, unsigned long new);
unsigned long vma_find_gap(struct mm *mm, unsigned long len);	/* 0 if none */
int vma_populate(struct mm *mm, unsigned long start, unsigned long end);
void vma_discard(struct mm *mm, unsigned long start, unsigned long end);

/* The page-table flags a region's pages get. */
uint64_t vma_pte_flags(unsigned long vm_flags);

#endif
