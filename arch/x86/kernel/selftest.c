// SPDX-License-Identifier: MIT
/*
 * trap=ud|pf|de|gp: raise an exception in the kernel on purpose, to see (and
 * let tests check) the panic report. Each faulting instruction has a global
 * label, so a test can find its address with nm and compare it with the RIP
 * the report prints.
 *
 * trap=triple: the same #UD with an empty IDT, so there is no report: the CPU
 * cannot deliver the #UD (a #GP), nor the #GP (a #DF), nor the #DF, and shuts
 * down: a triple fault. A PC resets; QEMU, started with -no-reboot, exits, and
 * scripts/qemu-run.sh tells it from the other ways a run ends.
 */
#include <asm/traps.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>

#define TRAP_PF_ADDR	0xffffffffc0000000UL	/* above the kernel image: never mapped */

void trap_selftest(const char *which)
{
	printk("trapdoor: trap=%s: raising it in the kernel on purpose\n", which);
	if (strcmp(which, "ud") == 0)
		asm volatile(".global trap_ud_insn\ntrap_ud_insn: ud2");
	else if (strcmp(which, "pf") == 0)
		asm volatile(".global trap_pf_insn\ntrap_pf_insn: movq $1, (%0)" : : "r"(TRAP_PF_ADDR) : "memory");
	else if (strcmp(which, "de") == 0)
		asm volatile(".global trap_de_insn\ntrap_de_insn: divl %%ecx" : : "a"(1), "d"(0), "c"(0));
	else if (strcmp(which, "gp") == 0)	/* a non-canonical address: #GP, not #PF */
		asm volatile(".global trap_gp_insn\ntrap_gp_insn: movq (%0), %%rax"
			     : : "r"(0x8000000000000000UL) : "rax", "memory");
	else if (strcmp(which, "triple") == 0) {
		static const struct {
			uint16_t limit;
			uint64_t base;
		} __packed no_idt = { 0, 0 };
		asm volatile("lidt %0\n.global trap_triple_insn\ntrap_triple_insn: ud2" : : "m"(no_idt));
	} else
		printk("trapdoor: trap=%s: unknown; use ud, pf, de, gp or triple\n", which);
}
