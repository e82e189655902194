// SPDX-License-Identifier: MIT
/*
 * The exception table: pairs (instruction that may fault, where to resume)
 * that _ASM_EXTABLE puts in section __ex_table (linker.ld collects them).
 */
#include <asm/traps.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

/* Is ip a uaccess instruction, one allowed to fault on a user address? */
bool in_exception_table(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == ip)
			return true;
	return false;
}

/* If regs->ip is a listed instruction, move it to the fixup and say so. */
bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == regs->ip) {
			regs->ip = e->fixup;
			return true;
		}
	return false;
}
