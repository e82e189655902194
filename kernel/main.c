// SPDX-License-Identifier: MIT
/*
 * kernel_main: boot/boot.asm calls it in 64-bit mode on the boot stack, with
 * the boot page tables. It sets the machine up in the order each step needs,
 * then runs the programs GRUB loaded and powers off.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/traps.h>
#include <trapdoor/boot.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/program.h>
#include <trapdoor/serial.h>
#include <trapdoor/time.h>
#include <trapdoor/trace.h>
#include <trapdoor/version.h>
#include <trapdoor/vdso.h>

__visible __noreturn void kernel_main(uint32_t magic, uint64_t mbi);

static void print_memory(void)
{
	uint64_t total = 0;

	for (int i = 0; i < boot_info.nregions; i++)
		total += boot_info.regions[i].end - boot_info.regions[i].start;
	printk("memory: %lu MiB usable in %d regions, %lu pages free; %d programs\n",
	       total >> 20, boot_info.nregions, free_page_count(), boot_info.nmodules);
	int i = 0;
	for_each_module(m)
		printk("  program %d: %s (%u bytes)\n", ++i, m->string, m->end - m->start);
}

void kernel_main(uint32_t magic, uint64_t mbi)
{
	serial_init();
	multiboot_parse(magic, mbi);		/* before anything can reuse its memory */
	cmdline_init(boot_info.cmdline);
	printk("\ntrapdoor %s: a small x86-64 kernel about system calls\n", TRAPDOOR_RELEASE);
	printk("command line: %s\n", cmdline_raw());
	cmdline_check();			/* warn about options nothing reads */
	trace_init();				/* and about names strace= cannot match */

	gdt_init();				/* our segments, the TSS, per-CPU GS base */
	idt_init();				/* exceptions and int $0x80 */
	page_alloc_init();
	paging_init();				/* final page tables; no identity map */
	print_memory();
	cpu_init();				/* FPU (x87, SSE, AVX), SMEP, SMAP, UMIP */
	time_init();				/* the TSC's rate, the date */
	apic_init();				/* the one-shot timer */
	syscall_init();				/* EFER.SCE, STAR, LSTAR, CSTAR, SFMASK, SYSENTER */
	vdso_init();				/* how 32-bit programs will enter */
	gdt_print();
	syscall_print();

	const char *trap = cmdline_get("trap");
	if (trap)
		trap_selftest(trap);

	unsigned long free_at_start = free_page_count();
	bool all_passed = run_programs();
	printk("trapdoor: %lu pages free at the end, %lu before the first program\n",
	       free_page_count(), free_at_start);
	power_off(all_passed ? EXIT_ALL_PASSED : EXIT_SOME_FAILED);
}
