// SPDX-License-Identifier: MIT
/*
 * Ending the machine. QEMU is started with "-device isa-debug-exit": writing a
 * value v to its port makes QEMU exit at once with status (v << 1) | 1. So
 *
 *   EXIT_ALL_PASSED  (0x10) -> QEMU exits 33: every program exited with status 0
 *   EXIT_SOME_FAILED (0x11) -> QEMU exits 35: a program failed, was killed or refused
 *   EXIT_PANIC       (0x12) -> QEMU exits 37: the kernel panicked
 *
 * The values are chosen away from QEMU's own statuses: 0 when it stops by itself
 * (e.g. a triple fault with -no-reboot) and 1 when it fails (a bad option), so
 * neither can pass for success. scripts/qemu-run.sh maps 33, 35 and 37 to 0, 1
 * and 2; for anything else it reads QEMU's log and error output and says 3 (a
 * triple fault, QEMU failed) or 4 (you quit QEMU, or signalled it).
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
