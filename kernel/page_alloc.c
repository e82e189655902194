// SPDX-License-Identifier: MIT
/*
 * The physical page allocator: 4 KiB pages. Every usable page of RAM is
 * free except what is already taken: the first MiB, the kernel image, the
 * multiboot2 information and the program modules. A page comes from the free
 * list, linked through the freed pages themselves (reached through the direct
 * map), or, while that is empty, from the part of RAM never handed out yet,
 * taken in address order. So boot touches no free page: under QEMU's
 * emulation, writing a link into each of 32,000 pages took a quarter of a
 * second of every boot.
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
static int next_region;			/* the never-used part: this region of boot_info... */
static uint64_t next_pa;		/* ...from this address up */

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

static uint64_t region_end(int r)
{
	return min(boot_info.regions[r].end & PAGE_MASK, MANAGED_LIMIT);
}

/* The lowest address above pa where something taken begins, or ~0. */
static uint64_t next_taken(uint64_t pa)
{
	uint64_t at = ~0UL;
	const uint64_t starts[] = { (uint64_t)__boot_start, boot_info.mbi_start };

	for (size_t i = 0; i < ARRAY_SIZE(starts); i++)
		if (starts[i] > pa)
			at = min(at, starts[i] & PAGE_MASK);
	for_each_module(m)
		if (m->start > pa)
			at = min(at, m->start & PAGE_MASK);
	return at;
}

/*
 * The next never-used page that is not taken, or 0 when RAM is used up.
 * [next_pa, free_until) is known to hold nothing taken, so most calls are
 * one comparison; the search runs again only where that run ends.
 */
static uint64_t next_unused_page(void)
{
	static uint64_t free_until;

	if (next_pa < free_until) {
		next_pa += PAGE_SIZE;
		return next_pa - PAGE_SIZE;
	}
	for (; next_region < boot_info.nregions; next_region++) {
		if (next_pa < PAGE_ALIGN(boot_info.regions[next_region].start))
			next_pa = PAGE_ALIGN(boot_info.regions[next_region].start);
		for (; next_pa + PAGE_SIZE <= region_end(next_region); next_pa += PAGE_SIZE)
			if (!page_is_taken(next_pa)) {
				free_until = min(region_end(next_region), next_taken(next_pa));
				next_pa += PAGE_SIZE;
				return next_pa - PAGE_SIZE;
			}
	}
	return 0;
}

/* Count the free pages; touch none of them. */
void page_alloc_init(void)
{
	for (int r = 0; r < boot_info.nregions; r++)
		for (uint64_t pa = PAGE_ALIGN(boot_info.regions[r].start); pa + PAGE_SIZE <= region_end(r);
		     pa += PAGE_SIZE)
			nr_free += !page_is_taken(pa);
}

uint64_t alloc_page(void)
{
	struct free_page *page = free_list;
	uint64_t pa;

	if (page) {
		free_list = page->next;
		pa = __pa(page);
	} else if (!(pa = next_unused_page())) {
		return 0;
	}
	nr_free--;
	memset(__va(pa), 0, PAGE_SIZE);
	return pa;
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
