/* SPDX-License-Identifier: MIT */
#ifndef _ASM_UACCESS_H
#define _ASM_UACCESS_H

/*
 * The only way the kernel touches user memory (arch/x86/mm/uaccess.c).
 *
 * access_ok() rejects any range not wholly below TASK_SIZE_MAX: kernel and
 * non-canonical addresses never reach an instruction. A range that passes can
 * still fault (NULL, unmapped, running off the end of a mapping): the copying
 * instruction is listed in the exception table, so the page fault resumes at
 * a fixup instead of panicking, and the helper reports it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <asm/page.h>
#include <trapdoor/compiler.h>

static inline bool access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long addr = (unsigned long)ptr;

	return size <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - size;	/* no wrap-around */
}

/* Both return the number of bytes NOT copied: 0 on success. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);

/*
 * Copy a NUL-terminated string of at most count bytes. Returns its length
 * (without the NUL), count if no NUL came within count bytes (then dst is not
 * terminated), or -EFAULT.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/*
 * A structure that grows at its end, passed with the size the program was
 * built with (lib/usercopy.c): Linux's rules for openat2 and clone3. 0, or
 * -E2BIG (a larger structure whose unknown tail is not zero), or -EFAULT.
 */
int copy_struct_from_user(void *dst, size_t ksize, const void __user *src, size_t usize);
/* 1 if the size bytes at from are all zero, 0 if not, -EFAULT if unreadable. */
int check_zeroed_user(const void __user *from, size_t size);

/* An exception-table entry: if the instruction at insn faults, go to fixup. */
struct exception_table_entry {
	unsigned long insn, fixup;
};

#define _ASM_EXTABLE(from, to) \
	".pushsection __ex_table, \"a\"\n .balign 8\n .quad " #from ", " #to "\n .popsection\n"

extern bool smap_enabled;	/* arch/x86/kernel/cpu.c */

#endif
