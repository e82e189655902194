// SPDX-License-Identifier: MIT
/*
 * brk, mmap, munmap, mprotect, mremap, madvise: the memory calls, with
 * Linux's checks in Linux's order and its error numbers. Only anonymous
 * memory exists (there are no files to map). Each call checks its arguments
 * here and changes the regions through kernel/vma.c; the pages follow on
 * first touch (arch/x86/mm/fault.c).
 */
#include <asm/page.h>
#include <trapdoor/kernel.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <trapdoor/vma.h>
#include <uapi/asm/errno.h>
#include <uapi/asm/mman.h>

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL	2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_POPULATE_WRITE 23
#define MADV_COLLAPSE	25

static bool page_aligned(unsigned long addr)
{
	return !(addr & ~PAGE_MASK);
}

/* [addr, addr+len) lies in the part of user space mmap may use. */
static bool user_range(unsigned long addr, unsigned long len)
{
	unsigned long top = current->mm->task_size;

	return len <= top && addr <= top - len;
}

/*
 * The break: [start_brk, brk) is the heap, one region that grows and
 * shrinks. brk(addr) moves the end and returns the new one; if it cannot (the
 * range is taken, or below the start), it returns the old one, as Linux does.
 */
SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	struct mm *mm = current->mm;
	unsigned long old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(addr);

	if (addr < mm->start_brk || addr > mm->mmap_base)
		return mm->brk;
	if (new_end < old_end && vma_unmap(mm, new_end, old_end))
		return mm->brk;
	if (new_end > old_end && vma_map(mm, old_end, new_end, VM_HEAP | VM_READ | VM_WRITE))
		return mm->brk;
	mm->brk = addr;
	return addr;
}

/* Where a mapping without MAP_FIXED goes: at the hint if it is free, else the highest gap. */
static unsigned long choose_address(struct mm *mm, unsigned long hint, unsigned long len)
{
	hint = hint & PAGE_MASK;
	if (hint >= MMAP_MIN_ADDR && user_range(hint, len) && vma_range_free(mm, hint, hint + len))
		return hint;
	return vma_find_gap(mm, len);
}

/*
 * The checks come in Linux's order (arch/x86's sys_mmap, then ksys_mmap_pgoff,
 * do_mmap and get_unmapped_area), so that a call with several things wrong
 * gets the same error as on Linux: the mapping type, for instance, is checked
 * last.
 */
long ksys_mmap_pgoff(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long pgoff)
{
	struct mm *mm = current->mm;
	unsigned long type = flags & MAP_TYPE;

	(void)pgoff;				/* anonymous memory has no offset */
	if (!(flags & MAP_ANONYMOUS))		/* a file: the console cannot be mapped */
		return fd_is_open(fd) ? -ENODEV : -EBADF;
	if (!len)
		return -EINVAL;
	if (PAGE_ALIGN(len) < len || PAGE_ALIGN(len) == 0)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (len > mm->task_size)
		return -ENOMEM;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!user_range(addr, len))
			return -ENOMEM;
		if (!page_aligned(addr))
			return -EINVAL;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
	} else {
		addr = choose_address(mm, addr, len);
		if (!addr)
			return -ENOMEM;
	}
	bool taken = !vma_range_free(mm, addr, addr + len);
	if (taken && !(flags & MAP_FIXED))
		return -EEXIST;			/* MAP_FIXED_NOREPLACE */
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;			/* (MAP_SHARED_VALIDATE is for files) */

	int err = taken ? vma_unmap(mm, addr, addr + len) : 0;
	if (!err)
		err = vma_map(mm, addr, addr + len, VM_ANON | (prot & VM_PROT));
	if (!err && (flags & MAP_POPULATE))
		err = vma_populate(mm, addr, addr + len);
	return err ? err : (long)addr;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	if (!page_aligned(off))
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	if (!page_aligned(addr) || !user_range(addr, len))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	return vma_unmap(current->mm, addr, addr + len);
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	if (!page_aligned(start))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	if (!len || start + len <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;			/* PROT_GROWSDOWN/UP too: no region grows here */
	if (!user_range(start, len))
		return -ENOMEM;
	return vma_protect(current->mm, start, start + len, prot);
}

