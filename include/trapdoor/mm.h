/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_MM_H
#define _TRAPDOOR_MM_H

#include <stdbool.h>
#include <stdint.h>

/* kernel/page_alloc.c: physical pages, 4 KiB each, handed out zeroed. */
void page_alloc_init(void);
uint64_t alloc_page(void);		/* physical address, 0 if none is left */
void free_page(uint64_t pa);
unsigned long free_page_count(void);

/* arch/x86/mm/pgtable.c: page tables. */
#define PTE_PRESENT	(1UL << 0)
#define PTE_WRITE	(1UL << 1)
#define PTE_USER	(1UL << 2)
#define PTE_PWT		(1UL << 3)	/* write-through */
#define PTE_PCD		(1UL << 4)	/* no caching: device registers */
#define PTE_HUGE	(1UL << 7)	/* 2 MiB page, in a page directory */
#define PTE_GLOBAL	(1UL << 8)	/* kept in the TLB across CR3 writes */
#define PTE_PROTNONE	(1UL << 9)	/* software: not present, but holds a PROT_NONE page */
#define PTE_NX		(1UL << 63)	/* no instruction fetch */
#define PTE_ADDR_MASK	0x000ffffffffff000UL

void paging_init(void);			/* the kernel's final page tables */
uint64_t kernel_cr3(void);
void *ioremap(uint64_t pa);		/* device registers, uncached */
uint64_t create_user_space(void);	/* a PML4 sharing the kernel half */
void destroy_user_space(uint64_t pml4);	/* frees its user pages and tables */
uint64_t user_page(uint64_t pml4, unsigned long va, uint64_t flags);

/* The pages of [start, end): freed; given new flags (PTE_PROTNONE: no access); moved to new. */
void unmap_user_range(uint64_t pml4, unsigned long start, unsigned long end);
void protect_user_range(uint64_t pml4, unsigned long start, unsigned long end, uint64_t flags);
int move_user_range(uint64_t pml4, unsigned long old, unsigned long len, unsigned long new);
void flush_tlb(void);			/* forget every user translation */

#endif
