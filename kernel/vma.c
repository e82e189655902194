// SPDX-License-Identifier: MIT
/*
 * The regions of an address space (include/trapdoor/vma.h): a sorted array
 * in one page, changed only through split_at(), which cuts a region in two at
 * an address, and merge(), which joins neighbours that have become alike.
 * Every operation is "split at both ends, change what lies between, merge":
 * mmap, munmap, mprotect, mremap and brk (kernel/sys_mm.c) and the ELF loader
 * all come through here, and the page tables follow (arch/x86/mm/pgtable.c).
 */
#include <asm/page.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/string.h>
#include <trapdoor/vma.h>
#include <uapi/asm/errno.h>

_Static_assert(sizeof(struct mm) + 32 * sizeof(struct vm_area) <= PAGE_SIZE, "struct mm fits a page");

struct mm *mm_create(void)
{
	uint64_t pa = alloc_page();
	struct mm *mm = pa ? __va(pa) : NULL;

	if (mm && !(mm->pml4 = create_user_space())) {
		free_page(pa);
		return NULL;
	}
	return mm;
}

void mm_destroy(struct mm *mm)
{
	destroy_user_space(mm->pml4);
	free_page(__pa(mm));
}

uint64_t vma_pte_flags(unsigned long vm_flags)
{
	if (!(vm_flags & VM_PROT))
		return PTE_PROTNONE;
	return (vm_flags & VM_WRITE ? PTE_WRITE : 0) | (vm_flags & VM_EXEC ? 0 : PTE_NX);
}

/* The index of the first region that ends above addr (nr_areas if none). */
static int first_above(struct mm *mm, unsigned long addr)
{
	int i = 0;

	while (i < mm->nr_areas && mm->areas[i].vm_end <= addr)
		i++;
	return i;
}

struct vm_area *find_vma(struct mm *mm, unsigned long addr)
{
	int i = first_above(mm, addr);

	return i < mm->nr_areas && mm->areas[i].vm_start <= addr ? &mm->areas[i] : NULL;
}

bool vma_range_free(struct mm *mm, unsigned long start, unsigned long end)
{
	int i = first_above(mm, start);

	return i == mm->nr_areas || mm->areas[i].vm_start >= end;
}

/* Every page of [start, end) lies in some region. */
bool vma_range_mapped(struct mm *mm, unsigned long start, unsigned long end)
{
	for (unsigned long addr = start; addr < end; ) {
		struct vm_area *vma = find_vma(mm, addr);

		if (!vma)
			return false;
		addr = vma->vm_end;
	}
	return true;
}

static int insert_at(struct mm *mm, int i, struct vm_area area)
{
	if ((size_t)mm->nr_areas == MM_MAX_AREAS)
		return -ENOMEM;			/* as Linux past vm.max_map_count */
	memmove(&mm->areas[i + 1], &mm->areas[i], (mm->nr_areas - i) * sizeof(area));
	mm->areas[i] = area;
	mm->nr_areas++;
	return 0;
}

static void remove_at(struct mm *mm, int i)
{
	mm->nr_areas--;
	memmove(&mm->areas[i], &mm->areas[i + 1], (mm->nr_areas - i) * sizeof(mm->areas[0]));
}

/* Make addr a boundary between regions, cutting the one that straddles it. */
static int split_at(struct mm *mm, unsigned long addr)
{
	int i = first_above(mm, addr);

	if (i == mm->nr_areas || mm->areas[i].vm_start >= addr)
		return 0;			/* no region straddles addr */
	struct vm_area upper = mm->areas[i];
	upper.vm_start = addr;
	int err = insert_at(mm, i + 1, upper);
	if (!err)
		mm->areas[i].vm_end = addr;
	return err;
}

/* Join neighbours that touch and have the same flags. */
static void merge(struct mm *mm)
{
	for (int i = 0; i + 1 < mm->nr_areas; ) {
		struct vm_area *a = &mm->areas[i], *b = &mm->areas[i + 1];

		if (a->vm_end == b->vm_start && a->vm_flags == b->vm_flags) {
			a->vm_end = b->vm_end;
			remove_at(mm, i + 1);
		} else {
			i++;
		}
	}
}

