// SPDX-License-Identifier: MIT
/*
 * Loading a static ELF program. Every field the file gives is untrusted: a
 * bad file gets a one-line reason and the kernel goes on. Checked: the
 * header (magic, little-endian, ELF-64 for x86-64 or ELF-32 for i386,
 * executable), the program headers lie inside the file, and each PT_LOAD
 * segment lies inside the file, inside user space below the stack, within a
 * sane size, and overlaps no other. Static-PIE files (ET_DYN without
 * PT_INTERP) are loaded at USER_START, for both classes, as Linux does.
 *
 * An ELF-32 file's headers are first widened into their ELF-64 form, so the
 * checks and the loading below are the same code for both; only the limit
 * differs: a 32-bit program's segments must end below its mmap base, under
 * 4 GiB (mm->mmap_base, set for the file's class before loading).
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

/* True if [off, off+len) lies within a file of size bytes, without overflow. */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/* The ELF-32 header's fields, widened: the rest of the loader reads only ELF-64. */
static void widen_header(const Elf32_Ehdr *e32, Elf64_Ehdr *eh)
{
	memcpy(eh->e_ident, e32->e_ident, EI_NIDENT);
	eh->e_type = e32->e_type;
	eh->e_machine = e32->e_machine;
	eh->e_entry = e32->e_entry;
	eh->e_phoff = e32->e_phoff;
	eh->e_phentsize = e32->e_phentsize == sizeof(Elf32_Phdr) ? sizeof(Elf64_Phdr) : 0;
	eh->e_phnum = e32->e_phnum;
}

/*
 * Check the header and return it in ELF-64 form in *eh (an ELF-32 one
 * widened), or why the file cannot run.
 */
static const char *check_header(const void *file, size_t size, Elf64_Ehdr *eh)
{
	const unsigned char *ident = file;

	if (size < sizeof(Elf32_Ehdr) || (ident[4] != ELFCLASS32 && size < sizeof(Elf64_Ehdr)))
		return "truncated ELF header";
	if (memcmp(ident, "\x7f" "ELF", 4) != 0)
		return "not an ELF file (bad magic)";
	if (ident[4] != ELFCLASS64 && ident[4] != ELFCLASS32)
		return "not a 64-bit or 32-bit ELF file (bad class)";
	if (ident[5] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	size_t phdr_size = sizeof(Elf64_Phdr);
	if (ident[4] == ELFCLASS64) {
		*eh = *(const Elf64_Ehdr *)file;
		if (eh->e_machine != EM_X86_64)
			return "not an x86-64 program (wrong machine)";
	} else {
		widen_header(file, eh);
		if (eh->e_machine == EM_X86_64)	/* Linux's x32 ABI: 32-bit pointers, 64-bit code */
			return "an x32 program: the x32 ABI is not supported";
		if (eh->e_machine != EM_386)
			return "not an i386 program (wrong machine)";
		phdr_size = sizeof(Elf32_Phdr);
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return "not an executable (wrong ELF type)";
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
		return "bad program header count or size";
	if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * phdr_size, size))
		return "program headers lie outside the file";
	return NULL;
}

/* The program headers in ELF-64 form: the file's own, or ELF-32 ones widened into buf. */
static const Elf64_Phdr *program_headers(const void *file, const Elf64_Ehdr *eh, Elf64_Phdr *buf)
{
	const uint8_t *at = (const uint8_t *)file + eh->e_phoff;

	if (eh->e_ident[4] == ELFCLASS64)
		return (const Elf64_Phdr *)at;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *p = (const Elf32_Phdr *)at + i;

		buf[i] = (Elf64_Phdr){ .p_type = p->p_type, .p_flags = p->p_flags, .p_offset = p->p_offset,
				       .p_vaddr = p->p_vaddr, .p_paddr = p->p_paddr, .p_filesz = p->p_filesz,
				       .p_memsz = p->p_memsz, .p_align = p->p_align };
	}
	return buf;
}

static const char *check_segments(const Elf64_Phdr *ph, int phnum, uint64_t base, size_t size,
				  uint64_t limit)
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
		if (start < USER_START || start > limit || memsz > limit - start)
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

/* True if the file says it is a 32-bit program: the caller then gives it the 32-bit layout. */
bool elf_is_32bit(const void *file, size_t size)
{
	return size > 4 && ((const unsigned char *)file)[4] == ELFCLASS32;
}

/*
 * Check the file, then load it into the (empty) address space mm, whose
 * layout suits the file's class (elf_is_32bit). Returns NULL and fills *out,
 * or returns why the file cannot run.
 */
const char *elf_load(struct mm *mm, const void *file, size_t size, struct elf_image *out)
{
	static Elf64_Phdr widened[MAX_PHNUM];	/* an ELF-32 file's headers, in ELF-64 form */
	Elf64_Ehdr header, *eh = &header;
	const char *why = check_header(file, size, eh);

	if (why)
		return why;
	const Elf64_Phdr *ph = program_headers(file, eh, widened);
	uint64_t base = eh->e_type == ET_DYN ? USER_START : 0;	/* static PIE: we pick */

	why = check_segments(ph, eh->e_phnum, base, size, mm->mmap_base);
	if (why)
		return why;

	bool entry_ok = false, compat = eh->e_ident[4] == ELFCLASS32;
	*out = (struct elf_image){ .entry = base + eh->e_entry, .phnum = eh->e_phnum, .compat = compat,
				   .phent = compat ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr) };
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
