// SPDX-License-Identifier: MIT
/*
 * trap=ud|pf|de|gp: raise an exception in the kernel on purpose, to see (and
 * let tests check) the panic report. Each faulting instruction has a global
 * label, so a test can find its address with nm and compare it with the RIP
 * the report prints.
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
	else
		printk("trapdoor: trap=%s: unknown; use ud, pf, de or gp\n", which);
}