/* The region holding [addr, addr+old_len), as mremap needs it (Linux's vma_to_resize). */
static long resizable(struct mm *mm, unsigned long addr, unsigned long old_len, struct vm_area **out)
{
	struct vm_area *vma = find_vma(mm, addr);

	if (!vma || old_len > vma->vm_end - addr)
		return -EFAULT;
	if (!old_len)
		return -EINVAL;			/* duplicating a private mapping: refused */
	*out = vma;
	return 0;
}

/* Move [addr, addr+old_len) to new, which becomes new_len long; the old range stays mapped (empty) if keep_old. */
static long move_mapping(struct mm *mm, unsigned long addr, unsigned long old_len, unsigned long new,
			 unsigned long new_len, bool keep_old)
{
	unsigned long flags = find_vma(mm, addr)->vm_flags;
	long err = vma_move(mm, addr, old_len, new);

	if (!err && new_len > old_len)
		err = vma_map(mm, new + old_len, new + new_len, flags);
	if (!err && keep_old)
		err = vma_map(mm, addr, addr + old_len, flags);
	return err ? err : (long)new;
}

/*
 * Change a mapping's size, or move it: in place when the pages after it are
 * free; elsewhere if MREMAP_MAYMOVE allows; to new_addr with MREMAP_FIXED;
 * with MREMAP_DONTUNMAP the old range stays mapped, empty. Linux's order of
 * checks, again (mm/mremap.c).
 */
SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len, unsigned long, new_len,
		unsigned long, flags, unsigned long, new_addr)
{
	struct mm *mm = current->mm;
	struct vm_area *vma;
	long err;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (!page_aligned(addr))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (!find_vma(mm, addr))
		return -EFAULT;			/* even for a shrink, as Linux 6.1 */

	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		if (flags & MREMAP_FIXED) {
			if (!page_aligned(new_addr) || !user_range(new_addr, new_len) || new_addr < MMAP_MIN_ADDR)
				return -EINVAL;
			if (new_addr < addr + old_len && addr < new_addr + new_len)
				return -EINVAL;		/* the two ranges overlap */
			if ((err = vma_unmap(mm, new_addr, new_addr + new_len)))
				return err;
		}
		if (old_len > new_len) {
			if ((err = vma_unmap(mm, addr + new_len, addr + old_len)))
				return err;
			old_len = new_len;
		}
		if ((err = resizable(mm, addr, old_len, &vma)))
			return err;
		if (!(flags & MREMAP_FIXED) && !(new_addr = vma_find_gap(mm, new_len)))
			return -ENOMEM;
		return move_mapping(mm, addr, old_len, new_addr, new_len, flags & MREMAP_DONTUNMAP);
	}
	if (old_len >= new_len) {		/* shrinking stays in place */
		err = old_len > new_len ? vma_unmap(mm, addr + new_len, addr + old_len) : 0;
		return err ? err : (long)addr;
	}
	if ((err = resizable(mm, addr, old_len, &vma)))
		return err;
	if (vma->vm_end == addr + old_len && user_range(addr, new_len) &&
	    vma_range_free(mm, addr + old_len, addr + new_len)) {
		err = vma_map(mm, addr + old_len, addr + new_len, vma->vm_flags);	/* grows in place */
		return err ? err : (long)addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	unsigned long to = vma_find_gap(mm, new_len);
	if (!to)
		return -ENOMEM;
	return move_mapping(mm, addr, old_len, to, new_len, false);
}

/*
 * Advice. MADV_DONTNEED and MADV_FREE give the pages back: the next touch
 * finds zeroes, as on Linux for private anonymous memory. The rest is noted
 * and ignored.
 */
static bool advice_valid(int advice)
{
	/* Linux 6.1's: NORMAL..DONTNEED, FREE..POPULATE_WRITE, COLLAPSE. */
	return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
	       (advice >= MADV_FREE && advice <= MADV_POPULATE_WRITE) || advice == MADV_COLLAPSE;
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, advice)
{
	struct mm *mm = current->mm;
	size_t len = PAGE_ALIGN(len_in);

	if (!advice_valid(advice))
		return -EINVAL;
	if (!page_aligned(start))
		return -EINVAL;
	if ((len_in && !len) || start + len < start)
		return -EINVAL;
	if (!len)
		return 0;
	if (!user_range(start, len) || !vma_range_mapped(mm, start, start + len))
		return -ENOMEM;
	if (advice == MADV_DONTNEED || advice == MADV_FREE)
		vma_discard(mm, start, start + len);
	return 0;
}
