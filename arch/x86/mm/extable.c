// SPDX-License-Identifier: MIT
/*
 * The exception table: pairs (instruction that may fault, where to resume)
 * that _ASM_EXTABLE puts in section __ex_table (linker.ld collects them).
 */
#include <asm/traps.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

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
