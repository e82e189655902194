// SPDX-License-Identifier: MIT
/*
 * Ending the machine. QEMU is started with "-device isa-debug-exit": writing a
 * value v to its port makes QEMU exit at once with status (v << 1) | 1. So
 *
 *   EXIT_ALL_PASSED  (0) -> QEMU exits 1: every program exited with status 0
 *   EXIT_SOME_FAILED (1) -> QEMU exits 3: a program failed, was killed or refused
 *   EXIT_PANIC       (2) -> QEMU exits 5: the kernel panicked
 *
 * and QEMU exiting 0 means the kernel never got to say (e.g. a triple fault with
 * -no-reboot). scripts/qemu-run translates these into 0, 1, 2 and 3.
 */
#include <asm/io.h>
#include <trapdoor/kernel.h>

#define ISA_DEBUG_EXIT_PORT	0xf4

void power_off(enum exit_code code)
{
	asm volatile("cli");
	outl(ISA_DEBUG_EXIT_PORT, code);
	for (;;)		/* without the device (a real machine): just stop */
		asm volatile("hlt");
}
