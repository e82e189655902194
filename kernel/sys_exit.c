// SPDX-License-Identifier: MIT
/*
 * exit and exit_group. trapdoor programs have one thread, so the two are the
 * same: the program ends with status & 0xff, as wait() would report it.
 */
#include <trapdoor/program.h>
#include <trapdoor/syscalls.h>

SYSCALL_DEFINE1(exit, int, error_code)
{
	program_exit(error_code & 0xff);
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	program_exit(error_code & 0xff);
}
