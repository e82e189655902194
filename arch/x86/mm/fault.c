// SPDX-License-Identifier: MIT
/*
 * Page faults on user addresses. The regions (kernel/vma.c) say what the
 * program may touch; a page it may touch but has never touched has no memory
 * yet, and gets a zeroed page here, on the first access (demand paging). A
 * fault the regions do not allow is the program's: SIGSEGV, with si_code
 * SEGV_MAPERR where no region is, SEGV_ACCERR where the region forbids it.
 * The same function serves a fault taken by a uaccess helper in the kernel,
 * which is how read() into a fresh malloc()ed buffer works.
 */
#include <asm/page.h>
#include <asm/traps.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/task.h>
#include <trapdoor/vma.h>

/* May this access happen in this region? x86 cannot forbid reads of a writable page. */
static bool access_allowed(const struct vm_area *vma, unsigned long error)
{
	if (error & X86_PF_INSTR)
		return vma->vm_flags & VM_EXEC;
	if (error & X86_PF_WRITE)
		return vma->vm_flags & VM_WRITE;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

int handle_user_page_fault(unsigned long addr, unsigned long error)
{
	struct mm *mm = current ? current->mm : NULL;
	struct vm_area *vma = mm && addr < TASK_SIZE_MAX ? find_vma(mm, addr) : NULL;

	if (!vma)
		return FAULT_MAPERR;
	if (!access_allowed(vma, error))
		return FAULT_ACCERR;
	/* Allowed: the page has no memory yet (or its entry lags behind the region). */
	if (!user_page(mm->pml4, addr & PAGE_MASK, vma_pte_flags(vma->vm_flags)))
		return FAULT_OOM;
	flush_tlb();
	return FAULT_HANDLED;
}
