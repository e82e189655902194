/* SPDX-License-Identifier: MIT */
#ifndef _ASM_SYSCALL_H
#define _ASM_SYSCALL_H

#include <asm/ptrace.h>
#include <asm/syscall_nr_64.h>	/* generated: NR_syscalls */
#include <asm/syscall_nr_32.h>	/* generated: IA32_NR_syscalls */

/* Every slot of a system call table: a wrapper that reads its pt_regs. */
typedef long (*sys_call_ptr_t)(const struct pt_regs *);

/* Generated from the .tbl files by scripts/syscalltbl.sh. */
extern const sys_call_ptr_t sys_call_table[NR_syscalls];
extern const sys_call_ptr_t ia32_sys_call_table[IA32_NR_syscalls];
extern const char *const syscall_names[NR_syscalls];
extern const char *const ia32_syscall_names[IA32_NR_syscalls];

/* Called from arch/x86/entry/entry_64.asm (see arch/x86/entry/common.c). */
#include <stdbool.h>
bool do_syscall_64(struct pt_regs *regs, int nr);
void do_int80_syscall_32(struct pt_regs *regs);

/* The filler of every gap in both tables: -ENOSYS. */
long sys_ni_syscall(const struct pt_regs *regs);

#endif
