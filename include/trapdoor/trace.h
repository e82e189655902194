/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_TRACE_H
#define _TRAPDOOR_TRACE_H

/*
 * The system call tracer (kernel/trace.c), switched on by the kernel option
 * "strace" (every call), "strace=write,getpid" (only those) or
 * "strace=summary" (a per-call table when each program ends). When it is off
 * the entry path pays one load and one untaken branch per hook.
 */
#include <stdbool.h>
#include <asm/ptrace.h>

enum trace_abi { TRACE_ABI_64, TRACE_ABI_IA32 };

extern bool syscall_trace_enabled;

void trace_init(void);
/* how: the 32-bit entry taken ("int80", "sysenter", "syscall32"), printed as <how>; NULL for SYSCALL */
void trace_syscall_enter(const struct pt_regs *regs, enum trace_abi abi, unsigned int nr, const char *how);
void trace_syscall_exit(const struct pt_regs *regs);
void trace_program_end(void);
#include <uapi/asm/signal.h>
void trace_signal(int sig, const siginfo_t *info);	/* --- SIGALRM {si_signo=SIGALRM, ...} --- */	/* finish a call that never returned; print the summary */

#endif
