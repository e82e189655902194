// SPDX-License-Identifier: MIT
/*
 * Loading a static ELF program. Every field the file gives is untrusted: a
 * bad file gets a one-line reason and the kernel goes on. Checked: the
 * header (magic, 64-bit, little-endian, x86-64, executable), the program
 * headers lie inside the file, and each PT_LOAD segment lies inside the file,
 * inside user space below the stack, within a sane size, and overlaps no
 * other. Static-PIE files (ET_DYN without PT_INTERP) are loaded at USER_START.
 */
#include <asm/page.h>
#include <trapdoor/elf.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/program.h>
#include <trapdoor/string.h>
#include <trapdoor/vma.h>

#define MAX_PHNUM	64
#define MAX_SEGMENT	(64UL << 20)	/* 64 MiB: more is surely a broken file */
#define USER_LIMIT	MMAP_BASE	/* segments end below where mmap begins */

/* True if [off, off+len) lies within a file of size bytes, without overflow. */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static const char *check_header(const Elf64_Ehdr *eh, size_t size)
{
	if (size < sizeof(*eh))
		return "truncated ELF header";
	if (memcmp(eh->e_ident, "\x7f" "ELF", 4) != 0)
		return "not an ELF file (bad magic)";
	if (eh->e_ident[4] != ELFCLASS64)
		return "not a 64-bit ELF file";
	if (eh->e_ident[5] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (eh->e_machine != EM_X86_64)
		return "not an x86-64 program (wrong machine)";
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return "not an executable (wrong ELF type)";
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
		return "bad program header count or size";
	if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), size))
		return "program headers lie outside the file";
	return NULL;
}

static const char *check_segments(const Elf64_Phdr *ph, int phnum, uint64_t base, size_t size)
{
	int nload = 0;

	for (int i = 0; i < phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return "needs a dynamic loader (PT_INTERP); only static programs run here";
		if (ph[i].p_type != PT_LOAD)
			continue;
		nload++;
		uint64_t start = base + ph[i].p_vaddr, memsz = ph[i].p_memsz;
		if (ph[i].p_filesz > memsz)
			return "segment's file size exceeds its memory size";
		if (memsz > MAX_SEGMENT)
			return "segment is absurdly large";
		if (!in_file(ph[i].p_offset, ph[i].p_filesz, size))
			return "segment lies outside the file";
		if (start < USER_START || start > USER_LIMIT || memsz > USER_LIMIT - start)
			return "segment lies outside user space";
		for (int j = 0; j < i; j++) {
			uint64_t s2 = base + ph[j].p_vaddr;
			if (ph[j].p_type == PT_LOAD && start < s2 + ph[j].p_memsz && s2 < start + memsz)
				return "segments overlap";
		}
	}
	return nload ? NULL : "no loadable segment";
}

static unsigned long vm_flags(uint32_t p_flags)
{
	return VM_IMAGE | (p_flags & PF_R ? VM_READ : 0) | (p_flags & PF_W ? VM_WRITE : 0) |
	       (p_flags & PF_X ? VM_EXEC : 0);
}

/*
 * A segment's region. Segments never overlap, but two may share a page at
 * their edges (one's last, the next one's first): that page gets the
 * permissions of both.
 */
static const char *map_segment(struct mm *mm, uint64_t start, uint64_t end, unsigned long flags)
{
	uint64_t lo = start & PAGE_MASK, hi = PAGE_ALIGN(end);
	const uint64_t edges[2] = { lo, hi - PAGE_SIZE };

	for (int i = 0; i < 2; i++) {
		struct vm_area *shared = find_vma(mm, edges[i]);

		if (shared && vma_protect(mm, edges[i], edges[i] + PAGE_SIZE, shared->vm_flags | flags))
			return "out of memory";
	}
	while (lo < hi && find_vma(mm, lo))
		lo += PAGE_SIZE;
	while (hi > lo && find_vma(mm, hi - PAGE_SIZE))
		hi -= PAGE_SIZE;
	if (lo < hi && vma_map(mm, lo, hi, flags))
		return "out of memory";
	return NULL;
}

/* Map a segment's pages and copy its bytes from the file; the rest stays zero. */
static const char *load_segment(struct mm *mm, const Elf64_Phdr *ph, uint64_t base, const uint8_t *file)
{
	uint64_t start = base + ph->p_vaddr, file_end = start + ph->p_filesz;
	const char *why = map_segment(mm, start, start + ph->p_memsz, vm_flags(ph->p_flags));

	if (why)
		return why;
	for (uint64_t va = start & PAGE_MASK; va < start + ph->p_memsz; va += PAGE_SIZE) {
		uint64_t pa = user_page(mm->pml4, va, vma_pte_flags(find_vma(mm, va)->vm_flags));
		if (!pa)
			return "out of memory";
		uint64_t from = max(va, start), to = min(va + PAGE_SIZE, file_end);
		if (from < to)
			memcpy((uint8_t *)__va(pa) + (from - va), file + ph->p_offset + (from - start), to - from);
	}
	return NULL;
}

/*
 * Check the file, then load it into the (empty) address space pml4. Returns
 * NULL and fills *out, or returns why the file cannot run.
 */
const char *elf_load(struct mm *mm, const void *file, size_t size, struct elf_image *out)
{
	const Elf64_Ehdr *eh = file;
	const char *why = check_header(eh, size);

	if (why)
		return why;
	const Elf64_Phdr *ph = (const void *)((const uint8_t *)file + eh->e_phoff);
	uint64_t base = eh->e_type == ET_DYN ? USER_START : 0;	/* static PIE: we pick */

	why = check_segments(ph, eh->e_phnum, base, size);
	if (why)
		return why;

	bool entry_ok = false;
	*out = (struct elf_image){ .entry = base + eh->e_entry, .phent = sizeof(Elf64_Phdr), .phnum = eh->e_phnum };
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		uint64_t start = base + ph[i].p_vaddr;
		if ((ph[i].p_flags & PF_X) && out->entry >= start && out->entry < start + ph[i].p_memsz)
			entry_ok = true;
		if (eh->e_phoff >= ph[i].p_offset && eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
			out->phdr = start + (eh->e_phoff - ph[i].p_offset);	/* the headers are mapped */
		out->end = max(out->end, PAGE_ALIGN(start + ph[i].p_memsz));
	}
	if (!entry_ok)
		return "entry point is not in an executable segment";

	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && (why = load_segment(mm, &ph[i], base, file)))
			return why;
	return NULL;
}