/* Split at both ends of [start, end): the regions inside are then whole. */
static int split_range(struct mm *mm, unsigned long start, unsigned long end)
{
	int err = split_at(mm, start);

	return err ? err : split_at(mm, end);
}

int vma_unmap(struct mm *mm, unsigned long start, unsigned long end)
{
	int err = split_range(mm, start, end);

	if (err)
		return err;
	for (int i = first_above(mm, start); i < mm->nr_areas && mm->areas[i].vm_start < end; )
		remove_at(mm, i);
	unmap_user_range(mm->pml4, start, end);
	flush_tlb();
	merge(mm);			/* a failed split may have left an extra cut */
	return 0;
}

/* A new region over [start, end), which must be free. */
int vma_map(struct mm *mm, unsigned long start, unsigned long end, unsigned long flags)
{
	if (!vma_range_free(mm, start, end))
		return -EEXIST;
	int err = insert_at(mm, first_above(mm, start), (struct vm_area){ start, end, flags });
	if (!err)
		merge(mm);
	return err;
}

/* Give every region in [start, end) (all of it mapped) the protection prot. */
int vma_protect(struct mm *mm, unsigned long start, unsigned long end, unsigned long prot)
{
	if (!vma_range_mapped(mm, start, end))
		return -ENOMEM;
	int err = split_range(mm, start, end);
	if (err) {
		merge(mm);
		return err;
	}
	for (int i = first_above(mm, start); i < mm->nr_areas && mm->areas[i].vm_start < end; i++) {
		struct vm_area *vma = &mm->areas[i];

		vma->vm_flags = (vma->vm_flags & ~VM_PROT) | (prot & VM_PROT);
		protect_user_range(mm->pml4, vma->vm_start, vma->vm_end, vma_pte_flags(vma->vm_flags));
	}
	flush_tlb();
	merge(mm);
	return 0;
}

/*
 * Move the region [old, old+len) (within one region) to [new, new+len),
 * which must be free, pages and all.
 */
int vma_move(struct mm *mm, unsigned long old, unsigned long len, unsigned long new)
{
	struct vm_area *vma = find_vma(mm, old);

	if (!vma || !vma_range_free(mm, new, new + len))
		return -EFAULT;
	unsigned long flags = vma->vm_flags;
	if ((size_t)mm->nr_areas + 3 > MM_MAX_AREAS)
		return -ENOMEM;			/* room for the worst case: two splits, one insert */
	int err = move_user_range(mm->pml4, old, len, new);
	if (err)
		return err;
	split_range(mm, old, old + len);
	for (int i = first_above(mm, old); i < mm->nr_areas && mm->areas[i].vm_start < old + len; )
		remove_at(mm, i);
	insert_at(mm, first_above(mm, new), (struct vm_area){ new, new + len, flags });
	flush_tlb();
	merge(mm);
	return 0;
}

/* The highest free range of len bytes below mmap_base (Linux's top-down search). */
unsigned long vma_find_gap(struct mm *mm, unsigned long len)
{
	unsigned long top = mm->mmap_base;

	for (int i = mm->nr_areas - 1; i >= -1; i--) {
		unsigned long bottom = i >= 0 ? mm->areas[i].vm_end : MMAP_MIN_ADDR;

		if (i >= 0 && mm->areas[i].vm_start >= top)
			continue;		/* above the search's start */
		if (top >= bottom && top - bottom >= len)
			return top - len;
		if (i >= 0)
			top = mm->areas[i].vm_start;
	}
	return 0;
}

/* Give every page of [start, end) its memory now (the ELF loader, MAP_POPULATE). */
int vma_populate(struct mm *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		struct vm_area *vma = find_vma(mm, va);

		if (vma && (vma->vm_flags & VM_PROT) && !user_page(mm->pml4, va, vma_pte_flags(vma->vm_flags)))
			return -ENOMEM;
	}
	return 0;
}

/* Give back the memory of [start, end) but keep the regions: the next touch finds zeroes. */
void vma_discard(struct mm *mm, unsigned long start, unsigned long end)
{
	unmap_user_range(mm->pml4, start, end);
	flush_tlb();
}
