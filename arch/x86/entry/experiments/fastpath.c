// SPDX-License-Identifier: MIT
/*
 * EXPERIMENT fastpath (make VARIANT=fastpath; docs/experiments.md): the C
 * half of experiments/fastpath.inc's exit, for a fast call that left work
 * (a signal it sent itself). The frame is whole again by now.
 */
#include <asm/page.h>
#include <trapdoor/compiler.h>
#include <trapdoor/signal.h>
#include "sysret.h"

__visible bool syscall_exit_work_64(struct pt_regs *regs);
__visible bool syscall_exit_work_64(struct pt_regs *regs)
{
	exit_to_user_mode_loop(regs, SYSCALL_ABI_64);
	return syscall_can_sysret(regs);
}

/* For fastpath.inc's return-address check: NASM cannot take it from asm-offsets. */
extern const unsigned long fast_task_size_max;
const unsigned long fast_task_size_max = TASK_SIZE_MAX;
