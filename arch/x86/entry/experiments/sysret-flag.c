// SPDX-License-Identifier: MIT
/*
 * EXPERIMENT sysret-flag (make VARIANT=sysret-flag; docs/experiments.md):
 * SYSRET's checks run where pt_regs is written, not on every exit.
 */
#include <asm/sysret_flag.h>
#include "sysret.h"
#include "sysret-flag.h"

bool sysret_forbidden;		/* some writer left a frame SYSRET would get wrong */

void regs_changed(const struct pt_regs *regs)
{
	if (!syscall_can_sysret(regs))
		sysret_forbidden = true;
}
