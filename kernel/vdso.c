// SPDX-License-Identifier: MIT
/*
 * The 32-bit vDSO: one page of code the kernel maps into every 32-bit
 * program (arch/x86/entry/vdso/vdso32.asm says what is in it and why). Its
 * __kernel_vsyscall is how glibc and musl make every system call once they
 * find it in the auxiliary vector (AT_SYSINFO); without it they use int $0x80.
 *
 * At boot the kernel picks the fastest way into the kernel this CPU has and
 * writes its two instructions into the image's four-byte slot, as Linux's
 * "alternatives" patch its vDSO: SYSENTER on Intel CPUs, SYSCALL on AMD ones
 * (each vendor refuses the other's instruction in compatibility mode), and
 * int $0x80 on any other. The kernel option vdso32=int80|sysenter|syscall
 * chooses instead, for measuring one entry against another on one CPU.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/string.h>
#include <trapdoor/vdso.h>
#include <trapdoor/vma.h>

extern uint8_t vdso32_image[], vdso32_image_end[];	/* vdso32_image.asm */

static const struct vsyscall_way {
	const char *name;
	uint8_t code[4];		/* for the slot at vsyscall_fast */
} ways[] = {
	[VSYSCALL_INT80]    = { "int80",    { 0x90, 0x90, 0x90, 0x90 } },	/* nop x4: on to int $0x80 */
	[VSYSCALL_SYSENTER] = { "sysenter", { 0x89, 0xe5, 0x0f, 0x34 } },	/* mov ebp, esp; sysenter */
	[VSYSCALL_SYSCALL]  = { "syscall",  { 0x89, 0xcd, 0x0f, 0x05 } },	/* mov ebp, ecx; syscall */
};

enum vsyscall_way_nr vdso32_way;

/* The vendor's way, as Linux picks X86_FEATURE_SYSENTER32 or SYSCALL32. */
static enum vsyscall_way_nr vendor_way(void)
{
	uint32_t a, vendor[3];

	cpuid(0, 0, &a, &vendor[0], &vendor[2], &vendor[1]);	/* ebx, edx, ecx: the name */
	if (memcmp(vendor, "GenuineIntel", 12) == 0)
		return VSYSCALL_SYSENTER;
	if (memcmp(vendor, "AuthenticAMD", 12) == 0 || memcmp(vendor, "HygonGenuine", 12) == 0)
		return VSYSCALL_SYSCALL;
	return VSYSCALL_INT80;
}

void vdso_init(void)
{
	enum vsyscall_way_nr best = vendor_way();
	const char *opt = cmdline_get("vdso32");

	vdso32_way = best;
	if (opt) {
		int i = 0;

		while (i < (int)ARRAY_SIZE(ways) && strcmp(opt, ways[i].name) != 0)
			i++;
		if (i == VSYSCALL_INT80 || i == (int)best)
			vdso32_way = i;
		else		/* the other vendor's instruction would be #UD: every program would die */
			printk("trapdoor: warning: vdso32=%s: this CPU's choices are int80 and %s; using %s\n",
			       opt, ways[best].name, ways[best].name);
	}
	memcpy(vdso32_image + VDSO32_vsyscall_fast, ways[vdso32_way].code, sizeof(ways[0].code));
	printk("VDSO  32-bit programs enter by %s (__kernel_vsyscall, %lu bytes of vDSO)\n",
	       vdso32_way == VSYSCALL_INT80 ? "int $0x80" : ways[vdso32_way].name,
	       (unsigned long)(vdso32_image_end - vdso32_image));
}

/*
 * Map a copy of the vDSO into a 32-bit program's address space, where mmap
 * would put a first page (just below the mmap base), read and execute only.
 * Returns its address, or 0 if out of memory.
 */
unsigned long vdso32_map(struct mm *mm)
{
	unsigned long size = PAGE_ALIGN(vdso32_image_end - vdso32_image);
	unsigned long at = vma_find_gap(mm, size);

	if (!at || vma_map(mm, at, at + size, VM_VDSO | VM_READ | VM_EXEC))
		return 0;
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		uint64_t pa = user_page(mm->pml4, at + off, vma_pte_flags(VM_VDSO | VM_READ | VM_EXEC));
		unsigned long n = min(PAGE_SIZE, (unsigned long)(vdso32_image_end - vdso32_image) - off);

		if (!pa)
			return 0;
		memcpy(__va(pa), vdso32_image + off, n);
	}
	return at;
}

