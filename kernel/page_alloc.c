// SPDX-License-Identifier: MIT
/*
 * The physical page allocator: a free list of 4 KiB pages, linked through
 * the pages themselves (reached through the direct map). Every usable page
 * of RAM goes on it except what is already taken: the first MiB, the kernel
 * image, the multiboot2 information and the program modules.
 */
#include <asm/page.h>
#include <trapdoor/boot.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/string.h>

extern char __boot_start[], _end[];	/* linker.ld */

#define MANAGED_LIMIT	(4UL << 30)	/* boot/boot.asm's direct map covers 4 GiB */

struct free_page {
	struct free_page *next;
};

static struct free_page *free_list;
static unsigned long nr_free;

static bool overlaps(uint64_t pa, uint64_t start, uint64_t end)
{
	return pa < end && pa + PAGE_SIZE > start;
}

static bool page_is_taken(uint64_t pa)
{
	if (pa < 0x100000 || overlaps(pa, (uint64_t)__boot_start, __pa_kernel(_end)))
		return true;
	if (overlaps(pa, boot_info.mbi_start, boot_info.mbi_end))
		return true;
	for_each_module(m)
		if (overlaps(pa, m->start, m->end))
			return true;
	return false;
}

void page_alloc_init(void)
{
	for (int r = 0; r < boot_info.nregions; r++) {
		uint64_t start = PAGE_ALIGN(boot_info.regions[r].start);
		uint64_t end = min(boot_info.regions[r].end & PAGE_MASK, MANAGED_LIMIT);

		for (uint64_t pa = start; pa + PAGE_SIZE <= end; pa += PAGE_SIZE)
			if (!page_is_taken(pa))
				free_page(pa);
	}
}

uint64_t alloc_page(void)
{
	struct free_page *page = free_list;

	if (!page)
		return 0;
	free_list = page->next;
	nr_free--;
	memset(page, 0, PAGE_SIZE);
	return __pa(page);
}

void free_page(uint64_t pa)
{
	struct free_page *page = __va(pa);

	page->next = free_list;
	free_list = page;
	nr_free++;
}

unsigned long free_page_count(void)
{
	return nr_free;
}
