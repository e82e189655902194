// SPDX-License-Identifier: MIT
/*
 * The C half of the system call entry: entry_64.asm has saved the user's
 * registers in pt_regs and cleared them; here we pick the table slot, call
 * it, and decide how to go back.
 */
#include <asm/nospec.h>
#include <asm/syscall.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/task.h>
#include <trapdoor/trace.h>
#include <trapdoor/vdso.h>
#include <asm/uaccess.h>
#include <asm/processor-flags.h>
#include <uapi/asm/errno.h>
#include "sysret.h"
#ifdef VARIANT_SYSRET_FLAG
#include "experiments/sysret-flag.h"	/* EXPERIMENT sysret-flag */
#endif

/* The gap filler of both tables. */
long sys_ni_syscall(const struct pt_regs *regs)
{
	(void)regs;
	return -ENOSYS;
}

/*
 * Call slot nr of a table. The wrapper gets regs; the result goes into the
 * frame found again at its fixed address (current_pt_regs()), so the compiler
 * need not keep regs alive across the call in a callee-saved register: that
 * would cost a push and a pop on every system call.
 */
static __always_inline void dispatch(const sys_call_ptr_t *table, unsigned int size,
				     struct pt_regs *regs, unsigned int nr)
{
	if (likely(nr < size)) {
		nr = array_index_nospec(nr, size);
		current_pt_regs()->ax = table[nr](regs);
	}				/* else pt_regs->ax stays -ENOSYS */
}

/* The tracer's path, out of line: the untraced path pays one test for it. */
static __attribute__((noinline)) void dispatch_traced(const sys_call_ptr_t *table, unsigned int size,
						      struct pt_regs *regs, unsigned int nr,
						      enum trace_abi abi, const char *how)
{
	trace_syscall_enter(regs, abi, nr, how);
	dispatch(table, size, regs, nr);
	trace_syscall_exit(regs);
}

/*
 * From entry_SYSCALL_64. nr is the low 32 bits of rax read as an int, as in
 * Linux: junk in the upper half is ignored, and a negative number is, as an
 * unsigned, far beyond the table. Returns true if SYSRET may be used.
 *
 * On the way out, one test of the work word: zero nearly always. Otherwise
 * (a signal is pending) the exit work may rewrite all of pt_regs, for a
 * handler or a restart; the SYSRET checks come after it and see the result.
 */
__visible bool do_syscall_64(struct pt_regs *regs, int nr)
{
#ifdef VARIANT_SYSRET_FLAG
	sysret_flag_entry(regs);		/* EXPERIMENT sysret-flag */
#endif
	if (unlikely(syscall_trace_enabled))
		dispatch_traced(sys_call_table, NR_syscalls, regs, nr, TRACE_ABI_64, NULL);
	else
		dispatch(sys_call_table, NR_syscalls, regs, nr);
	if (unlikely(task_work))
		exit_to_user_mode_loop(current_pt_regs(), SYSCALL_ABI_64);
#if defined(VARIANT_IRET_ONLY)
	return false;				/* EXPERIMENT iret-only: entry_64.asm does not ask */
#elif defined(VARIANT_SYSRET_FLAG)
	return sysret_flag_exit();		/* EXPERIMENT sysret-flag: one test */
#else
	return syscall_can_sysret(current_pt_regs());
#endif
}

/*
 * SYSENTER and SYSCALL lose registers int $0x80 keeps, so __kernel_vsyscall
 * (arch/x86/entry/vdso/vdso32.asm) saved them and passed them another way.
 * Put each back where int $0x80 would have left it, and the return address:
 * the vDSO's landing pad, just after its int $0x80, so that a restart
 * (ip - 2) goes in again by int $0x80. Returns false if the program's stack
 * cannot be read (it moved esp somewhere bad): the call then fails with
 * -EFAULT without running, as on Linux.
 */
static bool fast_syscall_32_regs(struct pt_regs *regs, int entry)
{
	unsigned long landing_pad = current->vdso32_pad;	/* 0 if no vDSO */
	uint32_t ebp;

	if (entry == ENTRY_SYSENTER) {
		regs->sp = regs->bp;		/* SYSENTER forgot esp: the vDSO copied it to ebp */
		regs->flags |= X86_EFLAGS_IF;	/* SYSENTER turned IF off; ring 3 always has it on */
		regs->ip = landing_pad;		/* and it forgot eip: the pad is the only way back */
	} else {
		regs->cx = regs->bp;		/* SYSCALL overwrote ecx: the vDSO copied it to ebp */
		if (landing_pad)		/* (a 64-bit program in compat mode has no vDSO: */
			regs->ip = landing_pad;	/*  it goes back after its SYSCALL, by IRET) */
	}
	/* Argument 6, ebp itself, is where the vDSO pushed it: at the top of the user's stack. */
	if (!get_user_u32(&ebp, (uint32_t)regs->sp)) {
		regs->ax = -EFAULT;
		return false;
	}
	regs->bp = ebp;
	return true;
}

static const char *const entry_names[] = {
	[ENTRY_INT80] = "int80", [ENTRY_SYSENTER] = "sysenter", [ENTRY_SYSCALL32] = "syscall32",
};

/* The ia32 ABI: the number in eax (its 32 bits, unsigned), the arguments in ebx, ecx, edx, esi, edi, ebp. */
static __always_inline void syscall_32(struct pt_regs *regs, int entry)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	if (unlikely(syscall_trace_enabled))
		dispatch_traced(ia32_sys_call_table, IA32_NR_syscalls, regs, nr, TRACE_ABI_IA32,
				entry_names[entry]);
	else
		dispatch(ia32_sys_call_table, IA32_NR_syscalls, regs, nr);
	if (unlikely(task_work))
		exit_to_user_mode_loop(current_pt_regs(), SYSCALL_ABI_IA32);
}

/* SYSENTER and SYSCALL: the registers put back, the call, and may the fast instruction return? */
static __always_inline bool fast_syscall_32(struct pt_regs *regs, int entry)
{
	if (!fast_syscall_32_regs(regs, entry)) {
		exit_to_user_mode(regs);
		return false;
	}
	syscall_32(regs, entry);
	return syscall32_can_fast_return(current_pt_regs(), current->vdso32_pad);
}

/*
 * The one C function behind the three 32-bit entries (entry_64_compat.asm):
 * int $0x80, SYSENTER and SYSCALL from compatibility mode; entry says which.
 * Returns true if a fast entry may leave by its own instruction (SYSEXIT,
 * SYSRETL; sysret.h says when). int $0x80 always leaves by IRET, and so does
 * a fast call whose sixth argument could not be read. (The fast entries'
 * extra work is inlined behind one test: int $0x80 pays that test and no
 * more, and the fast entries no call of their own.)
 */
__visible bool do_syscall_32(struct pt_regs *regs, int entry)
{
	if (entry != ENTRY_INT80)
		return fast_syscall_32(regs, entry);
	syscall_32(regs, ENTRY_INT80);
	return false;
}

/* The exit work for the other ways back to ring 3: exceptions and interrupts. */
__visible void exit_to_user_mode(struct pt_regs *regs)
{
	if (unlikely(task_work))
		exit_to_user_mode_loop(regs, NOT_A_SYSCALL);
}
