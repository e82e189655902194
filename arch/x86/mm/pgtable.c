// SPDX-License-Identifier: MIT
/*
 * Page tables: four levels (PML4, PDPT, PD, PT), 512 entries each.
 *
 * The kernel's own tables, built once by paging_init(), replace the boot
 * tables from boot/boot.asm: the kernel image with a permission per part,
 * RAM at the direct map, and no identity map. Each program gets a PML4 whose
 * upper half (entries 256..511) points at the same kernel tables, so entering
 * the kernel needs no CR3 switch, and whose lower half maps only its pages:
 * the only pages in the system with the U (user) bit.
 */
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <trapdoor/boot.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <uapi/asm/errno.h>

extern char _text[], _etext[], __start_rodata[], __end_rodata[], _data[], _end[];
extern char boot_stack_guard[], task_stack_guard[];

static uint64_t kernel_pml4;

static unsigned int pt_index(unsigned long va, int level)	/* level 4 = PML4 ... 1 = PT */
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

/*
 * The entry for va at level stop_level (1 for a 4 KiB page, 2 for a 2 MiB
 * one), creating missing tables on the way; NULL if out of memory. A new
 * table is writable, and reachable from ring 3 when the mapping will be: the
 * leaf entry alone then decides.
 */
static uint64_t *walk(uint64_t pml4, unsigned long va, int stop_level, uint64_t flags)
{
	uint64_t *table = __va(pml4);

	for (int level = 4; level > stop_level; level--) {
		uint64_t *entry = &table[pt_index(va, level)];

		if (!(*entry & PTE_PRESENT)) {
			uint64_t pa = alloc_page();
			if (!pa)
				return NULL;
			*entry = pa | PTE_PRESENT | PTE_WRITE | (flags & PTE_USER);
		}
		table = __va(*entry & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, stop_level)];
}

/* Map [va, va+size) to [pa, ...), with 2 MiB pages where both are aligned. */
static void map_range(uint64_t pml4, unsigned long va, uint64_t pa, unsigned long size, uint64_t flags)
{
	const unsigned long huge = 2UL << 20;

	while (size) {
		bool big = !((va | pa) & (huge - 1)) && size >= huge;
		uint64_t *pte = walk(pml4, va, big ? 2 : 1, flags);

		if (!pte)
			panic("out of memory for the kernel's page tables");
		*pte = pa | flags | PTE_PRESENT | (big ? PTE_HUGE : 0);
		va += big ? huge : PAGE_SIZE;
		pa += big ? huge : PAGE_SIZE;
		size -= big ? huge : PAGE_SIZE;
	}
}

/* Map the kernel image part [start, end) with flags, leaving out guard pages. */
static void map_kernel_part(char *start, char *end, uint64_t flags)
{
	for (char *p = start; p < end; p += PAGE_SIZE)
		if (p != boot_stack_guard && p != task_stack_guard)
			map_range(kernel_pml4, (unsigned long)p, __pa_kernel(p), PAGE_SIZE, flags);
}

void paging_init(void)
{
	kernel_pml4 = alloc_page();
	if (!kernel_pml4)
		panic("no memory for the kernel's page tables");

	map_kernel_part(_text, _etext, PTE_GLOBAL);				/* R-X */
	map_kernel_part(__start_rodata, __end_rodata, PTE_GLOBAL | PTE_NX);	/* R-- */
	map_kernel_part(_data, _end, PTE_GLOBAL | PTE_WRITE | PTE_NX);		/* RW- */

	for (int r = 0; r < boot_info.nregions; r++) {
		uint64_t start = boot_info.regions[r].start & PAGE_MASK;
		uint64_t end = PAGE_ALIGN(boot_info.regions[r].end);

		map_range(kernel_pml4, (unsigned long)__va(start), start, end - start,
			  PTE_GLOBAL | PTE_WRITE | PTE_NX);
	}

	/*
	 * Fill every kernel-half PML4 slot now: user PML4s copy these entries
	 * once, so a slot created later would be missing from them.
	 */
	uint64_t *pml4 = __va(kernel_pml4);
	for (int i = 256; i < 512; i++)
		if (!(pml4[i] & PTE_PRESENT))
			pml4[i] = alloc_page() | PTE_PRESENT | PTE_WRITE;

	write_cr4(read_cr4() | X86_CR4_PGE);
	write_cr3(kernel_pml4);
}

/*
 * A device's registers at physical pa, mapped uncached at its direct-map
 * address (which RAM never uses: devices sit in holes of the memory map).
 */
void *ioremap(uint64_t pa)
{
	map_range(kernel_pml4, (unsigned long)__va(pa & PAGE_MASK), pa & PAGE_MASK, PAGE_SIZE,
		  PTE_WRITE | PTE_NX | PTE_PCD | PTE_PWT);
	return __va(pa);
}

