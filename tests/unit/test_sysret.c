// SPDX-License-Identifier: MIT
/*
 * Host tests of the SYSRET-or-IRET decision (arch/x86/entry/sysret.h): one
 * frame SYSRET can return, then each condition broken on its own must send
 * the return through IRET. Removing any check from sysret.h turns one red.
 * The same for the 32-bit fast entries' decision, syscall32_can_fast_return
 * (SYSEXIT or SYSRETL, or IRET): a frame as SYSENTER or SYSCALL from the vDSO
 * leaves it, then each condition broken alone.
 */
#include <stdio.h>
#include "sysret.h"
#include "tap.h"

static struct pt_regs good(void)
{
	struct pt_regs r = { 0 };

	r.ip = r.cx = 0x401000;
	r.flags = r.r11 = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	r.cs = __USER_CS;
	r.ss = __USER_DS;
	r.sp = 0x7fffffffe000;
	return r;
}

#define LANDING_PAD 0xf7ffd1d9UL	/* the vDSO's int80_landing_pad where trapdoor maps it */

/* What fast_syscall_32_regs() leaves for a plain getpid through the vDSO. */
static struct pt_regs good32(void)
{
	struct pt_regs r = { 0 };

	r.ip = LANDING_PAD;
	r.cs = __USER32_CS;
	r.ss = __USER_DS;
	r.flags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	r.sp = 0xffffd000;
	r.cx = 0xffffd100;		/* argument 2 (SYSCALL: from ebp), not a return address */
	r.r11 = 0;
	return r;
}

static void fast32(void)
{
	struct pt_regs r = good32();
	ok(syscall32_can_fast_return(&r, LANDING_PAD),
	   "32-bit: a frame as the vDSO's SYSENTER or SYSCALL left it may return by SYSEXIT/SYSRETL");

	r = good32(); r.ip = LANDING_PAD + 2;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD),
	   "32-bit: an ip other than the landing pad (a handler, a sigreturn) forces IRET");
	r = good32(); r.ip = LANDING_PAD - 2;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD),
	   "32-bit: ip rewound to the int $0x80 (a restart) forces IRET");
	r = good32(); r.ip = 0;
	ok(!syscall32_can_fast_return(&r, 0),
	   "32-bit: no vDSO (landing pad 0, a 64-bit program's SYSENTER) forces IRET");
	r = good32(); r.cs = __USER_CS;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD), "32-bit: a 64-bit cs forces IRET");
	r = good32(); r.cs = __KERNEL_CS;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD), "32-bit: a kernel cs forces IRET");
	r = good32(); r.ss = __KERNEL_DS;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD), "32-bit: an ss other than __USER_DS forces IRET");
	r = good32(); r.ss = 0;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD), "32-bit: a null ss forces IRET");
	r = good32(); r.flags |= X86_EFLAGS_TF;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD), "32-bit: TF set forces IRET");
	r = good32(); r.flags |= X86_EFLAGS_RF;
	ok(!syscall32_can_fast_return(&r, LANDING_PAD), "32-bit: RF set forces IRET");
	r = good32(); r.flags |= X86_EFLAGS_DF | X86_EFLAGS_AC;
	ok(syscall32_can_fast_return(&r, LANDING_PAD),
	   "32-bit: DF and AC (which the fast exits restore) do not force IRET");
	r = good32(); r.cx = 0x1234; r.r11 = 0x5678;
	ok(syscall32_can_fast_return(&r, LANDING_PAD),
	   "32-bit: cx and r11 are arguments or junk here, not the exit's ip and flags: no IRET for them");
}

int main(void)
{
	struct pt_regs r = good();
	ok(syscall_can_sysret(&r), "an untouched SYSCALL frame may return by SYSRET");

	r = good(); r.cx = 0x401002;
	ok(!syscall_can_sysret(&r), "rcx different from rip forces IRET");
	r = good(); r.ip = 0x401002;
	ok(!syscall_can_sysret(&r), "rip changed by the kernel (rcx stale) forces IRET");
	r = good(); r.r11 |= X86_EFLAGS_DF;
	ok(!syscall_can_sysret(&r), "r11 different from rflags forces IRET");
	r = good(); r.ip = r.cx = 0x800000000000UL;
	ok(!syscall_can_sysret(&r), "a non-canonical rip forces IRET (Intel's SYSRET #GP)");
	r = good(); r.ip = r.cx = TASK_SIZE_MAX;
	ok(!syscall_can_sysret(&r), "rip in the unmapped last user page forces IRET");
	r = good(); r.ip = r.cx = TASK_SIZE_MAX - 1;
	ok(syscall_can_sysret(&r), "rip just below the last user page may use SYSRET");
	r = good(); r.ip = r.cx = 0xffffffff80100000UL;
	ok(!syscall_can_sysret(&r), "a kernel rip forces IRET");
	r = good(); r.cs = __USER32_CS;
	ok(!syscall_can_sysret(&r), "a 32-bit cs forces IRET");
	r = good(); r.ss = __KERNEL_DS;
	ok(!syscall_can_sysret(&r), "an ss other than __USER_DS forces IRET");
	r = good(); r.flags = r.r11 = r.flags | X86_EFLAGS_TF;
	ok(!syscall_can_sysret(&r), "TF set forces IRET");
	r = good(); r.flags = r.r11 = r.flags | X86_EFLAGS_RF;
	ok(!syscall_can_sysret(&r), "RF set forces IRET");
	r = good(); r.flags = r.r11 = r.flags | X86_EFLAGS_DF | X86_EFLAGS_AC;
	ok(syscall_can_sysret(&r), "DF and AC (which SYSRET restores) do not force IRET");
	fast32();
	return tap_done();
}
