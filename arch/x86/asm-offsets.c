// SPDX-License-Identifier: MIT
/*
 * Constants the assembly needs, taken from the C definitions so the two can
 * never disagree. The build compiles this file to assembly text (never to an
 * object) and scripts/asm-offsets.sh turns each "->NAME value" marker into a
 * NASM "%define NAME value" in build/gen/asm-offsets.inc.
 */
#include <stddef.h>
#include <asm/percpu.h>
#include <asm/ptrace.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/syscall.h>
#include <uapi/asm/errno.h>
#ifdef VARIANT_FASTPATH
#include <asm/syscall_nr_64.h>		/* EXPERIMENT fastpath: its table's size */
#endif

#define DEFINE(sym, val) asm volatile("\n.ascii \"->" #sym " %c0\"" : : "i"((long)(val)))
#define PTREGS(field)	 DEFINE(PTREGS_##field, offsetof(struct pt_regs, field))

_Static_assert(sizeof(struct pt_regs) == 21 * 8, "pt_regs is 21 quadwords");
_Static_assert(offsetof(struct pt_regs, orig_ax) == 0x78, "orig_ax sits below the hardware frame");

void asm_offsets(void);
void asm_offsets(void)
{
	PTREGS(r15); PTREGS(r14); PTREGS(r13); PTREGS(r12); PTREGS(bp); PTREGS(bx);
	PTREGS(r11); PTREGS(r10); PTREGS(r9); PTREGS(r8); PTREGS(ax); PTREGS(cx);
	PTREGS(dx); PTREGS(si); PTREGS(di); PTREGS(orig_ax);
	PTREGS(ip); PTREGS(cs); PTREGS(flags); PTREGS(sp); PTREGS(ss);
	DEFINE(SIZEOF_PTREGS, sizeof(struct pt_regs));

	DEFINE(PERCPU_user_rsp, offsetof(struct percpu, user_rsp));
	DEFINE(PERCPU_top_of_stack, offsetof(struct percpu, top_of_stack));

	DEFINE(__KERNEL_CS, __KERNEL_CS);
	DEFINE(__KERNEL_DS, __KERNEL_DS);
	DEFINE(__USER32_CS, __USER32_CS);
	DEFINE(__USER_DS, __USER_DS);
	DEFINE(__USER_CS, __USER_CS);
	DEFINE(ENOSYS, ENOSYS);
	DEFINE(X86_EFLAGS_IF, X86_EFLAGS_IF);

	DEFINE(ENTRY_INT80, ENTRY_INT80);
	DEFINE(ENTRY_SYSENTER, ENTRY_SYSENTER);
	DEFINE(ENTRY_SYSCALL32, ENTRY_SYSCALL32);
#ifdef VARIANT_FASTPATH
	DEFINE(NR_syscalls, NR_syscalls);
#endif
}