uint64_t kernel_cr3(void)
{
	return kernel_pml4;
}

uint64_t create_user_space(void)
{
	uint64_t pml4 = alloc_page();

	if (pml4) {
		uint64_t *new = __va(pml4), *kernel = __va(kernel_pml4);
		for (int i = 256; i < 512; i++)
			new[i] = kernel[i];
	}
	return pml4;
}

/* A leaf entry that holds a page: mapped, or kept but inaccessible (PROT_NONE). */
static bool pte_has_page(uint64_t pte)
{
	return pte & (PTE_PRESENT | PTE_PROTNONE);
}

static uint64_t make_pte(uint64_t pa, uint64_t flags)
{
	return flags & PTE_PROTNONE ? pa | PTE_PROTNONE : pa | flags | PTE_USER | PTE_PRESENT;
}

/*
 * The physical page behind user address va, allocated (zeroed) if va has none
 * yet; either way its entry gets flags (PTE_WRITE, PTE_NX, or PTE_PROTNONE for
 * no access at all). Returns 0 when out of memory.
 */
uint64_t user_page(uint64_t pml4, unsigned long va, uint64_t flags)
{
	uint64_t *pte = walk(pml4, va, 1, PTE_USER);
	uint64_t pa;

	if (!pte)
		return 0;
	pa = pte_has_page(*pte) ? *pte & PTE_ADDR_MASK : alloc_page();
	if (pa)
		*pte = make_pte(pa, flags);
	return pa;
}

/* Free a table at level and everything below it; level 1 entries are pages. */
static void free_level(uint64_t table_pa, int level)
{
	uint64_t *table = __va(table_pa);

	for (int i = 0; i < 512; i++) {
		if (level > 1 && (table[i] & PTE_PRESENT))
			free_level(table[i] & PTE_ADDR_MASK, level - 1);
		else if (level == 1 && pte_has_page(table[i]))
			free_page(table[i] & PTE_ADDR_MASK);
	}
	free_page(table_pa);
}

/*
 * The leaf entry for va without creating tables. NULL if a table on the way
 * is missing; *next is then the first address past the gap, so that a walk
 * over a large, mostly empty range skips it a table at a time.
 */
static uint64_t *lookup(uint64_t pml4, unsigned long va, unsigned long *next)
{
	uint64_t *table = __va(pml4);

	for (int level = 4; level > 1; level--) {
		uint64_t entry = table[pt_index(va, level)];

		if (!(entry & PTE_PRESENT)) {
			unsigned long span = 1UL << (PAGE_SHIFT + 9 * (level - 1));
			*next = (va & ~(span - 1)) + span;
			return NULL;
		}
		table = __va(entry & PTE_ADDR_MASK);
	}
	*next = va + PAGE_SIZE;
	return &table[pt_index(va, 1)];
}

void unmap_user_range(uint64_t pml4, unsigned long start, unsigned long end)
{
	for (unsigned long va = start, next; va < end && va >= start; va = next) {
		uint64_t *pte = lookup(pml4, va, &next);

		if (pte && pte_has_page(*pte)) {
			free_page(*pte & PTE_ADDR_MASK);
			*pte = 0;
		}
	}
}

void protect_user_range(uint64_t pml4, unsigned long start, unsigned long end, uint64_t flags)
{
	for (unsigned long va = start, next; va < end && va >= start; va = next) {
		uint64_t *pte = lookup(pml4, va, &next);

		if (pte && pte_has_page(*pte))
			*pte = make_pte(*pte & PTE_ADDR_MASK, flags);
	}
}

/*
 * Move the pages of [old, old+len) to [new, new+len) (the ranges do not
 * overlap): the page-table entries move, the memory stays where it is. Every
 * table the new range needs is made first, so running out of memory changes
 * nothing.
 */
int move_user_range(uint64_t pml4, unsigned long old, unsigned long len, unsigned long new)
{
	for (int pass = 0; pass < 2; pass++)
		for (unsigned long off = 0, next; off < len; off = next - old) {
			uint64_t *from = lookup(pml4, old + off, &next);

			if (!from || !pte_has_page(*from))
				continue;
			uint64_t *to = walk(pml4, new + off, 1, PTE_USER);
			if (!to)
				return -ENOMEM;		/* and nothing has moved yet */
			if (pass == 1) {
				*to = *from;
				*from = 0;
			}
		}
	return 0;
}

void flush_tlb(void)
{
	uint64_t cr3;

	asm volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

void destroy_user_space(uint64_t pml4)
{
	uint64_t *table = __va(pml4);

	for (int i = 0; i < 256; i++)
		if (table[i] & PTE_PRESENT)
			free_level(table[i] & PTE_ADDR_MASK, 3);
	free_page(pml4);
}
