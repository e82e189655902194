// SPDX-License-Identifier: MIT
/*
 * Host tests of the SYSRET-or-IRET decision (arch/x86/entry/sysret.h): one
 * frame SYSRET can return, then each condition broken on its own must send
 * the return through IRET. Removing any check from sysret.h turns one red.
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
	return tap_done();
}
